// File: spec/monitors/v2_activity_monitor.h
//
// V2ActivityMonitor: judges what a v2 device does in each state, for the
// rules of spec/rules/v2_state_rules.h, from the engine's DMA and interrupt
// records and the devices' internal-change records.
//
// Per v2 device it follows device_state (V2DeviceView) and remembers, per
// DMA in flight, the state the device was in when it issued it. A DMA's
// completion record says whether it reached a peer's BAR (P2P), so P2P is
// judged at completion: issued in a P2P-quiescent state => new P2P DMA;
// issued before and completing after the arc into one => not drained. In a
// stopped state every issue, completion and interrupt is a violation (the
// arc into it should have finished the device's DMA). Records of a closed
// device are not judged.
#ifndef MIGSIM_SPEC_MONITORS_V2_ACTIVITY_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_V2_ACTIVITY_MONITOR_H_

#include <cstdint>
#include <map>
#include <vector>

#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/monitors/v2_device_view.h"

namespace migsim {

class V2ActivityMonitor final : public Monitor {
 public:
  explicit V2ActivityMonitor(const proto::Scenario& scenario);

  absl::string_view name() const override { return "v2_activity"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;

 private:
  void OnDmaComplete(uint32_t device, const TraceRecord& r, ViolationSink& sink);

  std::vector<v2_oracle::V2DeviceView> views_;
  std::vector<std::map<uint64_t, uint32_t>> in_flight_;  // per device: dma id -> state at issue
};

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITORS_V2_ACTIVITY_MONITOR_H_
