// File: spec/monitors/v1_resume_monitor.cc
#include "spec/monitors/v1_resume_monitor.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "models/record_kinds.h"
#include "models/v1/v1_records.h"
#include "sim/hash.h"
#include "spec/rules/v1_ndma_rules.h"
#include "spec/rules/v1_rfc_rules.h"

namespace migsim::v1 {
namespace {

bool ResumingState(uint32_t s) { return (s & kResuming) != 0 && (s & kSaving) == 0; }

// The most window bytes the monitor mirrors: far above any data section a
// device may declare (1 MiB), so that a wrong device or a user's absurd
// data_size cannot make the monitor allocate or loop without bound.
constexpr uint64_t kMirrorBytesMax = uint64_t{1} << 24;

}  // namespace

V1ResumeMonitor::V1ResumeMonitor(const proto::Scenario& scenario) {
  for (auto& view : MakeViews(scenario)) {
    if (view) {
      devices_.push_back(PerDevice{*view, Resuming{}});
    } else {
      devices_.emplace_back(std::nullopt);
    }
  }
}

void V1ResumeMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t> payload,
                               ViolationSink& sink) {
  if (r.kind == kRecordStreamSave && r.result == 0 && r.arg[2] > 0) {
    saved_[{r.device, r.arg[0]}].push_back(SegmentId{r.arg[2], r.arg[3]});
  }
  if (r.device >= devices_.size() || !devices_[r.device]) return;
  PerDevice& d = *devices_[r.device];
  const bool resuming = ResumingState(d.view.effective());
  if (resuming && r.kind == kRecordRegionRead && r.result == 0 && r.arg[0] == kOffsetDataOffset &&
      r.arg[1] == 8) {
    d.r.data_offset = r.arg[2];
    d.r.offset_known = true;
  } else if (resuming && r.kind == kRecordWindowWrite) {
    OnWindowWrite(d, r, payload);
  } else if (resuming && r.kind == kRecordWriteEnd && d.view.in_write() &&
             d.view.write().offset == kOffsetDataSize && d.view.write().width == 8) {
    OnDataSizeWritten(d, r, sink);
  }
  d.view.Apply(r);
  if (!resuming && ResumingState(d.view.effective())) StartResuming(d);
}

void V1ResumeMonitor::StartResuming(PerDevice& d) { d.r = Resuming{}; }

void V1ResumeMonitor::OnWindowWrite(PerDevice& d, const TraceRecord& r,
                                    absl::Span<const uint64_t> payload) {
  // arg0 = region offset, arg2 = bytes moved (before any error), payload = them.
  Resuming& s = d.r;
  const uint64_t base = r.arg[0];
  const uint64_t moved = std::min<uint64_t>(r.arg[2], payload.size() * 8);
  if (base > kMirrorBytesMax || moved > kMirrorBytesMax - base) return;
  if (s.region.size() < base + moved) s.region.resize(base + moved, 0);
  for (uint64_t i = 0; i < moved; ++i) {
    s.region[base + i] = static_cast<uint8_t>(payload[i / 8] >> (8 * (i % 8)));
  }
}

void V1ResumeMonitor::OnDataSizeWritten(PerDevice& d, const TraceRecord& r, ViolationSink& sink) {
  Resuming& s = d.r;
  const WriteBracket& w = d.view.write();
  const uint64_t length = w.value;
  if (!s.offset_known) {
    // Where the segment lies is unknown: neither the device's consumption
    // nor the user's segments can be judged from here on.
    s.diverged = true;
    ++s.segments;
    return;
  }
  Fnv1a64 fnv;
  if (s.data_offset <= kMirrorBytesMax && length <= kMirrorBytesMax - s.data_offset) {
    for (uint64_t i = s.data_offset; i < s.data_offset + length; ++i) {
      fnv.AddByte(i < s.region.size() ? s.region[i] : 0);
    }
  }
  const SegmentId seg{length, fnv.value()};
  if (r.result == 0) {
    std::string wrong;
    if (!w.stream_loaded) {
      wrong = "consumed nothing";
    } else if (w.stream_load_result != 0) {
      wrong = absl::StrCat("refused the bytes (", w.stream_load_result, ") yet returned success");
    } else if (w.stream_load_length != length || w.stream_load_digest != seg.digest) {
      wrong = absl::StrCat("consumed ", w.stream_load_length, " bytes (digest 0x",
                           absl::Hex(w.stream_load_digest), ")");
    }
    if (!wrong.empty()) {
      sink.Report(rules::kV1ResumeConsumesSegment, r.device, r.host,
                  absl::StrCat("data_size write of ", length, " (digest 0x", absl::Hex(seg.digest),
                               " at data_offset ", s.data_offset, ") ", wrong));
    }
  }
  if (length == 0 || s.diverged) return;
  std::set<StreamKey> keep;
  for (const auto& [key, segments] : saved_) {
    if (s.segments > 0 && !s.candidates.contains(key)) continue;
    if (segments.size() > s.segments && segments[s.segments] == seg) keep.insert(key);
  }
  s.candidates = std::move(keep);
  if (s.candidates.empty()) {
    s.diverged = true;
    sink.Report(rules::kUserV1ResumeSegments, r.device, r.host,
                absl::StrCat("segment ", s.segments, " written while RESUMING (", length,
                             " bytes, digest 0x", absl::Hex(seg.digest), ") is not segment ",
                             s.segments, " of any stream saved in this run"));
  }
  ++s.segments;
}

}  // namespace migsim::v1
