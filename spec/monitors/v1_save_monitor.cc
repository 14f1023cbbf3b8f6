// File: spec/monitors/v1_save_monitor.cc
#include "spec/monitors/v1_save_monitor.h"

#include "absl/strings/str_cat.h"
#include "models/record_kinds.h"
#include "models/v1/v1_records.h"
#include "sim/hash.h"
#include "spec/rules/v1_ndma_rules.h"
#include "spec/rules/v1_region_rules.h"
#include "spec/rules/v1_rfc_rules.h"

namespace migsim::v1 {
namespace {

constexpr uint64_t kPageBytes = 4096;
// The longest segment whose bytes the monitor mirrors (a device may not
// declare a data section above 1 MiB; a longer announced segment is already
// outside the region and reported as such).
constexpr uint64_t kMirrorBytesMax = uint64_t{1} << 24;

bool SavingState(uint32_t s) { return (s & kSaving) != 0 && (s & kResuming) == 0; }
bool ResumingState(uint32_t s) { return (s & kResuming) != 0 && (s & kSaving) == 0; }

const Rule& EndRule(proto::SpecVariant v) {
  return v == proto::V1_NDMA ? rules::kV1NdmaEndOfStream : rules::kV1PendingZeroIsEnd;
}

}  // namespace

V1SaveMonitor::V1SaveMonitor(const proto::Scenario& scenario) {
  for (auto& view : MakeViews(scenario)) {
    if (view) {
      devices_.push_back(PerDevice{*view, Saving{}});
    } else {
      devices_.emplace_back(std::nullopt);
    }
  }
}

void V1SaveMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t> payload,
                             ViolationSink& sink) {
  if (r.device >= devices_.size() || !devices_[r.device]) return;
  PerDevice& d = *devices_[r.device];
  Saving& s = d.s;
  switch (r.kind) {
    case kRecordRegionRead: OnRegionRead(d, r, sink); break;
    case kRecordWindowRead: OnWindowRead(d, r, payload, sink); break;
    case kRecordStreamSave: OnStreamSave(d, r, sink); break;
    case kRecordStreamLoad: CheckFreshStream(d, r, sink); break;
    case kRecordStreamEnd:
      s.end_seen = true;
      s.end_bytes = r.arg[1];
      break;
    case kRecordWriteBegin:
    case kRecordInternalChange: s.stable_pending.reset(); break;
    case kRecordDeviceReset:
    case kRecordDeviceOpen:
      if (r.result == 0) {
        s = Saving{};
        s.after_reset = true;
      }
      break;
    default: break;
  }
  const bool was_saving = SavingState(d.view.effective());
  d.view.Apply(r);
  if (was_saving != SavingState(d.view.effective())) {
    const bool after_reset = s.after_reset;
    s = Saving{};  // a session starts or ends: the window is (re)initialised
    s.after_reset = after_reset;
  }
}

void V1SaveMonitor::OnRegionRead(PerDevice& d, const TraceRecord& r, ViolationSink& sink) {
  Saving& s = d.s;
  const uint64_t offset = r.arg[0];
  if (r.result != 0 || r.arg[1] != 8) {
    if (!(offset == kOffsetDeviceState && r.arg[1] == 4)) s.stable_pending.reset();
    return;
  }
  if (offset == kOffsetDataOffset) {
    OnDataOffset(d, r, sink);
  } else if (offset == kOffsetPendingBytes) {
    OnPendingBytes(d, r, sink);
    return;  // keeps stable_pending
  } else if (offset == kOffsetDataSize && s.segment && SavingState(d.view.effective()) &&
             r.arg[2] != s.segment->length) {
    sink.Report(rules::kV1SaveSegmentRead, r.device, r.host,
                absl::StrCat("data_size reads ", r.arg[2],
                             " but the segment made available "
                             "at data_offset holds ",
                             s.segment->length, " bytes"));
  } else if (offset == kOffsetCopiedPfns) {
    s.bitmap_step = r.arg[2] != kDirtyPfnsNone && r.arg[2] != kDirtyPfnsAll;
  }
  s.stable_pending.reset();
}

void V1SaveMonitor::OnDataOffset(PerDevice& d, const TraceRecord& r, ViolationSink& sink) {
  Saving& s = d.s;
  const uint64_t value = r.arg[2];
  const uint32_t state = d.view.effective();
  const bool saving = SavingState(state);
  if (!saving && !ResumingState(state)) return;  // undefined value: not judged
  const bool bitmap = s.bitmap_step;
  s.bitmap_step = false;
  uint64_t length = 0;
  if (saving && !bitmap) {
    if (s.last_pending && *s.last_pending == 0) {
      sink.Report(rules::kUserV1NoIterateAtZero, r.device, r.host,
                  "data_offset read for a new segment after pending_bytes read 0");
    }
    s.last_pending.reset();
    if (s.fresh) {
      const bool mirror = s.fresh_length <= kMirrorBytesMax;
      s.segment = OpenSegment{value, s.fresh_length, s.fresh_digest, {}, {}, 0, !mirror};
      s.segment->bytes.assign(mirror ? s.fresh_length : 0, 0);
      s.segment->seen.assign(mirror ? s.fresh_length : 0, 0);
    } else if (!s.segment || s.segment->data_offset != value) {
      s.segment = OpenSegment{value, 0, Fnv1a64::kOffsetBasis, {}, {}, 0, true};
    }
    length = s.segment->length;
  }
  s.fresh = false;
  const uint64_t region = d.view.region_size();
  if (value == 0 || value < d.view.header_bytes() ||
      (region != 0 && (value >= region || length > region - value))) {
    sink.Report(rules::kV1DataOffsetInRegion, r.device, r.host,
                absl::StrCat("data_offset ", value, " with a segment of ", length,
                             " bytes; the header ends at ", d.view.header_bytes(),
                             " and the region at ", region));
  }
  if (d.view.sparse_mmap() && value % kPageBytes != 0) {
    sink.Report(rules::kV1DataOffsetMmapAligned, r.device, r.host,
                absl::StrCat("data_offset ", value,
                             " of a sparse-mmap data section is not "
                             "page aligned"));
  }
}

void V1SaveMonitor::OnPendingBytes(PerDevice& d, const TraceRecord& r, ViolationSink& sink) {
  Saving& s = d.s;
  const uint32_t state = d.view.effective();
  if (!SavingState(state)) return;
  const uint64_t value = r.arg[2];
  const bool stopped = (state & kRunning) == 0;
  const proto::SpecVariant var = d.view.variant();
  if (stopped && var != proto::V1_RFC && s.stable_pending && *s.stable_pending != value) {
    sink.Report(rules::kV1PendingNoSideEffects, r.device, r.host,
                absl::StrCat("pending_bytes read ", *s.stable_pending, " then ", value,
                             " with nothing in between"));
  }
  s.segment.reset();  // step e): the segment was collected
  if (stopped && value == 0 && !s.end_of_stream) {
    if (!s.end_seen || s.saved_bytes != s.end_bytes) {
      sink.Report(EndRule(var), r.device, r.host,
                  absl::StrCat("pending_bytes reads 0 in stop-and-copy but ", s.saved_bytes,
                               " bytes were handed out and the stream ",
                               s.end_seen ? absl::StrCat("ends at ", s.end_bytes)
                                          : std::string("has not ended")));
    }
    s.end_of_stream = true;
  } else if (value != 0 && s.end_of_stream) {
    sink.Report(EndRule(var), r.device, r.host,
                absl::StrCat("pending_bytes reads ", value, " after the end of stream"));
  }
  s.last_pending = value;
  s.stable_pending = value;
}

void V1SaveMonitor::OnWindowRead(PerDevice& d, const TraceRecord& r,
                                 absl::Span<const uint64_t> payload, ViolationSink& sink) {
  Saving& s = d.s;
  s.stable_pending.reset();
  if (r.result != 0 || !s.segment || s.segment->judged) return;
  OpenSegment& seg = *s.segment;
  const uint64_t moved = r.arg[2];
  for (uint64_t i = 0; i < moved && i / 8 < payload.size(); ++i) {
    const uint64_t at = r.arg[0] + i;
    if (at < seg.data_offset || at - seg.data_offset >= seg.length) continue;
    const uint64_t k = at - seg.data_offset;
    seg.bytes[k] = static_cast<uint8_t>(payload[i / 8] >> (8 * (i % 8)));
    if (!seg.seen[k]) {
      seg.seen[k] = 1;
      ++seg.seen_count;
    }
  }
  if (seg.seen_count < seg.length) return;
  seg.judged = true;
  Fnv1a64 fnv;
  for (uint8_t b : seg.bytes) fnv.AddByte(b);
  if (fnv.value() != seg.digest) {
    sink.Report(
        rules::kV1SaveSegmentRead, r.device, r.host,
        absl::StrCat("the ", seg.length, " bytes read at data_offset ", seg.data_offset,
                     " (digest 0x", absl::Hex(fnv.value()),
                     ") are not the segment announced (digest 0x", absl::Hex(seg.digest), ")"));
  }
}

void V1SaveMonitor::OnStreamSave(PerDevice& d, const TraceRecord& r, ViolationSink& sink) {
  Saving& s = d.s;
  CheckFreshStream(d, r, sink);
  if (s.end_of_stream) {
    sink.Report(EndRule(d.view.variant()), r.device, r.host,
                absl::StrCat(r.arg[2], " new bytes of migration data after the end of stream"));
  }
  if (s.saved_bytes == 0 || s.session != r.arg[0]) {
    s.session = r.arg[0];
    s.saved_bytes = 0;
    s.end_seen = false;
  }
  s.saved_bytes += r.arg[2];
  s.fresh = true;
  s.fresh_length = r.arg[2];
  s.fresh_digest = r.arg[3];
}

void V1SaveMonitor::CheckFreshStream(PerDevice& d, const TraceRecord& r, ViolationSink& sink) {
  Saving& s = d.s;
  if (!s.after_reset) return;
  s.after_reset = false;
  if (d.view.variant() != proto::V1_NDMA || r.arg[1] == 0) return;
  sink.Report(rules::kV1NdmaResetDiscardsWindow, r.device, r.host,
              absl::StrCat("after VFIO_DEVICE_RESET the device ",
                           r.kind == kRecordStreamSave ? "saved" : "loaded",
                           " stream bytes from offset ", r.arg[1], " of an older stream"));
}

}  // namespace migsim::v1
