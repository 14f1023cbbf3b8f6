// File: spec/monitors/vmm_dirty_monitor.h
//
// VmmDirtyMonitor: when the VMM may stop DMA dirty tracking, for the rule
// USER-VM-DIRTY-STOP-QUIESCED (spec/rules/vmm_rules.h). While a migration
// is in progress and not recovering (after a failure the log has no use
// left), a successful VFIO_IOMMU_DIRTY_PAGES STOP on the source host needs
// every paired source device unable to DMA, and a successful v2
// DMA_LOGGING_STOP of a paired source device needs that device unable to.
#ifndef MIGSIM_SPEC_MONITORS_VMM_DIRTY_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_VMM_DIRTY_MONITOR_H_

#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/monitors/vmm_view.h"

namespace migsim {

class VmmDirtyMonitor final : public Monitor {
 public:
  explicit VmmDirtyMonitor(const proto::Scenario& scenario) : view_(scenario) {}

  absl::string_view name() const override { return "vmm_dirty"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;

 private:
  vmm_oracle::VmmView view_;
};

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITORS_VMM_DIRTY_MONITOR_H_
