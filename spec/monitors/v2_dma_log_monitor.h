// File: spec/monitors/v2_dma_log_monitor.h
//
// V2DmaLogMonitor: judges the v2 devices' own DMA logging
// (VFIO_DEVICE_FEATURE_DMA_LOGGING_START / STOP / REPORT) from the trace, for
// the rules of spec/rules/v2_dma_logging_rules.h.
//
// Per v2 device it keeps whether logging is on, the ranges START logged, and
// the IOVA bytes the device's successful DMA writes covered inside those
// ranges since the last REPORT that covered them ("owed", as merged
// intervals). A successful REPORT must set the bit of every report page
// overlapping an owed interval inside its range, and keep every bit the
// user had set; any REPORT, successful or not, settles its range (after a
// failed one the user must treat the log as corrupt and start over).
#ifndef MIGSIM_SPEC_MONITORS_V2_DMA_LOG_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_V2_DMA_LOG_MONITOR_H_

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/monitors/v2_device_view.h"

namespace migsim {

class V2DmaLogMonitor final : public Monitor {
 public:
  explicit V2DmaLogMonitor(const proto::Scenario& scenario);

  absl::string_view name() const override { return "v2_dma_log"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;

 private:
  struct Log {
    bool on = false;
    std::vector<std::pair<uint64_t, uint64_t>> ranges;  // [first, end) bytes
    std::map<uint64_t, uint64_t> owed;                  // first -> end, disjoint
  };

  void OnReport(uint32_t device, const TraceRecord& r, absl::Span<const uint64_t> payload,
                ViolationSink& sink);
  static void AddOwed(Log& log, uint64_t first, uint64_t end);
  static void Settle(Log& log, uint64_t first, uint64_t end);

  std::vector<v2_oracle::V2DeviceView> views_;
  std::vector<Log> logs_;
};

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITORS_V2_DMA_LOG_MONITOR_H_
