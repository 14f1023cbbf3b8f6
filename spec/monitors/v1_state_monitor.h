// File: spec/monitors/v1_state_monitor.h
//
// V1StateMonitor: judges device_state and the header of every v1 device from
// the trace: field widths and the reserved field, which combinations are
// reachable per variant, that a successful write commits the written value
// and a failed one leaves the prior state or ERROR, no asynchronous changes,
// reset and open to RUNNING, the bit-group priority order of 002, RESUMING
// always enterable, stop-and-copy not requiring pending_bytes to reach zero,
// a failed stream load failing the !RESUMING write; and the user's
// read-modify-write, field widths and reset-after-ERROR.
// Rules: spec/rules/v1_region_rules.h, v1_rfc_rules.h, v1_ndma_rules.h.
#ifndef MIGSIM_SPEC_MONITORS_V1_STATE_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_V1_STATE_MONITOR_H_

#include <optional>
#include <vector>

#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/monitors/v1_device_view.h"

namespace migsim::v1 {

class V1StateMonitor final : public Monitor {
 public:
  explicit V1StateMonitor(const proto::Scenario& scenario) : views_(MakeViews(scenario)) {}

  absl::string_view name() const override { return "v1_state"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;

 private:
  void OnRead(const V1DeviceView& v, const TraceRecord& r, ViolationSink& sink);
  void OnWriteBegin(const V1DeviceView& v, const TraceRecord& r, ViolationSink& sink);
  void OnWriteEnd(const V1DeviceView& v, const TraceRecord& r, ViolationSink& sink);
  void OnStateWriteOk(const V1DeviceView& v, const TraceRecord& r, ViolationSink& sink);
  void OnStateWriteFailed(const V1DeviceView& v, const TraceRecord& r, ViolationSink& sink);
  void OnStateChange(const V1DeviceView& v, const TraceRecord& r, ViolationSink& sink);
  void OnOpenOrReset(const V1DeviceView& v, const TraceRecord& r, ViolationSink& sink);
  // Reports `state` when the device's variant never allows it. `how` says
  // where it was seen ("read", "committed", ...).
  void CheckReachable(const V1DeviceView& v, const TraceRecord& r, uint32_t state, const char* how,
                      ViolationSink& sink);
  // A device_state read that differs from the committed state: reports it
  // under the rule of the event that set the state, then resyncs the view.
  void ReportMismatch(const V1DeviceView& v, const TraceRecord& r, uint32_t read,
                      ViolationSink& sink);
  void CheckPriority(const V1DeviceView& v, const TraceRecord& r, bool complete,
                     ViolationSink& sink);

  std::vector<std::optional<V1DeviceView>> views_;
};

}  // namespace migsim::v1

#endif  // MIGSIM_SPEC_MONITORS_V1_STATE_MONITOR_H_
