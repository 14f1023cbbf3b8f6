// File: spec/monitors/vmm_outcome_monitor.h
//
// VmmOutcomeMonitor: a migration either completes or fails back to a
// running source, never a silent half-state (rule
// USER-VM-COMPLETE-OR-ROLLBACK, spec/rules/vmm_rules.h). At each
// VMM_MIGRATION_END it checks, from the device and vCPU records it
// followed:
//   - completed: every destination device loaded its stream in this
//     migration and is RUNNING, the destination runs the vCPUs the source
//     ran at the start, the source devices are out of RUNNING and the source
//     vCPUs stopped;
//   - failed: every source device is RUNNING, the vCPUs the source ran at
//     the start run again, and no destination vCPU runs;
//   - aborted (the VMM gave up loudly, as QEMU's hw_error): not judged.
#ifndef MIGSIM_SPEC_MONITORS_VMM_OUTCOME_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_VMM_OUTCOME_MONITOR_H_

#include <string>
#include <vector>

#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/monitors/vmm_view.h"

namespace migsim {

class VmmOutcomeMonitor final : public Monitor {
 public:
  explicit VmmOutcomeMonitor(const proto::Scenario& scenario);

  absl::string_view name() const override { return "vmm_outcome"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;

 private:
  // What is wrong with the end state of an `outcome`, or "".
  std::string Problems(uint64_t outcome) const;

  vmm_oracle::VmmView view_;
  std::vector<bool> loaded_;     // per pair: the destination loaded in this migration
  std::vector<bool> src_open_;   // per pair: the source device was open when it began
  std::vector<uint32_t> vcpus_;  // per host: vCPU count
};

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITORS_VMM_OUTCOME_MONITOR_H_
