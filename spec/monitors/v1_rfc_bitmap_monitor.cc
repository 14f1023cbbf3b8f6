// File: spec/monitors/v1_rfc_bitmap_monitor.cc
#include "spec/monitors/v1_rfc_bitmap_monitor.h"

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

bool V1RfcBitmapMonitor::PfnDirty(PerDevice& d, uint64_t pfn, bool erase) {
  auto begin = d.granules.lower_bound(GranuleOf(d.q.page_size, pfn));
  auto end = d.granules.lower_bound(GranuleOf(d.q.page_size, pfn + 1));
  const bool dirty = begin != end;
  if (erase) d.granules.erase(begin, end);
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
      if (r.result == 0 && d.view.in_write() && d.view.write().width == 8) {
        const uint64_t off = d.view.write().offset, value = d.view.write().value;
        if (off == kOffsetStartPfn) d.q = Query{value, d.q.page_size, d.q.total_pfns};
        if (off == kOffsetPageSize) d.q = Query{d.q.start_pfn, value, d.q.total_pfns};
        if (off == kOffsetTotalPfns) d.q = Query{d.q.start_pfn, d.q.page_size, value};
      }
      break;
    case kRecordRegionRead:
      if (r.result != 0 || r.arg[1] != 8) break;
      if (r.arg[0] == kOffsetCopiedPfns) OnCopiedPfns(d, r, sink);
      if (r.arg[0] == kOffsetDataOffset && d.q.answer_count != 0) {
        d.q.bitmap_offset_known = true;
        d.q.bitmap_offset = r.arg[2];
      }
      break;
    case kRecordWindowRead:
      if (r.result == 0 && d.q.answer_count != 0 && d.q.bitmap_offset_known &&
          r.arg[0] == d.q.bitmap_offset) {
        OnBitmapRead(d, r, payload, sink);
      }
      break;
    default: break;
  }
  d.view.Apply(r);
  if (!saving && SavingState(d.view.effective())) {
    d.granules.clear();  // a SAVING session starts: the device logs afresh
    d.q = Query{d.q.start_pfn, d.q.page_size, d.q.total_pfns};
  }
}

void V1RfcBitmapMonitor::OnCopiedPfns(PerDevice& d, const TraceRecord& r, ViolationSink& sink) {
  Query& q = d.q;
  q.answer_count = 0;
  q.bitmap_offset_known = false;
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
  q.answer_first = q.cursor;
  q.answer_count = value;
  q.cursor += value;
}

void V1RfcBitmapMonitor::OnBitmapRead(PerDevice& d, const TraceRecord& r,
                                      absl::Span<const uint64_t> payload, ViolationSink& sink) {
  Query& q = d.q;
  const uint64_t n = q.answer_count;
  q.answer_count = 0;
  // The user read less than the bitmap (or the record carries less): not judged.
  if (r.arg[2] < (n + 7) / 8 || payload.size() * 64 < n) return;
  bool reported = false;
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t byte = (payload[i / 64] >> (8 * ((i / 8) % 8))) & 0xFF;
    const bool bit = ((byte >> (i % 8)) & 1) != 0;
    const uint64_t pfn = q.start_pfn + q.answer_first + i;
    const bool dirty = PfnDirty(d, pfn, true);
    if (bit == dirty || reported) continue;
    reported = true;
    sink.Report(rules::kV1RfcBitmapExact, r.device, r.host,
                absl::StrCat("bitmap bit for pfn ", pfn, " is ", bit, " but the device ",
                             dirty ? "wrote" : "did not write", " that page"));
  }
}

}  // namespace migsim::v1
