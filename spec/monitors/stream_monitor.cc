// File: spec/monitors/stream_monitor.cc
#include "spec/monitors/stream_monitor.h"

#include "absl/strings/str_cat.h"
#include "models/record_kinds.h"
#include "spec/rules/device_stream_rules.h"

namespace migsim {

void StreamMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t>,
                             ViolationSink& sink) {
  if (r.kind == kRecordStreamEnd) {
    // arg0 = session, arg2 = stream digest, arg3 = internal digest described.
    saved_.insert_or_assign(r.arg[2], SavedStream{r.device, r.arg[0], r.arg[3]});
    return;
  }
  if (r.kind != kRecordResumeLoaded || r.result != 0) return;
  // arg1 = stream digest seen, arg2 = internal digest after loading.
  auto it = saved_.find(r.arg[1]);
  if (it == saved_.end()) {
    sink.Report(rules::kStreamResumeExact, r.device, r.host,
                absl::StrCat("loaded a stream (digest 0x", absl::Hex(r.arg[1]),
                             ") that no device saved in this run"));
    return;
  }
  const SavedStream& s = it->second;
  if (r.arg[2] != s.internal_digest) {
    sink.Report(rules::kStreamResumeExact, r.device, r.host,
                absl::StrCat("internal state 0x", absl::Hex(r.arg[2]),
                             " after loading the stream of device d", s.device, " session ",
                             s.session, ", which describes 0x", absl::Hex(s.internal_digest)));
  }
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
