// File: models/vmm/flow_registry.h
//
// The registry of VMM flows, by name: VmmMigrate.flow names one of these.
// Each row is data: {name, one-line description, the source it follows (a
// document section or QEMU function), factory}. The factory returns the
// FlowDefinition (models/vmm/flow_program.h) the executor runs.
//
// How to add a flow (your own VMM):
//   1. Write models/vmm/flow_<name>.cc defining `FlowDefinition MyFlow()`:
//      a program (a list of FlowSteps, each citing the document line or
//      function it follows) and a FlowStyle. Start from an existing flow's
//      program when yours differs in a few steps (see the naive flows).
//   2. Declare it below and add a row to kBuiltinFlows in flow_registry.cc.
//   3. Add a scenario to corpus/flows/ that runs it on
//      corpus/topologies/default.textproto's topology, and say in its header
//      which violations it must (or must not) produce.
// The bug zoo's VMM mutants are not flows of their own: each is a defect
// applied to whatever flow a vmm_migrate starts, selected by
// Topology.migration.vmm_model (models/vmm/zoo_flows.h), so ZooFlows() is
// empty.
#ifndef MIGSIM_MODELS_VMM_FLOW_REGISTRY_H_
#define MIGSIM_MODELS_VMM_FLOW_REGISTRY_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "models/vmm/flow_program.h"

namespace migsim::vmm {

using FlowFactory = FlowDefinition (*)();

// FlowEntry: one registered flow, as data.
struct FlowEntry {
  absl::string_view name;         // lower_snake_case; VmmMigrate.flow
  absl::string_view description;  // one line
  absl::string_view source;       // document section or QEMU function it follows
  FlowFactory factory;
};

// Every flow: the built-in ones, then ZooFlows(), in table order. The index
// of an entry is what MIGRATION_START records.
absl::Span<const FlowEntry> Flows();

// The flow called `name`, or nullptr.
const FlowEntry* FindFlow(absl::string_view name);
// Its index in Flows(). REQUIRES: FindFlow(name) != nullptr.
uint32_t FlowIndex(absl::string_view name);
// "reference, qemu_v1, ..." for error messages.
std::string FlowNames();

// The built-in flows, one file each.
// 002_e161682a2f26ac74.txt's reference save and resume flows (flow_reference.cc).
FlowDefinition ReferenceFlow();
// QEMU 6.2's v1 flows, qemu-flows.md scenarios 1 and 2 (flow_qemu_v1.cc).
FlowDefinition QemuV1Flow();
// QEMU 9.2.4's v2 flows, qemu-flows.md scenarios 7 and 8 (flow_qemu_v2.cc).
FlowDefinition QemuV2Flow();
// QEMU 8.0's STOP_COPY-only v2 flow, qemu-flows.md scenario 6 (flow_qemu_v2_basic.cc).
FlowDefinition QemuV2BasicFlow();
// Deliberately naive flows: the reference with the one step the
// documentation warns about done wrong.
FlowDefinition NaiveSkipGraceFlow();        // flow_naive_skip_grace.cc
FlowDefinition NaiveEarlyDirtyStopFlow();   // flow_naive_early_dirty_stop.cc
FlowDefinition NaiveResumeNoBarrierFlow();  // flow_naive_resume_no_barrier.cc

// Flows the bug zoo registers (models/vmm/zoo_flows.cc).
absl::Span<const FlowEntry> ZooFlows();

}  // namespace migsim::vmm

#endif  // MIGSIM_MODELS_VMM_FLOW_REGISTRY_H_
