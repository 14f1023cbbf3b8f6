// File: spec/monitors/v1_save_monitor.h
//
// V1SaveMonitor: judges the SAVING protocol of every v1 device from the
// trace (steps a) to e) of 000_fc85d4adbcac4363.txt, a. to f. of 003):
// data_offset lies beyond the header (page aligned with a sparse-mmap data
// section) and the segment inside the region; data_size and the bytes read
// at data_offset are the segment the device announced (STREAM_SAVE);
// back-to-back pending_bytes reads of a stopped device agree; pending_bytes
// reads 0 in stop-and-copy only once the stream's end was handed out, and no
// data follows; after VFIO_DEVICE_RESET a stream starts afresh. And the
// user's side: no data_offset read for a segment after pending_bytes read 0.
#ifndef MIGSIM_SPEC_MONITORS_V1_SAVE_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_V1_SAVE_MONITOR_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/monitors/v1_device_view.h"

namespace migsim::v1 {

class V1SaveMonitor final : public Monitor {
 public:
  explicit V1SaveMonitor(const proto::Scenario& scenario);

  absl::string_view name() const override { return "v1_save"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;

 private:
  // The segment made available at the last data_offset read.
  struct OpenSegment {
    uint64_t data_offset = 0;
    uint64_t length = 0;
    uint64_t digest = 0;
    std::vector<uint8_t> bytes;  // as the user read them
    std::vector<uint8_t> seen;
    uint64_t seen_count = 0;
    bool judged = false;
  };
  struct Saving {
    uint64_t session = 0;
    uint64_t saved_bytes = 0;  // STREAM_SAVE bytes of the session
    bool end_seen = false;     // STREAM_END of the session
    uint64_t end_bytes = 0;
    bool end_of_stream = false;  // pending_bytes read 0 while !RUNNING
    bool fresh = false;          // a STREAM_SAVE since the last region access
    uint64_t fresh_length = 0;
    uint64_t fresh_digest = 0;
    std::optional<OpenSegment> segment;
    std::optional<uint64_t> last_pending;    // user: the last pending_bytes read
    std::optional<uint64_t> stable_pending;  // no other access since it was read
    bool bitmap_step = false;                // RFC: the next data_offset read is the bitmap's
    bool after_reset = false;                // the next stream must start at byte 0
  };
  struct PerDevice {
    V1DeviceView view;
    Saving s;
  };

  void OnRegionRead(PerDevice& d, const TraceRecord& r, ViolationSink& sink);
  void OnDataOffset(PerDevice& d, const TraceRecord& r, ViolationSink& sink);
  void OnPendingBytes(PerDevice& d, const TraceRecord& r, ViolationSink& sink);
  void OnWindowRead(PerDevice& d, const TraceRecord& r, absl::Span<const uint64_t> payload,
                    ViolationSink& sink);
  void OnStreamSave(PerDevice& d, const TraceRecord& r, ViolationSink& sink);
  void CheckFreshStream(PerDevice& d, const TraceRecord& r, ViolationSink& sink);

  std::vector<std::optional<PerDevice>> devices_;
};

}  // namespace migsim::v1

#endif  // MIGSIM_SPEC_MONITORS_V1_SAVE_MONITOR_H_
