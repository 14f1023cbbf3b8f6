// File: models/vmm/zoo_flows.h
//
// The bug zoo's VMM mutants: each is the VMM with ONE small defect a real
// VMM could ship, expressed as a transformation of a flow program
// (models/vmm/flow_program.h: a step dropped, moved, or visiting the
// devices in another order, or another recovery). A scenario selects one
// with Topology.migration.vmm_model (protos/vmm.proto), and the defect is
// applied to whatever flow each vmm_migrate starts, so the fuzz harness's
// MIGSIM_FUZZ_MODEL and `--model=NAME` (zoo::UseModel) select it through
// the fixed topology while the fuzzer owns the actions. A flow that lacks
// the step a mutant changes cannot take it: validation names the action's
// flow field (VmmVariantMisfit), never a silent run of the reference.
//
// Each variant names the spec clause its defect breaks and the whole-VM
// rule (spec/rules/vmm_rules.h) the oracle is expected to raise; the zoo
// (models/zoo/vmm_mutants.cc) lists them as Target::kVmm entries, and
// tests/zoo/zoo_trigger_test.cc holds a trigger scenario for each.
//
// Example:
//   const VmmVariant* v = FindVmmVariant("vmm_no_final_dirty_sync");
//   FlowDefinition flow = ReferenceFlow();
//   if (v != nullptr && VmmVariantMisfit(*v, flow).empty()) flow = v->apply(flow);
#ifndef MIGSIM_MODELS_VMM_ZOO_FLOWS_H_
#define MIGSIM_MODELS_VMM_ZOO_FLOWS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "models/vmm/flow_program.h"

namespace migsim::vmm {

// VmmVariant: one VMM mutant, as data. Plain static data; thread-safe.
struct VmmVariant {
  absl::string_view name;           // "vmm_..."; Topology.migration.vmm_model
  absl::string_view description;    // one line: the defect
  absl::string_view clause;         // "file: \"verbatim phrase\"" the defect breaks
  absl::string_view expected_rule;  // the whole-VM rule ID the oracle should raise
  // What a flow must hold for the defect to apply, in words ("a dirty_sync
  // step after stop_point"), for NeedsText and error messages.
  absl::string_view needs;
  // "" when `flow` holds what the defect changes, else what it lacks.
  std::string (*misfit)(const FlowDefinition& flow);
  // The flow with the defect. REQUIRES: misfit(flow) is empty.
  FlowDefinition (*apply)(FlowDefinition flow);
};

// Every VMM mutant, in ascending name order.
absl::Span<const VmmVariant> VmmVariants();

// The variant called `name`, or nullptr.
const VmmVariant* FindVmmVariant(absl::string_view name);

// "" when `variant` can change `flow`, else what the flow lacks ("no
// dirty_sync step after stop_point").
std::string VmmVariantMisfit(const VmmVariant& variant, const FlowDefinition& flow);

// `flow` with `variant`'s defect. REQUIRES: VmmVariantMisfit is empty
// (MIGSIM_CHECK: a validated scenario never starts a misfit).
FlowDefinition ApplyVmmVariant(const VmmVariant& variant, FlowDefinition flow);

// "vmm_a, vmm_b, ..." for error messages.
std::string VmmVariantNames();

}  // namespace migsim::vmm

#endif  // MIGSIM_MODELS_VMM_ZOO_FLOWS_H_
