// File: spec/monitors/v1_activity_monitor.h
//
// V1ActivityMonitor: judges what a v1 device does in each state, from the
// trace: a !RUNNING device issues no DMA, raises no interrupt and changes no
// internal state; a RUNNING|NDMA device issues no DMA and raises no
// interrupt; a write into NDMA or !RUNNING returns with no DMA in flight; an
// NDMA-capable device in ERROR behaves as NDMA; and the user sends no MMIO
// (vCPU or peer-to-peer) to a !RUNNING device. ERROR is "largely undefined"
// (002) and is judged only for NDMA-capable devices.
// Rules: V1-STOP-STOPS, V1NDMA-STOP-QUIET, V1NDMA-NDMA-NO-NEW-DMA,
// V1NDMA-QUIESCE-DRAINED, V1NDMA-ERROR-AS-NDMA, USER-V1NDMA-NO-MMIO-STOPPED.
#ifndef MIGSIM_SPEC_MONITORS_V1_ACTIVITY_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_V1_ACTIVITY_MONITOR_H_

#include <optional>
#include <vector>

#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/monitors/v1_device_view.h"

namespace migsim::v1 {

class V1ActivityMonitor final : public Monitor {
 public:
  explicit V1ActivityMonitor(const proto::Scenario& scenario) : views_(MakeViews(scenario)) {}

  absl::string_view name() const override { return "v1_activity"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;

 private:
  // The device did `what` (a DMA issue, an interrupt): allowed in its state?
  void CheckInitiated(const V1DeviceView& v, const TraceRecord& r, const char* what,
                      ViolationSink& sink);
  void CheckInternalChange(const V1DeviceView& v, const TraceRecord& r, ViolationSink& sink);
  // After a device_state write returned: DMA still in flight?
  void CheckDrained(const V1DeviceView& v, const TraceRecord& r, ViolationSink& sink);

  std::vector<std::optional<V1DeviceView>> views_;
};

}  // namespace migsim::v1

#endif  // MIGSIM_SPEC_MONITORS_V1_ACTIVITY_MONITOR_H_
