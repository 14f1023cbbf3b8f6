// File: spec/monitors/v2_data_fd_monitor.h
//
// V2DataFdMonitor: judges the v2 data transfer sessions from the trace
// alone, for the rules of spec/rules/v2_data_fd_rules.h.
//
// Per v2 device it follows device_state (V2DeviceView), every data_fd an arc
// returned (saving or resuming, active, closed, the end of stream seen in
// STOP_COPY, the last PRECOPY_INFO not yet followed by a read, the bytes
// moved so far with their running FNV-1a 64 as the read / write records
// carry it) and which fd the SET in progress opened. Sessions end where the
// header says they do: leaving the saving group or RESUMING, a failed arc
// into ERROR, reset, close of the device or of the fd.
//
// For RESUMING -> STOP it keeps a catalogue of whole saved streams, as
// (state size of the saving device, bytes, FNV-1a 64 of all of them): a
// stream is whole once a read delivered the length a STREAM_END record
// announced, or a read in STOP_COPY returned 0. The bytes written into the
// resuming fd must be one of them for the arc to succeed (the device's duty:
// "If the data is incomplete or invalid it" must fail SET_STATE). The
// user's duty is only where the bytes come from (004: "be taken from the
// data transfer output of a single FD during saving"): the output of one
// saving fd, whole or cut short (a migration that ended early is
// incomplete, which the device must refuse, not a user error). So the
// monitor also keeps every prefix of a saving fd's output that a read ended
// at (the read records carry the running digest only there); bytes accepted
// that are none of them (garbage, two fds mixed, another state size, cut
// where no read ended, or nothing at all) are the user's error. Segmentation
// does not matter otherwise: both sides digest the bytes in order.
#ifndef MIGSIM_SPEC_MONITORS_V2_DATA_FD_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_V2_DATA_FD_MONITOR_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/monitors/v2_device_view.h"

namespace migsim {

class V2DataFdMonitor final : public Monitor {
 public:
  explicit V2DataFdMonitor(const proto::Scenario& scenario);

  absl::string_view name() const override { return "v2_data_fd"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;
  void OnEnd(SimTime end_ns, ViolationSink& sink) override;

 private:
  struct Fd {
    uint16_t host = 0;
    bool resuming = false;
    bool active = true;
    bool closed = false;
    bool saw_end = false;     // a read returned 0 in STOP_COPY
    bool info_valid = false;  // a PRECOPY_INFO not yet followed by a read or change
    uint64_t info_total = 0;  // its initial_bytes + dirty_bytes
    std::optional<uint64_t> last_initial;
    uint64_t bytes = 0;   // moved so far
    uint64_t digest = 0;  // their running FNV-1a 64
  };
  struct Device {
    std::map<uint64_t, Fd> fds;  // by fd number
    std::optional<uint64_t> active_fd;
    bool in_set = false;
    std::optional<uint64_t> opened_in_set;
    bool failure_fired = false;             // an armed failure fired for the next call
    std::optional<uint64_t> announced_end;  // STREAM_END's length, not yet read
  };
  struct SavedStream {
    uint32_t state_words;
    uint64_t bytes;
    uint64_t digest;
    friend auto operator<=>(const SavedStream&, const SavedStream&) = default;
  };

  void OnArc(uint32_t device, const TraceRecord& r, ViolationSink& sink);
  void OnRead(uint32_t device, const TraceRecord& r, ViolationSink& sink);
  void OnWrite(uint32_t device, const TraceRecord& r, ViolationSink& sink);
  void OnPrecopyInfo(uint32_t device, const TraceRecord& r, ViolationSink& sink);
  void OnFeature(uint32_t device, const TraceRecord& r, ViolationSink& sink);
  void CheckResume(uint32_t device, const TraceRecord& r, ViolationSink& sink);
  void EndActive(Device& d);
  void Catalogue(uint32_t device, uint64_t bytes, uint64_t digest);
  // The fd a read / write / PRECOPY_INFO record names, or nullptr.
  Fd* FdOf(uint32_t device, uint64_t fd);

  std::vector<v2_oracle::V2DeviceView> views_;
  std::vector<Device> devices_;
  std::vector<SavedStream> saved_;
  std::set<SavedStream> read_prefixes_;  // every saving fd's output where a read ended
  bool read_prefixes_full_ = false;      // kReadPrefixesMax reached: stop adding and judging
};

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITORS_V2_DATA_FD_MONITOR_H_
