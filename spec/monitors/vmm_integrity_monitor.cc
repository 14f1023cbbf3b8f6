// File: spec/monitors/vmm_integrity_monitor.cc
#include "spec/monitors/vmm_integrity_monitor.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "models/record_kinds.h"
#include "models/vmm/vmm_records.h"
#include "protos/vmm.pb.h"
#include "sim/limits.h"
#include "spec/rules/vmm_rules.h"

namespace migsim {
namespace {

// Differing pages explained (one violation each) per commit at most.
constexpr size_t kPagesReportedMax = 8;

bool Covers(const auto& m, uint64_t page) { return page >= m.where && page - m.where < m.size; }

}  // namespace

VmmIntegrityMonitor::VmmIntegrityMonitor(const proto::Scenario& scenario)
    : view_(scenario),
      maps_(scenario.topology().hosts_size()),
      writes_(scenario.topology().hosts_size()) {
  for (const proto::Host& h : scenario.topology().hosts()) {
    const uint64_t ps = h.page_size() != 0 ? h.page_size() : kPageSizeDefault;
    page_size_.push_back(ps);
    if (h.identity_map()) maps_[page_size_.size() - 1][0] = Mapping{h.guest_pages() * ps, true, 0};
  }
  device_sent_.resize(view_.pairs());
  device_received_.resize(view_.pairs());
  stream_state_.assign(view_.pairs(), -1);
  source_ran_.assign(view_.pairs(), false);
  fresh_session_.assign(view_.pairs(), false);
  stream_ended_.assign(view_.pairs(), false);
  ended_at_stop_.assign(view_.pairs(), false);
}

void VmmIntegrityMonitor::StartMigration() {
  stop_.reset();
  ram_sent_.clear();
  ram_received_.clear();
  for (auto& v : device_sent_) v.clear();
  for (auto& v : device_received_) v.clear();
  std::fill(stream_state_.begin(), stream_state_.end(), -1);
  std::fill(source_ran_.begin(), source_ran_.end(), false);
  std::fill(fresh_session_.begin(), fresh_session_.end(), false);
  std::fill(ended_at_stop_.begin(), ended_at_stop_.end(), false);
  faults_.clear();
}

void VmmIntegrityMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t> payload,
                                   ViolationSink& sink) {
  ++seen_;
  if (r.host < maps_.size()) {
    switch (r.kind) {
      case kRecordIommuMap:
        if (r.result == 0) maps_[r.host][r.arg[0]] = Mapping{r.arg[1], r.arg[2] == 0, r.arg[3]};
        break;
      case kRecordIommuUnmap:
        if (r.result == 0 && r.arg[2] != 0) {
          auto& m = maps_[r.host];
          m.erase(m.lower_bound(r.arg[0]), m.lower_bound(r.arg[0] + r.arg[1]));
        }
        break;
      case kRecordDmaComplete:
        NoteDmaWrite(r);
        break;
      case kRecordGuestWrite:
        NoteStore(r);
        break;
      default:
        break;
    }
  }
  switch (r.kind) {
    case vmm::kRecordMigrationStart:
      if (r.result == 0) StartMigration();
      break;
    case vmm::kRecordChannelSend:
    case vmm::kRecordChannelReceive:
    case vmm::kRecordChannelFaultFired:
      if (view_.in_migration()) OnChannel(r);
      break;
    case vmm::kRecordStopPoint:
      stop_ = StopPoint{seen_, r.time_ns, std::vector<uint64_t>(payload.begin(), payload.end())};
      for (size_t p = 0; p < view_.pairs(); ++p) {
        if (view_.AnyRunning(view_.pair_source(p))) source_ran_[p] = true;
        ended_at_stop_[p] = stream_ended_[p];
      }
      break;
    case vmm::kRecordCommit:
      if (view_.in_migration()) OnCommit(r, payload, sink);
      break;
    case kRecordResumeLoaded:
      if (view_.in_migration()) OnLoaded(r, sink);
      break;
    case kRecordStreamSave:  // offset 0: a saving session's first bytes
      if (const vmm_oracle::DeviceView* v = view_.Paired(r.device);
          v != nullptr && !v->destination && r.arg[1] == 0) {
        stream_ended_[v->pair] = false;
        if (view_.in_migration()) fresh_session_[v->pair] = true;
      }
      break;
    case kRecordStreamEnd:
      if (const vmm_oracle::DeviceView* v = view_.Paired(r.device);
          v != nullptr && !v->destination) {
        stream_ended_[v->pair] = true;
      }
      break;

    case vmm::kRecordMigrationEnd:
      for (size_t p = 0; p < view_.pairs(); ++p) {
        if (stream_state_[p] < 0 && !device_sent_[p].empty()) CheckStream(p, r, sink);
      }
      break;
    default:
      break;
  }
  view_.Apply(r);
  // A source device running after the stop point may change its state.
  const vmm_oracle::DeviceView* v = view_.Paired(r.device);
  if (stop_ && v != nullptr && !v->destination && view_.AnyRunning(r.device)) {
    source_ran_[v->pair] = true;
  }
}

void VmmIntegrityMonitor::OnChannel(const TraceRecord& r) {
  if (r.kind == vmm::kRecordChannelFaultFired) {
    faults_[r.arg[1]] = r.arg[0];
    return;
  }
  const bool receive = r.kind == vmm::kRecordChannelReceive;
  if (receive && r.arg[5] != view_.migration()) return;  // a message of an earlier migration
  const Message m{r.arg[0], r.arg[2], r.arg[3], r.arg[4], seen_, r.time_ns, r.result != 0};
  if (r.arg[1] == vmm::kMessageRam) {
    (receive ? ram_received_ : ram_sent_).push_back(m);
  } else if (r.arg[1] == vmm::kMessageDevice && r.arg[2] < view_.pairs()) {
    (receive ? device_received_ : device_sent_)[r.arg[2]].push_back(m);
  }
}

void VmmIntegrityMonitor::NoteDmaWrite(const TraceRecord& r) {
  if (r.result != 0 || (r.arg[3] & kDmaFlagWrite) == 0) return;
  const auto& maps = maps_[r.host];
  const uint64_t ps = page_size_[r.host];
  const uint64_t iova = r.arg[1];
  const uint64_t end = iova + r.arg[2];
  for (uint64_t at = iova - iova % ps; at < end; at += ps) {
    auto it = maps.upper_bound(at);
    if (it == maps.begin()) continue;
    --it;
    const Mapping& m = it->second;
    if (!m.ram || at - it->first >= m.size) continue;
    const uint64_t page = (m.gpa + (at - it->first)) / ps;
    writes_[r.host][page] = Write{seen_, r.time_ns, r.arg[0], r.device};
  }
}

void VmmIntegrityMonitor::NoteStore(const TraceRecord& r) {
  if (r.result != 0 || r.arg[2] == 0) return;
  const uint64_t ps = page_size_[r.host];
  for (uint64_t page = r.arg[1] / ps; page <= (r.arg[1] + r.arg[2] - 1) / ps; ++page) {
    writes_[r.host][page] = Write{seen_, r.time_ns, 0, static_cast<uint32_t>(r.arg[0])};
  }
}

std::string VmmIntegrityMonitor::DescribeWrite(const Write& w) const {
  if (w.dma_id == 0) return absl::StrCat("a store of vCPU ", w.writer, " at t=", w.time_ns, "ns");
  return absl::StrCat("DMA id ", w.dma_id, " of device d", w.writer, " at t=", w.time_ns, "ns");
}

std::string VmmIntegrityMonitor::FaultOf(uint64_t seq) const {
  auto it = faults_.find(seq);
  if (it == faults_.end()) return "";
  const int fault = static_cast<int>(it->second);
  return absl::StrCat(" (channel fault ",
                      proto::ChannelFault_IsValid(fault)
                          ? proto::ChannelFault_Name(static_cast<proto::ChannelFault>(fault))
                          : absl::StrCat(fault),
                      ")");
}

std::string VmmIntegrityMonitor::ExplainPage(uint64_t page, bool* excused) const {
  *excused = false;
  const uint64_t gpa = page * page_size_[view_.source_host()];
  const std::string name = absl::StrCat("page ", page, " (gpa 0x", absl::Hex(gpa), ")");
  const auto& src = writes_[view_.source_host()];
  auto w = src.find(page);
  const Message* sent = nullptr;
  for (auto it = ram_sent_.rbegin(); it != ram_sent_.rend() && sent == nullptr; ++it) {
    if (Covers(*it, page)) sent = &*it;
  }
  if (w != src.end() && stop_ && w->second.seen > stop_->seen) {
    *excused = true;
    return absl::StrCat(name, " was written after the stop point by ", DescribeWrite(w->second));
  }
  if (w != src.end() && (sent == nullptr || w->second.seen > sent->seen)) {
    return absl::StrCat("lost dirty page: ", name, " written by ", DescribeWrite(w->second),
                        sent == nullptr ? ", and no copy of it was ever sent"
                                        : absl::StrCat(", after its last copy was sent (message #",
                                                       sent->seq, " at t=", sent->time_ns, "ns)"),
                        "; the destination holds stale content");
  }
  if (sent != nullptr) {
    const Message* got = nullptr;
    const Message* last_applied = nullptr;
    for (const Message& m : ram_received_) {
      if (m.seq == sent->seq) got = &m;
      if (!m.stale && Covers(m, page)) last_applied = &m;
    }
    const std::string copy =
        absl::StrCat(name, ": its last copy (message #", sent->seq, " at t=", sent->time_ns, "ns)");
    if (got == nullptr) {
      return absl::StrCat(copy, " had not arrived when the destination committed",
                          FaultOf(sent->seq));
    }
    if (got->stale) {
      return absl::StrCat(copy, " arrived after the destination committed", FaultOf(sent->seq));
    }
    if (got->digest != sent->digest || got->size != sent->size) {
      return absl::StrCat(copy, " arrived damaged (", got->size, " of ", sent->size,
                          " pages, digest 0x", absl::Hex(got->digest), " instead of 0x",
                          absl::Hex(sent->digest), ")", FaultOf(sent->seq));
    }
    if (last_applied != nullptr && last_applied->seq != sent->seq) {
      return absl::StrCat(copy, " was overwritten by an older copy (message #", last_applied->seq,
                          ") that arrived after it", FaultOf(last_applied->seq),
                          FaultOf(sent->seq));
    }
    const auto& dst = writes_[view_.destination_host()];
    auto dw = dst.find(page);
    if (dw != dst.end() && dw->second.seen > got->seen) {
      return absl::StrCat(copy, " arrived, then the destination page was written by ",
                          DescribeWrite(dw->second));
    }
  } else if (w == src.end()) {
    return absl::StrCat(name,
                        " was never sent and never written on the source; the "
                        "destination's own content differs");
  }
  return absl::StrCat(name, " differs for a reason the trace does not show");
}

void VmmIntegrityMonitor::OnCommit(const TraceRecord& r, absl::Span<const uint64_t> differ,
                                   ViolationSink& sink) {
  if (r.arg[1] == r.arg[2]) return;  // the destination's RAM digest equals the source's
  size_t reported = 0;
  size_t excused = 0;
  for (uint64_t page : differ) {
    bool page_excused = false;
    const std::string why = ExplainPage(page, &page_excused);
    if (page_excused) {
      ++excused;
      continue;
    }
    if (reported++ < kPagesReportedMax) {
      sink.Report(rules::kUserVmRamMatches, kNoDevice, r.host,
                  absl::StrCat("migration #", r.arg[0], ": ", why));
    }
  }
  if (reported > kPagesReportedMax) {
    sink.Report(rules::kUserVmRamMatches, kNoDevice, r.host,
                absl::StrCat("migration #", r.arg[0], ": ", reported - kPagesReportedMax,
                             " more differing pages"));
  }
  if (differ.empty() && excused == 0) {
    sink.Report(
        rules::kUserVmRamMatches, kNoDevice, r.host,
        absl::StrCat("migration #", r.arg[0], ": destination RAM digest 0x", absl::Hex(r.arg[1]),
                     " differs from the source's 0x", absl::Hex(r.arg[2]), " at the stop point"));
  }
}

bool VmmIntegrityMonitor::CheckStream(size_t pair, const TraceRecord& r, ViolationSink& sink) {
  const std::vector<Message>& sent = device_sent_[pair];
  const std::vector<Message>& received = device_received_[pair];
  // A migration that failed may leave segments in flight; only what the
  // channel did to them is then the VMM's transport failing.
  const bool abandoned = r.kind == vmm::kRecordMigrationEnd && r.arg[1] != vmm::kOutcomeCompleted;
  std::string problem;
  uint64_t last_seq = 0;
  for (const Message& got : received) {
    if (got.stale || !problem.empty()) continue;
    if (got.seq < last_seq) {
      problem = absl::StrCat("message #", got.seq, " arrived after message #", last_seq,
                             ", out of order", FaultOf(got.seq), FaultOf(last_seq));
    }
    last_seq = std::max(last_seq, got.seq);
  }
  for (size_t i = 0; i < sent.size() && problem.empty(); ++i) {
    const Message& s = sent[i];
    const std::string seg =
        absl::StrCat("segment ", i, " (message #", s.seq, ", ", s.size, " bytes)");
    const Message* got = nullptr;
    for (const Message& m : received) {
      if (m.seq == s.seq) got = &m;
    }
    if (got == nullptr) {
      if (abandoned && !faults_.contains(s.seq)) continue;
      problem = absl::StrCat(seg, " never arrived", FaultOf(s.seq));
    } else if (got->stale) {
      problem = absl::StrCat(seg, " arrived after the destination committed", FaultOf(s.seq));
    } else if (got->digest != s.digest || got->size != s.size) {
      problem = absl::StrCat(seg, " arrived damaged (", got->size, " bytes, digest 0x",
                             absl::Hex(got->digest), ")", FaultOf(s.seq));
    }
  }
  stream_state_[pair] = problem.empty() ? 1 : 0;
  if (problem.empty()) return true;
  const uint32_t destination = view_.pair_destination(pair);
  sink.Report(rules::kUserVmStreamTransported, destination, view_.destination_host(),
              absl::StrCat("the stream of d", view_.pair_source(pair), " for d", destination,
                           " (migration #", view_.migration(), "): ", problem,
                           r.kind == kRecordResumeLoaded ? ", when it loaded" : ""));
  return false;
}

void VmmIntegrityMonitor::OnLoaded(const TraceRecord& r, ViolationSink& sink) {
  const vmm_oracle::DeviceView* v = view_.Paired(r.device);
  if (v == nullptr || !v->destination) return;
  const size_t pair = v->pair;
  const bool intact = stream_state_[pair] < 0 ? CheckStream(pair, r, sink) : stream_state_[pair];
  if (r.result != 0 || !intact || !stop_ || pair >= stop_->device_digests.size() ||
      source_ran_[pair] || !fresh_session_[pair] || ended_at_stop_[pair]) {
    return;
  }
  const uint64_t want = stop_->device_digests[pair];
  if (r.arg[2] == want) return;
  sink.Report(rules::kVmDeviceMatches, r.device, r.host,
              absl::StrCat("d", r.device, " loaded internal state 0x", absl::Hex(r.arg[2]),
                           " but its source d", view_.pair_source(pair), " held 0x",
                           absl::Hex(want), " at the stop point (t=", stop_->time_ns, "ns)"));
}

}  // namespace migsim
