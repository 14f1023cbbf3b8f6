// File: spec/monitors/stream_monitor.h
//
// StreamMonitor: judges, for every device family, that resuming reproduces
// the saved internal state exactly (rule STREAM-RESUME-EXACT,
// spec/rules/device_stream_rules.h). It reads only the shared records
// STREAM_END (a saving device finished a stream: its digest and the
// internal-state digest it describes) and RESUME_LOADED (a resuming device
// loaded a stream: the stream digest it saw and its internal digest after),
// matching them by stream digest. A successful load of a stream no device
// saved in this run, or one that leaves another internal state than the
// saved one, is a device violation. Failed loads are not judged here (the
// family monitors judge what a failed load must do).
#ifndef MIGSIM_SPEC_MONITORS_STREAM_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_STREAM_MONITOR_H_

#include <cstdint>
#include <memory>
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
    uint64_t session;
    uint64_t internal_digest;
  };
  absl::btree_map<uint64_t, SavedStream> saved_;  // by stream digest
};

// Adds a StreamMonitor when the topology has a device with a migration
// interface (V1_DEVICE or V2_DEVICE).
//
// Example (spec/monitor_set.cc):
//   AddStreamMonitor(scenario, monitors);
void AddStreamMonitor(const proto::Scenario& scenario, std::vector<std::unique_ptr<Monitor>>& out);

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITORS_STREAM_MONITOR_H_
