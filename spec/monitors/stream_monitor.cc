// File: spec/monitors/stream_monitor.cc
#include "spec/monitors/stream_monitor.h"

#include "absl/strings/str_cat.h"
#include "models/device/migration_stream.h"
#include "models/record_kinds.h"
#include "spec/rules/device_stream_rules.h"

namespace migsim {

void StreamMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t>,
                             ViolationSink& sink) {
  if (r.kind == kRecordInternalChange) {
    internal_.insert_or_assign(r.device, r.arg[0]);  // arg0 = internal digest after
    return;
  }
  if (r.kind == kRecordStreamSave) {
    // arg0 = session, arg1 = offset, arg2 = length: bytes handed to the user.
    Handouts& h = handouts_[r.device];
    if (h.session != r.arg[0]) h = Handouts{r.arg[0], {}};
    std::optional<uint64_t> internal;
    if (auto it = internal_.find(r.device); it != internal_.end()) internal = it->second;
    h.list.push_back(Handout{r.arg[1] + r.arg[2], internal});
    return;
  }
  if (r.kind == kRecordStreamEnd) {
    // arg0 = session, arg1 = stream length with END, arg2 = stream digest,
    // arg3 = internal digest END claims. The source's state that counts is
    // the one it was in when END's first byte reached the user: from then
    // on the stream is ending, and a source the user sets running again
    // cannot carry what it does next (000_fc85d4adbcac4363.txt: "this
    // indicates the end of the device migration stream and the device must
    // not generate any new migration data").
    std::optional<uint64_t> observed;
    if (auto it = internal_.find(r.device); it != internal_.end()) observed = it->second;
    if (auto it = handouts_.find(r.device); it != handouts_.end() && it->second.session == r.arg[0]) {
      const uint64_t end_begins = r.arg[1] >= kStreamEndBytes ? r.arg[1] - kStreamEndBytes : 0;
      for (const Handout& h : it->second.list) {
        if (h.end > end_begins) {
          observed = h.internal;
          break;
        }
      }
      handouts_.erase(it);
    }
    saved_.insert_or_assign(r.arg[2], SavedStream{r.device, r.host, r.arg[0], r.arg[3], observed});
    return;
  }
  if (r.kind == kRecordResumeLoaded && r.result == 0) OnResumeLoaded(r, sink);
}

void StreamMonitor::OnResumeLoaded(const TraceRecord& r, ViolationSink& sink) const {
  // arg1 = stream digest seen, arg2 = internal digest after loading.
  auto it = saved_.find(r.arg[1]);
  if (it == saved_.end()) {
    sink.Report(rules::kStreamResumeExact, r.device, r.host,
                absl::StrCat("loaded a stream (digest 0x", absl::Hex(r.arg[1]),
                             ") that no device saved in this run"));
    return;
  }
  const SavedStream& s = it->second;
  const uint64_t expected = s.observed.value_or(s.claimed);
  const uint64_t resumed = r.arg[2];
  if (resumed == expected) return;
  if (s.observed && resumed == s.claimed) {
    // The resuming device loaded what the stream says; the stream does not
    // say what the source was.
    sink.Report(rules::kStreamResumeExact, s.device, s.host,
                absl::StrCat("device d", s.device, " ended stream session ", s.session,
                             " in internal state 0x", absl::Hex(*s.observed),
                             " but its END record describes 0x", absl::Hex(s.claimed),
                             ", the state device d", r.device,
                             " resumed: the stream left part of the state out"));
    return;
  }
  sink.Report(
      rules::kStreamResumeExact, r.device, r.host,
      absl::StrCat("internal state 0x", absl::Hex(resumed), " after loading the stream of device d",
                   s.device, " session ", s.session, ", which ended in internal state 0x",
                   absl::Hex(expected),
                   s.observed && *s.observed != s.claimed
                       ? absl::StrCat(" (its END record describes 0x", absl::Hex(s.claimed), ")")
                       : ""));
}

void AddStreamMonitor(const proto::Scenario& scenario, std::vector<std::unique_ptr<Monitor>>& out) {
  for (const proto::Device& d : scenario.topology().devices()) {
    if (d.kind() == proto::V1_DEVICE || d.kind() == proto::V2_DEVICE) {
      out.push_back(std::make_unique<StreamMonitor>());
      return;
    }
  }
}

}  // namespace migsim
