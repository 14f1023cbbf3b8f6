// File: spec/monitors/v1_state_monitor.cc
#include "spec/monitors/v1_state_monitor.h"

#include "absl/strings/str_cat.h"
#include "models/record_kinds.h"
#include "models/v1/v1_records.h"
#include "spec/rules/v1_ndma_rules.h"
#include "spec/rules/v1_region_rules.h"
#include "spec/rules/v1_rfc_rules.h"

namespace migsim::v1 {
namespace {

// The rule a variant's text gives for one requirement (nullptr: its text
// says nothing).
const Rule* Pick(proto::SpecVariant v, const Rule* rfc, const Rule* v1, const Rule* ndma) {
  return v == proto::V1_RFC ? rfc : v == proto::V1 ? v1 : ndma;
}

const Rule* InvalidRule(proto::SpecVariant v) {
  return Pick(v, &rules::kV1RfcInvalidUnreachable, &rules::kV1InvalidUnreachable,
              &rules::kV1NdmaInvalidUnreachable);
}
const Rule* CommitsRule(proto::SpecVariant v) {
  return Pick(v, &rules::kV1StateCommits, &rules::kV1StateCommits, &rules::kV1NdmaStateCommits);
}
const Rule* FailedWriteRule(proto::SpecVariant v) {
  return Pick(v, &rules::kV1RfcFailedWriteState, &rules::kV1FailedWriteState,
              &rules::kV1NdmaFailedWriteState);
}
const Rule* AsyncRule(proto::SpecVariant v) {
  return Pick(v, &rules::kV1StateCommits, &rules::kV1StateCommits, &rules::kV1NdmaNoAsync);
}

void Report(ViolationSink& sink, const Rule* rule, const TraceRecord& r, std::string what) {
  if (rule != nullptr) sink.Report(*rule, r.device, r.host, std::move(what));
}

bool IsStateAccess(const TraceRecord& r) { return r.arg[0] == kOffsetDeviceState && r.arg[1] == 4; }

std::string ActionsText(const std::vector<BitAction>& actions) {
  std::string out = "[";
  for (BitAction a : actions) absl::StrAppend(&out, out.size() > 1 ? ", " : "", BitActionName(a));
  return out + "]";
}

}  // namespace

void V1StateMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t>,
                              ViolationSink& sink) {
  if (r.device >= views_.size() || !views_[r.device]) return;
  V1DeviceView& v = *views_[r.device];
  switch (r.kind) {
    case kRecordRegionRead: OnRead(v, r, sink); break;
    case kRecordWriteBegin: OnWriteBegin(v, r, sink); break;
    case kRecordWriteEnd: OnWriteEnd(v, r, sink); break;
    case kRecordStateChange: OnStateChange(v, r, sink); break;
    case kRecordDeviceOpen:
    case kRecordDeviceReset: OnOpenOrReset(v, r, sink); break;
    default: break;
  }
  v.Apply(r);
}

void V1StateMonitor::CheckReachable(const V1DeviceView& v, const TraceRecord& r, uint32_t state,
                                    const char* how, ViolationSink& sink) {
  const StateClass c = v.ClassOfState(state);
  if (c == StateClass::kValid || c == StateClass::kError) return;
  Report(sink, InvalidRule(v.variant()), r,
         absl::StrCat("device_state ", how, " ", StateText(state), ", which ",
                      proto::SpecVariant_Name(v.variant()), " never allows"));
}

void V1StateMonitor::OnRead(const V1DeviceView& v, const TraceRecord& r, ViolationSink& sink) {
  const uint64_t offset = r.arg[0];
  const auto width = static_cast<uint32_t>(r.arg[1]);
  if (offset >= v.header_bytes()) return;
  if (FindField(v.variant(), offset, width) == nullptr) {
    Report(sink, &rules::kUserV1FieldWidth, r,
           absl::StrCat("read of ", width, " bytes at header offset ", offset));
    if (r.result == 0) {
      Report(sink, &rules::kV1FieldWidth, r,
             absl::StrCat("a read of ", width, " bytes at header offset ", offset, " succeeded"));
    }
    return;
  }
  if (r.result != 0) return;
  if (offset == kOffsetReserved && r.arg[2] != 0) {
    Report(sink, &rules::kV1ReservedField, r,
           absl::StrCat("reserved read 0x", absl::Hex(r.arg[2])));
  }
  if (!IsStateAccess(r) || v.in_write()) return;
  const auto state = static_cast<uint32_t>(r.arg[2]);
  CheckReachable(v, r, state, "read", sink);
  if (state != v.committed()) ReportMismatch(v, r, state, sink);
}

void V1StateMonitor::ReportMismatch(const V1DeviceView& v, const TraceRecord& r, uint32_t read,
                                    ViolationSink& sink) {
  const proto::SpecVariant var = v.variant();
  const Rule* rule = AsyncRule(var);
  std::string why = "since it was last confirmed";
  if (!v.confirmed()) {
    switch (v.last_event()) {
      case LastEvent::kOpen:
        rule = Pick(var, &rules::kV1StateCommits, &rules::kV1DefaultRunning,
                    &rules::kV1NdmaOpenRunning);
        why = "after an open";
        break;
      case LastEvent::kReset:
        rule = Pick(var, &rules::kV1StateCommits, &rules::kV1StateCommits,
                    &rules::kV1NdmaResetRunning);
        why = "after VFIO_DEVICE_RESET";
        break;
      case LastEvent::kWriteOk:
        rule = CommitsRule(var);
        why = "after the successful write";
        break;
      case LastEvent::kWriteFailed:
        rule = FailedWriteRule(var);
        why = "after the failed write";
        break;
      case LastEvent::kStart: break;
    }
  }
  Report(sink, rule, r,
         absl::StrCat("device_state reads ", StateText(read), " but the device committed ",
                      StateText(v.committed()), " and changed nothing ", why));
  views_[r.device]->Resync(read);
}

void V1StateMonitor::OnWriteBegin(const V1DeviceView& v, const TraceRecord& r,
                                  ViolationSink& sink) {
  const uint64_t offset = r.arg[0];
  const auto width = static_cast<uint32_t>(r.arg[1]);
  if (offset >= v.header_bytes()) return;
  if (FindField(v.variant(), offset, width) == nullptr) {
    Report(sink, &rules::kUserV1FieldWidth, r,
           absl::StrCat("write of ", width, " bytes at header offset ", offset));
    return;
  }
  if (!IsStateAccess(r)) return;
  if (v.IsError(v.committed())) {
    Report(sink, &rules::kUserV1ErrorNeedsReset, r,
           absl::StrCat("device_state written with ", StateText(static_cast<uint32_t>(r.arg[2])),
                        " while the device is in ERROR"));
  }
  const uint32_t reserved = ~DefinedBits(v.variant(), v.ndma_capable());
  const auto value = static_cast<uint32_t>(r.arg[2]);
  if (!v.state_read()) {
    Report(sink, &rules::kUserV1ReadModifyWrite, r,
           absl::StrCat("device_state written with ", StateText(value),
                        " without reading it since its last change"));
  } else if ((value & reserved) != (*v.state_read() & reserved)) {
    Report(sink, &rules::kUserV1ReadModifyWrite, r,
           absl::StrCat("device_state written with ", StateText(value),
                        " changes reserved bits of the value read, ", StateText(*v.state_read())));
  }
}

void V1StateMonitor::OnWriteEnd(const V1DeviceView& v, const TraceRecord& r, ViolationSink& sink) {
  if (!v.in_write()) return;
  const WriteBracket& w = v.write();
  if (w.offset >= v.header_bytes()) return;
  if (FindField(v.variant(), w.offset, w.width) == nullptr) {
    if (r.result == 0) {
      Report(
          sink, &rules::kV1FieldWidth, r,
          absl::StrCat("a write of ", w.width, " bytes at header offset ", w.offset, " succeeded"));
    }
    return;
  }
  if (w.offset == kOffsetReserved && (w.changed_to || !w.actions.empty())) {
    Report(sink, &rules::kV1ReservedField, r, "a write to the reserved field changed device_state");
  }
  if (!w.IsDeviceState()) return;
  if (r.result == 0) {
    OnStateWriteOk(v, r, sink);
  } else if (v.open()) {
    // A write to a closed device fd fails before any migration driver sees
    // it (-EBADF): none of the driver's failed-write duties apply.
    OnStateWriteFailed(v, r, sink);
  }
}

void V1StateMonitor::OnStateWriteOk(const V1DeviceView& v, const TraceRecord& r,
                                    ViolationSink& sink) {
  const WriteBracket& w = v.write();
  const uint32_t value = w.state_value();
  const proto::SpecVariant var = v.variant();
  switch (v.ClassOfState(value)) {
    case StateClass::kValid: break;
    case StateClass::kError:
      Report(sink, &rules::kV1ErrorOnlyOnFailure, r,
             "a write of the error value succeeded: ERROR entered by a successful write");
      break;
    case StateClass::kUnsupported:
      Report(sink, &rules::kV1NdmaResumingRunning, r,
             absl::StrCat("a write of ", StateText(value), " succeeded"));
      break;
    case StateClass::kInvalid:
      Report(sink, InvalidRule(var), r,
             absl::StrCat("a write of ", StateText(value), " succeeded"));
      break;
  }
  const uint32_t after = v.StateAfter(w, r.result);
  if (after != value) {
    Report(sink, CommitsRule(var), r,
           absl::StrCat("write(device_state, ", StateText(value),
                        ") returned success but the device committed ", StateText(after)));
  }
  if (var == proto::V1_NDMA && w.resume_loaded && *w.resume_loaded < 0) {
    Report(sink, &rules::kV1NdmaResumeInvalidFails, r,
           absl::StrCat("the stream failed to load (", *w.resume_loaded,
                        ") but the !RESUMING write succeeded"));
  }
  if (var == proto::V1_NDMA) CheckPriority(v, r, true, sink);
}

void V1StateMonitor::OnStateWriteFailed(const V1DeviceView& v, const TraceRecord& r,
                                        ViolationSink& sink) {
  const WriteBracket& w = v.write();
  const uint32_t value = w.state_value();
  const proto::SpecVariant var = v.variant();
  const uint32_t after = v.StateAfter(w, r.result);
  if (after != w.prior && !v.IsError(after)) {
    Report(sink, FailedWriteRule(var), r,
           absl::StrCat("the failed write left ", StateText(after), ", neither the prior ",
                        StateText(w.prior), HasErrorState(var) ? " nor ERROR" : ""));
  }
  if (var == proto::V1_NDMA) CheckPriority(v, r, false, sink);
  const bool valid = v.ClassOfState(value) == StateClass::kValid;
  if (!w.failure_fired && valid && var == proto::V1_NDMA && (value & kResuming) != 0 &&
      !v.IsError(w.prior)) {
    Report(sink, &rules::kV1NdmaResumingAlways, r,
           absl::StrCat("entering ", StateText(value), " from ", StateText(w.prior),
                        " failed with ", r.result));
  }
  const bool precopy = (w.prior & kSaving) && (w.prior & kRunning) && !(w.prior & kResuming);
  if (!w.failure_fired && valid && var != proto::V1_RFC && precopy && (value & kSaving) &&
      !(value & kRunning)) {
    Report(
        sink, &rules::kV1PrecopyNotRequiredZero, r,
        absl::StrCat("stop-and-copy ", StateText(value), " refused from pre-copy with ", r.result));
  }
  if (var == proto::V1_NDMA && w.resume_loaded && *w.resume_loaded < 0 && !v.IsError(after)) {
    Report(sink, &rules::kV1NdmaResumeInvalidError, r,
           absl::StrCat("the stream failed to load (", *w.resume_loaded, ") and the device is ",
                        StateText(after), ", not ERROR"));
  }
}

void V1StateMonitor::CheckPriority(const V1DeviceView& v, const TraceRecord& r, bool complete,
                                   ViolationSink& sink) {
  const WriteBracket& w = v.write();
  if (w.failure_fired && w.actions.empty()) return;
  std::vector<BitAction> seen;
  for (BitAction a : w.actions) {
    if (PriorityOf(a) >= 0) seen.push_back(a);
  }
  const std::vector<BitAction> want = PrescribedActions(w.prior, w.state_value());
  const bool prefix =
      seen.size() <= want.size() && std::equal(seen.begin(), seen.end(), want.begin());
  if (prefix && (!complete || seen.size() == want.size())) return;
  Report(sink, &rules::kV1NdmaPriorityOrder, r,
         absl::StrCat(StateText(w.prior), " -> ", StateText(w.state_value()), " performed ",
                      ActionsText(seen), ", 002 prescribes ", ActionsText(want)));
}

void V1StateMonitor::OnStateChange(const V1DeviceView& v, const TraceRecord& r,
                                   ViolationSink& sink) {
  const auto to = static_cast<uint32_t>(r.arg[1]);
  CheckReachable(v, r, to, "committed", sink);
  if (v.in_write()) return;
  if (v.IsError(to) && v.variant() != proto::V1_RFC) {
    Report(sink, &rules::kV1ErrorOnlyOnFailure, r, "ERROR entered outside any write");
  }
  Report(sink, AsyncRule(v.variant()), r,
         absl::StrCat("device_state changed ", StateText(static_cast<uint32_t>(r.arg[0])), " -> ",
                      StateText(to), " outside any write, reset or open"));
}

void V1StateMonitor::OnOpenOrReset(const V1DeviceView& v, const TraceRecord& r,
                                   ViolationSink& sink) {
  if (r.result != 0 || r.arg[0] == kRunning) return;
  const bool open = r.kind == kRecordDeviceOpen;
  const Rule* rule =
      open ? Pick(v.variant(), nullptr, &rules::kV1DefaultRunning, &rules::kV1NdmaOpenRunning)
           : Pick(v.variant(), nullptr, nullptr, &rules::kV1NdmaResetRunning);
  Report(sink, rule, r,
         absl::StrCat(open ? "open" : "VFIO_DEVICE_RESET", " left device_state ",
                      StateText(static_cast<uint32_t>(r.arg[0])), ", not RUNNING"));
}

}  // namespace migsim::v1
