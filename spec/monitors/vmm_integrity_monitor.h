// File: spec/monitors/vmm_integrity_monitor.h
//
// VmmIntegrityMonitor: "the destination VM equals the source VM at the stop
// point", for the rules USER-VM-RAM-MATCHES, VM-DEVICE-MATCHES and
// USER-VM-STREAM-TRANSPORTED (spec/rules/vmm_rules.h), from the trace
// alone:
//   - RAM: the VMM's COMMIT record carries the destination's RAM digest and
//     the source's at the stop point, and the pages that differ. For each
//     differing page the monitor explains why from what it followed: the
//     last write to it on the source (DMA completions translated through its
//     own copy of the IOMMU mappings, vCPU stores), the channel messages
//     that carried it (CHANNEL_SEND / CHANNEL_RECEIVE) and the faults that
//     hit them. A page last written after its last copy was sent is a lost
//     dirty page: the violation names the page, the device and the write
//     (time, DMA id). A page written after the stop point is not the VMM's
//     doing (the device rules judge a device that wrote in a stopped state)
//     and is not reported here;
//   - device streams: every segment a paired source device's stream put on
//     the channel must arrive, intact and in order, before its destination
//     device loads (RESUME_LOADED) or the migration ends;
//   - device state: a destination device that loads successfully during a
//     migration, from an intact stream, must hold the internal-state digest
//     its source had at the stop point (the STOP_POINT record's payload),
//     unless the source device was in a running state at or after the stop
//     point (reset by the user, say), where its state may legitimately
//     change, or the stream it loaded was begun before the migration started
//     (the user put the source in SAVING beforehand: 002's reference flow
//     starts from RUNNING, and "When the migration window reaches an end of
//     stream the saving is concluded and there is no further data", so such
//     a stream need not describe the stop point), or had reached its end
//     (STREAM_END) before the stop point, for the same reason: its state is
//     the one at its end, which STREAM-RESUME-EXACT judges.
#ifndef MIGSIM_SPEC_MONITORS_VMM_INTEGRITY_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_VMM_INTEGRITY_MONITOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/monitors/vmm_view.h"

namespace migsim {

class VmmIntegrityMonitor final : public Monitor {
 public:
  explicit VmmIntegrityMonitor(const proto::Scenario& scenario);

  absl::string_view name() const override { return "vmm_integrity"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;

 private:
  // The last write to a guest page: a DMA (device, dma id) or a vCPU store.
  struct Write {
    uint64_t seen = 0;  // the monitor's record counter when it happened
    SimTime time_ns = 0;
    uint64_t dma_id = 0;  // 0 for a vCPU store
    uint32_t writer = 0;  // device index, or vCPU index for a store
  };
  // A channel message as sent or received.
  struct Message {
    uint64_t seq = 0;
    uint64_t where = 0;  // RAM: first page; device: pair
    uint64_t size = 0;   // RAM: pages; device: bytes
    uint64_t digest = 0;
    uint64_t seen = 0;
    SimTime time_ns = 0;
    bool stale = false;  // received after the destination committed
  };
  struct Mapping {
    uint64_t size = 0;
    bool ram = false;
    uint64_t gpa = 0;
  };
  struct StopPoint {
    uint64_t seen = 0;
    SimTime time_ns = 0;
    std::vector<uint64_t> device_digests;  // per pair
  };

  void StartMigration();
  void OnChannel(const TraceRecord& r);
  void NoteDmaWrite(const TraceRecord& r);
  void NoteStore(const TraceRecord& r);
  void OnCommit(const TraceRecord& r, absl::Span<const uint64_t> differ, ViolationSink& sink);
  void OnLoaded(const TraceRecord& r, ViolationSink& sink);
  // Judges pair `pair`'s stream once; true when it arrived intact.
  bool CheckStream(size_t pair, const TraceRecord& r, ViolationSink& sink);
  // Why destination page `page` differs; `excused` when written after the stop point.
  std::string ExplainPage(uint64_t page, bool* excused) const;
  std::string DescribeWrite(const Write& w) const;
  std::string FaultOf(uint64_t seq) const;

  vmm_oracle::VmmView view_;
  uint64_t seen_ = 0;
  std::vector<uint64_t> page_size_;                       // per host
  std::vector<absl::btree_map<uint64_t, Mapping>> maps_;  // per host: iova -> mapping
  std::vector<absl::btree_map<uint64_t, Write>> writes_;  // per host: page -> last write
  // The migration in progress (or the last one).
  std::optional<StopPoint> stop_;
  std::vector<Message> ram_sent_;
  std::vector<Message> ram_received_;                  // arrival order
  std::vector<std::vector<Message>> device_sent_;      // per pair
  std::vector<std::vector<Message>> device_received_;  // per pair, arrival order
  std::vector<int8_t> stream_state_;                   // per pair: -1 unchecked, 0 bad, 1 intact
  std::vector<bool> source_ran_;                       // per pair: the source ran after the stop
  std::vector<bool> fresh_session_;  // per pair: the source began a stream in this migration
  std::vector<bool> stream_ended_;   // per pair: the source's latest stream reached its END
  std::vector<bool> ended_at_stop_;  // per pair: ... before the stop point of this migration
  absl::btree_map<uint64_t, uint64_t> faults_;  // seq -> ChannelFault
};

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITORS_VMM_INTEGRITY_MONITOR_H_
