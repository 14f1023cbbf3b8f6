// File: spec/monitors/v2_activity_monitor.cc
#include "spec/monitors/v2_activity_monitor.h"

#include "absl/strings/str_cat.h"
#include "models/record_kinds.h"
#include "spec/rules/v2_state_rules.h"

namespace migsim {
namespace {

using v2_oracle::HeaderStateName;
using v2_oracle::P2pQuiescent;
using v2_oracle::Stopped;

}  // namespace

V2ActivityMonitor::V2ActivityMonitor(const proto::Scenario& scenario)
    : views_(v2_oracle::MakeViews(scenario)), in_flight_(views_.size()) {}

void V2ActivityMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t> payload,
                                 ViolationSink& sink) {
  static_cast<void>(payload);
  v2_oracle::V2DeviceView* view = v2_oracle::ViewOf(views_, r);
  if (view == nullptr) return;
  const uint32_t state = view->state;
  const bool judged = view->opened && Stopped(state);
  switch (r.kind) {
    case kRecordDmaIssue:
      in_flight_[r.device][r.arg[0]] = view->opened ? state : v2_oracle::kStop;
      if (judged) {
        sink.Report(rules::kV2StopNoDma, r.device, r.host,
                    absl::StrCat("issued DMA id ", r.arg[0], " (iova 0x", absl::Hex(r.arg[1]),
                                 ") in ", HeaderStateName(state)));
      }
      return;
    case kRecordDmaComplete: return OnDmaComplete(r.device, r, sink);
    case kRecordInterrupt:
      if (judged) {
        sink.Report(rules::kV2StopNoDma, r.device, r.host,
                    absl::StrCat("raised interrupt vector ", r.arg[0], " in ",
                                 HeaderStateName(state)));
      }
      return;
    case kRecordInternalChange: {
      const uint64_t cause = r.arg[2];
      const bool allowed =
          cause == kChangeReset || (cause == kChangeResumeLoad && state == v2_oracle::kResuming);
      if (judged && !allowed) {
        sink.Report(rules::kV2StopNoInternalChange, r.device, r.host,
                    absl::StrCat("internal state changed (chunk ", r.arg[1], ", cause ", cause,
                                 ") in ", HeaderStateName(state)));
      }
      return;
    }
    default:
      v2_oracle::FollowState(*view, r);
      return;
  }
}

void V2ActivityMonitor::OnDmaComplete(uint32_t device, const TraceRecord& r,
                                      ViolationSink& sink) {
  const v2_oracle::V2DeviceView& view = views_[device];
  auto it = in_flight_[device].find(r.arg[0]);
  if (it == in_flight_[device].end()) return;  // issued before we watched: not judged
  const uint32_t issued_in = it->second;
  in_flight_[device].erase(it);
  if (!view.opened) return;
  const bool p2p = (r.arg[3] & kDmaFlagP2p) != 0;
  const std::string dma = absl::StrCat("DMA id ", r.arg[0], " issued in ",
                                       HeaderStateName(issued_in));
  if (Stopped(view.state)) {
    if (!Stopped(issued_in)) {
      sink.Report(rules::kV2StopNoDma, device, r.host,
                  absl::StrCat(dma, " completed in ", HeaderStateName(view.state),
                               ": it was not finished before the arc into ",
                               HeaderStateName(view.state), " returned"));
    }
  } else if (p2p && P2pQuiescent(issued_in)) {
    sink.Report(rules::kV2P2pNoNewP2p, device, r.host,
                absl::StrCat(dma, " reached peer d", r.arg[4], " (iova 0x", absl::Hex(r.arg[1]),
                             ")"));
  } else if (p2p && P2pQuiescent(view.state)) {
    sink.Report(rules::kV2P2pOutstandingDone, device, r.host,
                absl::StrCat(dma, " reached peer d", r.arg[4], " after the arc into ",
                             HeaderStateName(view.state), " returned"));
  }
}

}  // namespace migsim
