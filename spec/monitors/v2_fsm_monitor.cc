// File: spec/monitors/v2_fsm_monitor.cc
#include "spec/monitors/v2_fsm_monitor.h"

#include <array>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "models/record_kinds.h"
#include "models/v2/v2_records.h"
#include "spec/rules/v2_fsm_rules.h"

namespace migsim {
namespace {

using v2_oracle::HeaderStateName;
using v2_oracle::kError;
using v2_oracle::kRunning;
using v2_oracle::kStopCopy;

// VFIO_DEVICE_FEATURE flag bits and what each migration feature takes
// (include/uapi/linux/vfio.h, vfio_main.c's vfio_check_feature calls).
constexpr uint32_t kMask = 0xffff;
constexpr uint32_t kGet = 1u << 16;
constexpr uint32_t kSet = 1u << 17;
constexpr uint32_t kProbe = 1u << 18;
constexpr uint32_t kHeaderBytes = 8;
constexpr uint32_t kFeatureMigration = 1;

struct FeatureShape {
  uint32_t feature;
  uint32_t ops;    // GET and/or SET
  uint32_t minsz;  // payload bytes
};
constexpr std::array<FeatureShape, 6> kShapes = {{
    {1, kGet, 8},          // MIGRATION
    {2, kGet | kSet, 8},   // MIG_DEVICE_STATE
    {6, kSet, 24},         // DMA_LOGGING_START
    {7, kSet, 0},          // DMA_LOGGING_STOP
    {8, kGet, 32},         // DMA_LOGGING_REPORT
    {9, kGet, 8},          // MIG_DATA_SIZE
}};

// Why a call the core must refuse was accepted, or "" when it may succeed.
std::string CoreRefusal(uint32_t flags, uint64_t argsz) {
  if (argsz < kHeaderBytes) return absl::StrCat("argsz ", argsz, " < ", kHeaderBytes);
  if (flags & ~(kMask | kGet | kSet | kProbe)) return "unknown flag bits";
  const bool probe = (flags & kProbe) != 0;
  if (!probe && (flags & kGet) && (flags & kSet)) return "GET and SET without PROBE";
  for (const FeatureShape& s : kShapes) {
    if (s.feature != (flags & kMask)) continue;
    if ((flags & (kGet | kSet)) & ~s.ops) return "an operation the feature does not take";
    if (probe) return "";
    if ((flags & (kGet | kSet)) == 0) return "neither GET nor SET nor PROBE";
    if (argsz - kHeaderBytes < s.minsz) {
      return absl::StrCat("argsz ", argsz, " below the feature's ", kHeaderBytes + s.minsz);
    }
  }
  return "";
}

std::string Path(const std::vector<uint32_t>& path) {
  std::vector<std::string> names;
  for (uint32_t s : path) names.push_back(HeaderStateName(s));
  return absl::StrJoin(names, " -> ");
}

}  // namespace

V2FsmMonitor::V2FsmMonitor(const proto::Scenario& scenario)
    : views_(v2_oracle::MakeViews(scenario)), sets_(views_.size()) {}

void V2FsmMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t> payload,
                            ViolationSink& sink) {
  static_cast<void>(payload);
  v2_oracle::V2DeviceView* view = v2_oracle::ViewOf(views_, r);
  if (view == nullptr) return;
  switch (r.kind) {
    case v2::kV2RecordSetBegin: return OnSetBegin(r.device, r, sink);
    case v2::kV2RecordArc: return OnArc(r.device, r, sink);
    case v2::kV2RecordSetReturn: return OnSetReturn(r.device, r, sink);
    case v2::kV2RecordFeature: return OnFeature(r.device, r, sink);
    case v2::kV2RecordGetState:
      if (r.result == 0 && r.arg[0] != view->state) {
        sink.Report(rules::kV2GetReportsState, r.device, r.host,
                    absl::StrCat("GET reported ", HeaderStateName(r.arg[0]),
                                 " but the arcs left the device in ",
                                 HeaderStateName(view->state)));
      }
      return;
    case kRecordDeviceReset:
      if (r.result == 0 && r.arg[0] != kRunning) {
        sink.Report(rules::kV2ResetRunning, r.device, r.host,
                    absl::StrCat("VFIO_DEVICE_RESET left the device in ",
                                 HeaderStateName(r.arg[0])));
      }
      v2_oracle::FollowState(*view, r);
      return;
    default:
      v2_oracle::FollowState(*view, r);
      return;
  }
}

void V2FsmMonitor::OnSetBegin(uint32_t device, const TraceRecord& r, ViolationSink& sink) {
  const v2_oracle::V2DeviceView& view = views_[device];
  if (sets_[device]) {
    sink.Report(rules::kV2SetReturns, device, r.host,
                absl::StrCat("the SET to ", HeaderStateName(sets_[device]->requested),
                             " never returned before the next SET began"));
  }
  const auto requested = static_cast<uint32_t>(r.arg[0]);
  if (requested == kError) {
    sink.Report(rules::kUserV2NoSetError, device, r.host,
                absl::StrCat("the user requested ERROR (device in ",
                             HeaderStateName(view.state), ")"));
  }
  OpenSet set;
  set.start = view.state;
  set.requested = requested;
  set.path = v2_oracle::HeaderPath(view.flags, view.state, requested);
  set.host = r.host;
  sets_[device] = set;
}

void V2FsmMonitor::ReportRefusal(uint32_t device, OpenSet& set, const std::string& what,
                                 ViolationSink& sink) {
  if (set.refusal_reported) return;
  set.refusal_reported = true;
  const uint32_t flags = views_[device].flags;
  const std::string request = absl::StrCat("SET ", HeaderStateName(set.start), " -> ",
                                           HeaderStateName(set.requested), " ");
  if (set.start == kStopCopy && v2_oracle::InSavingGroup(set.requested)) {
    sink.Report(rules::kV2StopCopyToPreCopyRefused, device, set.host, request + what);
  } else if (set.requested == kError) {
    sink.Report(rules::kV2ErrorNotSettable, device, set.host, request + what);
  } else if (set.start == kError) {
    sink.Report(rules::kV2ErrorSticky, device, set.host, request + what);
  } else {
    sink.Report(rules::kV2UnsupportedStateRefused, device, set.host,
                absl::StrCat(request, what, " on a device claiming ",
                             v2_oracle::HeaderFlagsName(flags)));
  }
}

void V2FsmMonitor::OnArc(uint32_t device, const TraceRecord& r, ViolationSink& sink) {
  v2_oracle::V2DeviceView& view = views_[device];
  const auto from = static_cast<uint32_t>(r.arg[0]);
  const auto to = static_cast<uint32_t>(r.arg[1]);
  const auto after = static_cast<uint32_t>(r.arg[2]);
  const std::string arc = absl::StrCat(HeaderStateName(from), " -> ", HeaderStateName(to));
  std::optional<OpenSet>& set = sets_[device];
  const size_t step = set ? set->arcs++ : 0;
  if (set && set->arcs > kSetArcsBound && !set->bound_reported) {
    set->bound_reported = true;
    sink.Report(rules::kV2SetReturns, device, r.host,
                absl::StrCat("the SET to ", HeaderStateName(set->requested), " took more than ",
                             kSetArcsBound, " arcs without returning"));
  }
  // One report per wrong arc: the most specific rule it breaks.
  if (view.state == kError) {
    if (set) set->refusal_reported = true;
    sink.Report(rules::kV2ErrorSticky, device, r.host,
                absl::StrCat("arc ", arc, " taken while the device is in ERROR"));
  } else if (!set) {
    sink.Report(rules::kV2ArcInFsm, device, r.host,
                absl::StrCat("arc ", arc, " taken outside any SET (an asynchronous transition)"));
  } else if (!set->path) {
    ReportRefusal(device, *set, absl::StrCat("must fail without an arc but took ", arc), sink);
  } else if (from != view.state || !v2_oracle::IsHeaderArc(view.flags, from, to)) {
    set->path_reported = true;
    sink.Report(rules::kV2ArcInFsm, device, r.host,
                from != view.state
                    ? absl::StrCat("arc ", arc, " taken while the device is in ",
                                   HeaderStateName(view.state))
                    : absl::StrCat("arc ", arc, " is not an arc of the FSM of a device claiming ",
                                   v2_oracle::HeaderFlagsName(view.flags)));
  } else if (!set->path_reported &&
             (step + 1 >= set->path->size() || (*set->path)[step] != from ||
              (*set->path)[step + 1] != to)) {
    set->path_reported = true;
    sink.Report(rules::kV2PathShortest, device, r.host,
                absl::StrCat("arc ", step + 1, " of SET ", HeaderStateName(set->start), " -> ",
                             HeaderStateName(set->requested), " is ", arc,
                             "; the header's path is ", Path(*set->path)));
  }
  if (r.result != 0 && after != from && after != kError) {
    sink.Report(rules::kV2ArcFailState, device, r.host,
                absl::StrCat("arc ", arc, " failed (", r.result, ") but left the device in ",
                             HeaderStateName(after)));
  }
  v2_oracle::FollowState(view, r);
}

void V2FsmMonitor::OnSetReturn(uint32_t device, const TraceRecord& r, ViolationSink& sink) {
  std::optional<OpenSet>& set = sets_[device];
  if (!set) return;
  const uint32_t state = views_[device].state;
  if (r.arg[0] != set->requested) {
    sink.Report(rules::kV2SetReportsCallerValue, device, r.host,
                absl::StrCat("SET to ", HeaderStateName(set->requested), " wrote back ",
                             HeaderStateName(r.arg[0]), " (result ", r.result, ")"));
  } else if (r.result != 0 && r.arg[1] != v2::kNoDataFd) {
    sink.Report(rules::kV2SetReportsCallerValue, device, r.host,
                absl::StrCat("a failed SET (", r.result, ") wrote back data_fd ", r.arg[1]));
  }
  if (r.result == 0) {
    if (!set->path && set->requested != set->start) {
      ReportRefusal(device, *set, "must fail but returned 0", sink);
    } else if (state != set->requested) {
      sink.Report(rules::kV2SetCompletes, device, r.host,
                  absl::StrCat("SET to ", HeaderStateName(set->requested),
                               " returned 0 with the device in ", HeaderStateName(state)));
    }
  }
  set.reset();
}

void V2FsmMonitor::OnFeature(uint32_t device, const TraceRecord& r, ViolationSink& sink) {
  if (r.result != 0) return;
  const auto flags = static_cast<uint32_t>(r.arg[0]);
  if (const std::string why = CoreRefusal(flags, r.arg[1]); !why.empty()) {
    sink.Report(rules::kV2FeatureCoreChecks, device, r.host,
                absl::StrCat("VFIO_DEVICE_FEATURE flags 0x", absl::Hex(flags), " argsz ",
                             r.arg[1], " succeeded despite ", why));
    return;
  }
  const uint32_t claimed = views_[device].flags;
  if ((flags & kMask) == kFeatureMigration && (flags & kGet) && !(flags & kProbe) &&
      (r.arg[2] != claimed || !(r.arg[2] & v2_oracle::kFlagStopCopy))) {
    sink.Report(rules::kV2MigrationFlags, device, r.host,
                absl::StrCat("MIGRATION reported flags 0x", absl::Hex(r.arg[2]),
                             "; the device claims ", v2_oracle::HeaderFlagsName(claimed)));
  }
}

void V2FsmMonitor::OnEnd(SimTime end_ns, ViolationSink& sink) {
  static_cast<void>(end_ns);
  for (uint32_t d = 0; d < sets_.size(); ++d) {
    if (!sets_[d]) continue;
    sink.Report(rules::kV2SetReturns, d, sets_[d]->host,
                absl::StrCat("the SET to ", HeaderStateName(sets_[d]->requested),
                             " never returned"));
  }
}

}  // namespace migsim
