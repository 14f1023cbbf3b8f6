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
// allowed.
//
// The RFC reports pages at step b): copied_pfns is the "pfn count for which
// dirty bitmap is copied to migration region", so the monitor takes the
// bitmap's expected bits out of its log when it sees the count answer, not
// when the user reads the bitmap: a user may never read it (and then asks
// again), and a DMA write completing after step b) belongs to a later
// answer. It follows the steps of one answer in order: step c) is the first
// data_offset read after the count ("c. read data_offset, where vendor
// driver has written bitmap."), step d) a successful read at that offset. A
// later data_offset read is the SAVING sequence's step b), which ends the
// answer ("Data_offset can be same or different for device data and dirty
// pages bitmap.", so the area may now hold device data).
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
  // Where the user is in the RFC's steps b) to d) for one count answer.
  enum class Step : uint8_t {
    kNone,         // no count answer pending
    kAwaitOffset,  // b) answered a count: the next data_offset read is step c)
    kAwaitBitmap,  // c) done: a successful read at bitmap_offset is step d)
  };
  struct Query {
    uint64_t start_pfn = 0;
    uint64_t page_size = 0;
    uint64_t total_pfns = 0;
    uint64_t cursor = 0;  // pfns already answered
    // The pending count answer: its first pfn (relative to start_pfn), its
    // count, and the bits it must have set (as pfn - first pfn), taken from
    // the log when the device answered.
    Step step = Step::kNone;
    uint64_t answer_first = 0;
    uint64_t answer_count = 0;
    absl::btree_set<uint64_t> answer_dirty;
    uint64_t bitmap_offset = 0;  // meaningful in kAwaitBitmap

    // The same query fields, nothing answered yet.
    Query Restarted() const {
      Query fresh;
      fresh.start_pfn = start_pfn;
      fresh.page_size = page_size;
      fresh.total_pfns = total_pfns;
      return fresh;
    }
  };
  struct PerDevice {
    V1DeviceView view;
    absl::btree_set<uint64_t> granules;  // logged, not yet reported
    Query q;
  };

  void OnCopiedPfns(PerDevice& d, const TraceRecord& r, ViolationSink& sink);
  void OnDataOffsetRead(PerDevice& d, const TraceRecord& r);
  void OnBitmapRead(PerDevice& d, const TraceRecord& r, absl::Span<const uint64_t> payload,
                    ViolationSink& sink);
  // Takes out of the log every granule of the pfns [first, first + count)
  // (absolute) and returns those pfns, as offsets from `first`.
  absl::btree_set<uint64_t> TakeDirty(PerDevice& d, uint64_t first, uint64_t count);
  bool UsablePageSize(const Query& q) const;

  std::vector<std::optional<PerDevice>> devices_;
};

}  // namespace migsim::v1

#endif  // MIGSIM_SPEC_MONITORS_V1_RFC_BITMAP_MONITOR_H_
