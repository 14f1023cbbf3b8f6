// File: spec/signature.h
//
// Signature: the name under which a fuzz campaign, the minimizer and
// `migsim replay` recognise one bug, whatever input found it. It is the
// violated rule, the model that broke it and where in the protocol it broke:
//
//   <rule ID>.<model>.<where>
//   e.g. V2-PATH-SHORTEST.v2_reference.RUNNING-to-STOP
//        V1-STOP-STOPS.v1_skips_stop.v1_set_state
//        USER-V1-RMW.v1_reference.v1_write
//
// - rule ID: Rule.id (spec/rule.h), e.g. "V2-DATA-FD-ENDS-ON-LEAVE".
// - model: SimDevice::model_name() of the violation's device ("v2_reference",
//   a zoo mutant's name, a test model's name); for a rule about a host
//   (Violation.device == kNoDevice) the host's IOMMU model: the scenario's
//   Host.iommu_model when the scenario language has such a field and it is
//   set, else "iommu_reference"; for a whole-VM rule the VMM owns
//   ("USER-VM-...", spec/rules/vmm_rules.h) the VMM model:
//   Topology.migration.vmm_model when set (a zoo VMM mutant), else
//   "vmm_reference", whatever device or host the violation names.
// - where: for a violation raised while an action moved a v2 device through
//   its FSM (v2_set_state, a raw v2_feature SET, a whole-VM flow step), the
//   last arc of that device the trace shows in that action up to the
//   violation's record, as "<FROM>-to-<TO>" with the uAPI state names
//   (models/v2/mig_fsm.h StateName). The arc says more than the action kind:
//   one SET walks several arcs and a driver bug lives in one of them.
//   Otherwise the kind of the action the violation was found in, as the
//   Action oneof field name ("v1_set_state", "device_dma"); "end" for a
//   violation found after the last action (a monitor's end-of-run check).
//
// Every part keeps only [A-Za-z0-9_-] (others become '_') and at most 64
// bytes, so a signature is a safe file or directory name on any filesystem
// and never contains '/', '.' inside a part, or spaces. The same scenario
// always yields the same signature (it is computed from the trace, which is
// deterministic), and minimizing a scenario keeps it by construction.
#ifndef MIGSIM_SPEC_SIGNATURE_H_
#define MIGSIM_SPEC_SIGNATURE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "protos/scenario.pb.h"
#include "sim/world.h"
#include "spec/verdict.h"

namespace migsim {

// The parts of a signature, each already made filesystem-safe.
struct SignatureParts {
  std::string rule;   // Rule.id
  std::string model;  // model_name() of the device, or the host's IOMMU model
  std::string where;  // "<FROM>-to-<TO>", an action kind, or "end"

  // "<rule>.<model>.<where>".
  std::string ToString() const;
};

// The signature of `violation`, found in the run of `scenario` that left
// `world`.
// REQUIRES: `violation` comes from judging `scenario` into `world`, and the
// run kept its records (JudgeOptions::keep_records); without them the arc
// cannot be seen and `where` falls back to the action kind.
SignatureParts SignatureOf(const proto::Scenario& scenario, const World& world,
                           const Violation& violation);

// Makes `text` a safe signature part: [A-Za-z0-9_-] kept, others '_', at
// most 64 bytes, "none" when empty.
std::string SignaturePart(absl::string_view text);

}  // namespace migsim

#endif  // MIGSIM_SPEC_SIGNATURE_H_
