// File: spec/monitors/stream_monitor.h
//
// StreamMonitor: judges, for every device family, that resuming reproduces
// the saved device's internal state exactly (rule STREAM-RESUME-EXACT,
// spec/rules/device_stream_rules.h). It reads only shared records:
// INTERNAL_CHANGE (the internal digest each device was left in by its last
// recorded change), STREAM_SAVE (stream bytes handed to the user),
// STREAM_END (a saving device finished a stream: the stream's digest) and
// RESUME_LOADED (a resuming device loaded a stream: the
// stream digest it saw and its internal digest after), matching a load to a
// saved stream by stream digest.
//
// What a stream must restore is the state the source device was in when it
// ended it, as the trace observed it (its last INTERNAL_CHANGE before the
// STREAM_SAVE that handed END's first byte to the user, from the
// STREAM_SAVE offsets and STREAM_END's length; after that the stream is
// ending, and a source the user sets running again in the same session
// cannot carry what it does next), not the digest the device's END record
// claims: a device that
// leaves part of its state out of the stream, and computes END's claim from
// what it serialized, must not pass (002_e161682a2f26ac74.txt: "The device
// captures its internal state and streams it through the migration
// window."). END comes only once the device is stopped (stop-and-copy), so
// the internal changes of pre-copy (SAVING|RUNNING, PRE_COPY) are all before
// it and legal, and later ones (the source resumed running after a failed
// migration) do not matter; a change inside stop-and-copy is the family
// monitors' to judge. When the trace recorded no internal change of the
// source at all (it is in the state it was built in, which no record
// states), the monitor falls back to END's claim.
//
// A successful load of a stream no device saved in this run, or one that
// leaves another internal state than the source's, is a device violation:
// reported on the source when the resumed state is the one END claims (the
// stream did not capture the source), else on the resuming device. Failed
// loads are not judged here (the family monitors judge what a failed load
// must do).
#ifndef MIGSIM_SPEC_MONITORS_STREAM_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_STREAM_MONITOR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "absl/container/btree_map.h"
#include "protos/scenario.pb.h"
#include "spec/monitor.h"

namespace migsim {

class StreamMonitor final : public Monitor {
 public:
  absl::string_view name() const override { return "stream"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;

 private:
  struct SavedStream {
    uint32_t device;
    uint16_t host;
    uint64_t session;
    uint64_t claimed;                  // the internal digest END says the stream describes
    std::optional<uint64_t> observed;  // the source's last recorded internal digest at END
  };
  // Bytes of a saving session handed to the user (STREAM_SAVE), each with
  // the source's internal digest at that moment.
  struct Handout {
    uint64_t end;                      // stream offset after these bytes
    std::optional<uint64_t> internal;  // the source's last INTERNAL_CHANGE digest then
  };
  struct Handouts {
    uint64_t session = 0;
    std::vector<Handout> list;
  };
  void OnResumeLoaded(const TraceRecord& r, ViolationSink& sink) const;

  absl::btree_map<uint64_t, SavedStream> saved_;  // by stream digest
  absl::btree_map<uint32_t, uint64_t> internal_;  // device -> last INTERNAL_CHANGE digest
  absl::btree_map<uint32_t, Handouts> handouts_;  // device -> its open session's handouts
};

// Adds a StreamMonitor when the topology has a device with a migration
// interface (V1_DEVICE or V2_DEVICE).
//
// Example (spec/monitor_set.cc):
//   AddStreamMonitor(scenario, monitors);
void AddStreamMonitor(const proto::Scenario& scenario, std::vector<std::unique_ptr<Monitor>>& out);

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITORS_STREAM_MONITOR_H_
