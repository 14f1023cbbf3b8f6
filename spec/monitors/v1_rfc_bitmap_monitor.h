// File: spec/monitors/v1_rfc_bitmap_monitor.h
//
// V1RfcBitmapMonitor: judges the RFC's in-region dirty page bitmap
// (003_c35130b7b7431c96.txt) of every V1_RFC device from the trace. It logs
// the IOVA pages (4 KiB granules) each device's own successful DMA writes
// touched since its SAVING session began (DMA_COMPLETE), follows the user's
// query (start_pfn, page_size, total_pfns writes) and judges each answer:
// copied_pfns NONE only when no logged page is left in the rest of the
// range; a count covers at most the rest of the range and the bitmap read at
// data_offset has a bit set exactly for each logged pfn. ALL is always
// allowed. Reported pages are cleared, as the device clears them.
#ifndef MIGSIM_SPEC_MONITORS_V1_RFC_BITMAP_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_V1_RFC_BITMAP_MONITOR_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/btree_set.h"
#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/monitors/v1_device_view.h"

namespace migsim::v1 {

class V1RfcBitmapMonitor final : public Monitor {
 public:
  explicit V1RfcBitmapMonitor(const proto::Scenario& scenario);

  absl::string_view name() const override { return "v1_rfc_bitmap"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;

 private:
  struct Query {
    uint64_t start_pfn = 0;
    uint64_t page_size = 0;
    uint64_t total_pfns = 0;
    uint64_t cursor = 0;        // pfns already answered
    uint64_t answer_first = 0;  // the pending count answer: first pfn (relative)
    uint64_t answer_count = 0;  // 0 = none pending
    bool bitmap_offset_known = false;
    uint64_t bitmap_offset = 0;
  };
  struct PerDevice {
    V1DeviceView view;
    absl::btree_set<uint64_t> granules;  // logged, not yet reported
    Query q;
  };

  void OnCopiedPfns(PerDevice& d, const TraceRecord& r, ViolationSink& sink);
  void OnBitmapRead(PerDevice& d, const TraceRecord& r, absl::Span<const uint64_t> payload,
                    ViolationSink& sink);
  // Whether pfn (absolute) has a logged granule; `erase` clears them.
  bool PfnDirty(PerDevice& d, uint64_t pfn, bool erase);
  bool UsablePageSize(const Query& q) const;

  std::vector<std::optional<PerDevice>> devices_;
};

}  // namespace migsim::v1

#endif  // MIGSIM_SPEC_MONITORS_V1_RFC_BITMAP_MONITOR_H_
