// File: spec/monitors/v1_resume_monitor.h
//
// V1ResumeMonitor: judges the RESUMING protocol of every v1 device from the
// trace (steps a) to d) of 000_fc85d4adbcac4363.txt): each data_size write
// consumes exactly the bytes the user wrote at data_offset (the device's
// STREAM_LOAD matches the window bytes), and, on the user's side, the
// segments written are, in size and order, the segments of one stream saved
// in this run (STREAM_SAVE records of any device). Segment identity is by
// length and FNV-1a 64 digest of the bytes.
//
// The monitor mirrors the data section as region memory: entering RESUMING
// initializes it (000: RESUMING "enables and initializes the migration
// region data window"; 002: "The data window is cleared"), every window
// write stores the bytes it moved (also those a failing write moved before
// its error) at their region offsets, and nothing else changes them: not a
// data_offset read, not a data_size write. A data_size write is judged
// against the bytes at the data_offset the user last read in this session;
// when the user read none (skipping step a), the monitor does not know
// where the segment lies and judges neither side of that write.
#ifndef MIGSIM_SPEC_MONITORS_V1_RESUME_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_V1_RESUME_MONITOR_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/monitors/v1_device_view.h"

namespace migsim::v1 {

class V1ResumeMonitor final : public Monitor {
 public:
  explicit V1ResumeMonitor(const proto::Scenario& scenario);

  absl::string_view name() const override { return "v1_resume"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;

 private:
  struct SegmentId {
    uint64_t length;
    uint64_t digest;
    friend bool operator==(const SegmentId& a, const SegmentId& b) {
      return a.length == b.length && a.digest == b.digest;
    }
  };
  using StreamKey = std::pair<uint32_t, uint64_t>;  // (saving device, session)
  struct Resuming {
    uint64_t data_offset = 0;  // last data_offset read while RESUMING
    bool offset_known = false;
    std::vector<uint8_t> region;     // the data section as written, by region offset
    uint64_t segments = 0;           // segments written in this session
    std::set<StreamKey> candidates;  // saved streams it may still be (from segment 1)
    bool diverged = false;           // already reported
  };
  struct PerDevice {
    V1DeviceView view;
    Resuming r;
  };

  void OnWindowWrite(PerDevice& d, const TraceRecord& r, absl::Span<const uint64_t> payload);
  void OnDataSizeWritten(PerDevice& d, const TraceRecord& r, ViolationSink& sink);
  void StartResuming(PerDevice& d);

  std::vector<std::optional<PerDevice>> devices_;
  std::map<StreamKey, std::vector<SegmentId>> saved_;  // ordered: deterministic output
};

}  // namespace migsim::v1

#endif  // MIGSIM_SPEC_MONITORS_V1_RESUME_MONITOR_H_
