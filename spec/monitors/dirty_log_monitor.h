// File: spec/monitors/dirty_log_monitor.h
//
// DirtyLogMonitor: judges each host's IOMMU dirty log (VFIO_IOMMU_DIRTY_PAGES)
// from the trace alone, for rules IOMMU-DIRTY-LOGS-DMA-WRITES and
// IOMMU-DIRTY-READ-CLEARS (spec/rules/system_view_rules.h).
//
// It keeps, per host, the IOVA pages a successful DMA write dirtied while
// tracking was on and no GET_BITMAP has reported yet ("owed"), and the pages
// reported since their last write ("cleared"). A successful START forgets
// both (it clears the log); a successful UNMAP forgets its range (type1 drops
// the bitmap of an unmapped vfio_dma).
#ifndef MIGSIM_SPEC_MONITORS_DIRTY_LOG_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_DIRTY_LOG_MONITOR_H_

#include <cstdint>
#include <map>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "protos/scenario.pb.h"
#include "spec/monitor.h"

namespace migsim {

class DirtyLogMonitor final : public Monitor {
 public:
  explicit DirtyLogMonitor(const proto::Scenario& scenario);

  absl::string_view name() const override { return "dirty_log"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;

 private:
  // A DMA write the log owes the user, kept to explain a loss.
  struct OwedWrite {
    uint64_t dma_id;
    uint32_t device;
    SimTime time_ns;
  };
  struct HostLog {
    uint64_t page_size = 0;
    bool tracking = false;
    absl::btree_map<uint64_t, OwedWrite> owed;  // IOVA page -> the write
    absl::btree_set<uint64_t> cleared;          // reported, not written since
  };

  void OnBitmap(HostLog& log, const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink);

  std::vector<HostLog> hosts_;
};

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITORS_DIRTY_LOG_MONITOR_H_
