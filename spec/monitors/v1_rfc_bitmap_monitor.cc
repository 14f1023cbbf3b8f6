// File: spec/monitors/v1_rfc_bitmap_monitor.cc
#include "spec/monitors/v1_rfc_bitmap_monitor.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "models/v1/v1_records.h"
#include "spec/rules/v1_rfc_rules.h"

namespace migsim::v1 {
namespace {

bool SavingState(uint32_t s) { return (s & kSaving) != 0 && (s & kResuming) == 0; }

// The first granule of `pfn` under `page_size`, saturating (a wrong device
// may answer for absurd ranges).
uint64_t GranuleOf(uint64_t page_size, uint64_t pfn) {
  const uint64_t per = page_size / kDirtyGranule;
  return pfn > ~uint64_t{0} / per ? ~uint64_t{0} : pfn * per;
}

}  // namespace

V1RfcBitmapMonitor::V1RfcBitmapMonitor(const proto::Scenario& scenario) {
  for (auto& view : MakeViews(scenario)) {
    if (view && view->variant() == proto::V1_RFC) {
      devices_.push_back(PerDevice{*view, {}, Query{}});
    } else {
      devices_.emplace_back(std::nullopt);
    }
  }
}

bool V1RfcBitmapMonitor::UsablePageSize(const Query& q) const {
  return q.page_size >= kDirtyGranule && (q.page_size & (q.page_size - 1)) == 0 &&
         q.start_pfn + q.total_pfns >= q.start_pfn;
}

absl::btree_set<uint64_t> V1RfcBitmapMonitor::TakeDirty(PerDevice& d, uint64_t first,
                                                        uint64_t count) {
  absl::btree_set<uint64_t> dirty;
  const uint64_t per = d.q.page_size / kDirtyGranule;
  auto begin = d.granules.lower_bound(GranuleOf(d.q.page_size, first));
  auto end = d.granules.lower_bound(GranuleOf(d.q.page_size, first + count));
  for (auto it = begin; it != end; ++it) dirty.insert(dirty.end(), *it / per - first);
  d.granules.erase(begin, end);
  return dirty;
}

void V1RfcBitmapMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t> payload,
                                  ViolationSink& sink) {
  if (r.device >= devices_.size() || !devices_[r.device]) return;
  PerDevice& d = *devices_[r.device];
  const bool saving = SavingState(d.view.effective());
  switch (r.kind) {
    case kRecordDmaComplete:
      if (saving && r.result == 0 && (r.arg[3] & kDmaFlagWrite) != 0 && r.arg[2] > 0 &&
          r.arg[1] + (r.arg[2] - 1) >= r.arg[1]) {
        for (uint64_t g = r.arg[1] / kDirtyGranule; g <= (r.arg[1] + r.arg[2] - 1) / kDirtyGranule;
             ++g) {
          d.granules.insert(g);
        }
      }
      break;
    case kRecordWriteEnd:
      // A write of a query field starts a new query (and ends any answer).
      if (r.result == 0 && d.view.in_write() && d.view.write().width == 8) {
        const uint64_t off = d.view.write().offset, value = d.view.write().value;
        if (off == kOffsetStartPfn || off == kOffsetPageSize || off == kOffsetTotalPfns) {
          d.q = d.q.Restarted();
        }
        if (off == kOffsetStartPfn) d.q.start_pfn = value;
        if (off == kOffsetPageSize) d.q.page_size = value;
        if (off == kOffsetTotalPfns) d.q.total_pfns = value;
      }
      break;
    case kRecordRegionRead:
      if (r.result != 0 || r.arg[1] != 8) break;
      if (r.arg[0] == kOffsetCopiedPfns) OnCopiedPfns(d, r, sink);
      if (r.arg[0] == kOffsetDataOffset) OnDataOffsetRead(d, r);
      break;
    case kRecordWindowRead:
      // A failed read leaves the answer pending: the user may read it again.
      if (r.result == 0 && d.q.step == Step::kAwaitBitmap && r.arg[0] == d.q.bitmap_offset) {
        OnBitmapRead(d, r, payload, sink);
      }
      break;
    default:
      break;
  }
  d.view.Apply(r);
  if (!saving && SavingState(d.view.effective())) {
    d.granules.clear();  // a SAVING session starts: the device logs afresh
    d.q = d.q.Restarted();
  }
}

void V1RfcBitmapMonitor::OnCopiedPfns(PerDevice& d, const TraceRecord& r, ViolationSink& sink) {
  Query& q = d.q;
  q.step = Step::kNone;
  q.answer_count = 0;
  q.answer_dirty.clear();
  if (!UsablePageSize(q)) return;  // the device should have refused; not judged here
  const uint64_t value = r.arg[2];
  const uint64_t rest = q.total_pfns - q.cursor;
  const uint64_t first = GranuleOf(q.page_size, q.start_pfn + q.cursor);
  const uint64_t last = GranuleOf(q.page_size, q.start_pfn + q.total_pfns);
  if (value == kDirtyPfnsAll) {
    d.granules.erase(d.granules.lower_bound(first), d.granules.lower_bound(last));
    q.cursor = q.total_pfns;
    return;
  }
  if (value == kDirtyPfnsNone) {
    const uint64_t per = q.page_size / kDirtyGranule;
    auto it = d.granules.lower_bound(first);
    if (it != d.granules.end() && *it < last) {
      sink.Report(
          rules::kV1RfcPfnsNone, r.device, r.host,
          absl::StrCat("copied_pfns reads NONE but the device wrote pfn ", *it / per, " (iova 0x",
                       absl::Hex(*it * kDirtyGranule), "), inside the rest of the range [",
                       q.start_pfn + q.cursor, ", ", q.start_pfn + q.total_pfns, ")"));
    }
    q.cursor = q.total_pfns;
    return;
  }
  if (value > rest) {
    sink.Report(rules::kV1RfcBitmapExact, r.device, r.host,
                absl::StrCat("copied_pfns reads ", value, " but only ", rest,
                             " pfns of the range are left"));
    q.cursor = q.total_pfns;
    return;
  }
  // 003: copied_pfns is the "pfn count for which dirty bitmap is copied to
  // migration region": these pfns are reported now, whether or not the user
  // reads the bitmap (the reference device clears them from its log here).
  q.answer_dirty = TakeDirty(d, q.start_pfn + q.cursor, value);
  q.answer_first = q.cursor;
  q.answer_count = value;
  q.step = Step::kAwaitOffset;
  q.cursor += value;
}

void V1RfcBitmapMonitor::OnDataOffsetRead(PerDevice& d, const TraceRecord& r) {
  Query& q = d.q;
  if (q.step == Step::kAwaitOffset) {
    // 003: "c. read data_offset, where vendor driver has written bitmap."
    q.bitmap_offset = r.arg[2];
    q.step = Step::kAwaitBitmap;
    return;
  }
  if (q.step == Step::kAwaitBitmap) {
    // Not step c) again but the SAVING sequence's "b. read data_offset,
    // indicates kernel driver to write data to staging buffer.": the user
    // left the bitmap unread, and the area may now hold device data.
    q.step = Step::kNone;
    q.answer_count = 0;
    q.answer_dirty.clear();
  }
}

void V1RfcBitmapMonitor::OnBitmapRead(PerDevice& d, const TraceRecord& r,
                                      absl::Span<const uint64_t> payload, ViolationSink& sink) {
  Query& q = d.q;
  q.step = Step::kNone;
  // The bits the user read (it may read less than the whole bitmap).
  const uint64_t bits_read = r.arg[2] > ~uint64_t{0} / 8 ? ~uint64_t{0} : r.arg[2] * 8;
  const uint64_t n = std::min({q.answer_count, bits_read, uint64_t{payload.size()} * 64});
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t byte = (payload[i / 64] >> (8 * ((i / 8) % 8))) & 0xFF;
    const bool bit = ((byte >> (i % 8)) & 1) != 0;
    const bool dirty = q.answer_dirty.contains(i);
    if (bit == dirty) continue;
    sink.Report(rules::kV1RfcBitmapExact, r.device, r.host,
                absl::StrCat("bitmap bit for pfn ", q.start_pfn + q.answer_first + i, " is ", bit,
                             " but the device ", dirty ? "wrote" : "did not write",
                             " that page since it last reported it"));
    break;
  }
  q.answer_count = 0;
  q.answer_dirty.clear();
}

}  // namespace migsim::v1
