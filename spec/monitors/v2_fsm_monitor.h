// File: spec/monitors/v2_fsm_monitor.h
//
// V2FsmMonitor: judges the v2 FSM and the core's VFIO_DEVICE_FEATURE
// replies from the trace alone, for the rules of spec/rules/v2_fsm_rules.h.
//
// Per v2 device it keeps the device_state the arc records left (V2DeviceView)
// and the SET in progress: the state it started in, the state requested, the
// path the header's rules demand (spec/monitors/v2_header_fsm.h, never the
// model's table) and the arcs seen so far. Each arc is checked as it comes
// (an FSM arc of the device's flags, from the current state, the next step
// of the demanded path); the SET's return is checked against where the arcs
// left the device and against what the core must write back.
#ifndef MIGSIM_SPEC_MONITORS_V2_FSM_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_V2_FSM_MONITOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/monitors/v2_device_view.h"

namespace migsim {

class V2FsmMonitor final : public Monitor {
 public:
  // More arcs than this in one SET means it would never return: twice the
  // longest path of any defined flag set (4).
  static constexpr size_t kSetArcsBound = 8;

  explicit V2FsmMonitor(const proto::Scenario& scenario);

  absl::string_view name() const override { return "v2_fsm"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;
  void OnEnd(SimTime end_ns, ViolationSink& sink) override;

 private:
  // A SET between its kV2RecordSetBegin and kV2RecordSetReturn.
  struct OpenSet {
    uint32_t start = 0;
    uint32_t requested = 0;
    std::optional<std::vector<uint32_t>> path;  // nullopt: the SET must fail
    size_t arcs = 0;
    bool refusal_reported = false;
    bool path_reported = false;
    bool bound_reported = false;
    uint16_t host = 0;
  };

  void OnSetBegin(uint32_t device, const TraceRecord& r, ViolationSink& sink);
  void OnArc(uint32_t device, const TraceRecord& r, ViolationSink& sink);
  void OnSetReturn(uint32_t device, const TraceRecord& r, ViolationSink& sink);
  void OnFeature(uint32_t device, const TraceRecord& r, ViolationSink& sink);
  // Reports the rule a SET that must fail broke by moving (once per SET).
  void ReportRefusal(uint32_t device, OpenSet& set, const std::string& what,
                     ViolationSink& sink);

  std::vector<v2_oracle::V2DeviceView> views_;
  std::vector<std::optional<OpenSet>> sets_;
};

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITORS_V2_FSM_MONITOR_H_
