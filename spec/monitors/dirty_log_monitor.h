// File: spec/monitors/dirty_log_monitor.h
//
// DirtyLogMonitor: judges each host's IOMMU dirty log (VFIO_IOMMU_DIRTY_PAGES)
// from the trace alone, for rules IOMMU-DIRTY-LOGS-DMA-WRITES,
// IOMMU-DIRTY-READ-CLEARS and IOMMU-DIRTY-START-CLEARS
// (spec/rules/system_view_rules.h).
//
// It keeps, per host, the IOVA pages a successful DMA write dirtied while
// tracking was on and no GET_BITMAP has reported yet ("owed"), the pages
// reported since their last write ("cleared"), and every page a successful
// DMA write dirtied since the last START ("written"). A successful START
// forgets all three (002: DIRTY_TRACKING "Clear the DMA log and start DMA
// logging"), so a page reported that is not in "written" is a stale page an
// earlier log left behind; a successful UNMAP forgets its range from "owed"
// and "cleared" (type1 drops the bitmap of an unmapped vfio_dma).
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
    bool started = false;  // a START succeeded (before it, "written" stays empty)
    absl::btree_map<uint64_t, OwedWrite> owed;  // IOVA page -> the write
    absl::btree_set<uint64_t> cleared;          // reported, not written since
    absl::btree_set<uint64_t> written;          // dirtied by a DMA write since START
  };

  void OnBitmap(HostLog& log, const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink);

  std::vector<HostLog> hosts_;
};

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITORS_DIRTY_LOG_MONITOR_H_
