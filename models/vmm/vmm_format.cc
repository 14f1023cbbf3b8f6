// File: models/vmm/vmm_format.cc
// One-line rendering, names, coverage keys and timeline phases of the
// whole-VM record kinds (models/vmm/vmm_records.h).
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "models/vmm/flow_program.h"
#include "models/vmm/flow_registry.h"
#include "models/vmm/vmm_module.h"
#include "models/vmm/vmm_records.h"
#include "protos/vmm.pb.h"
#include "sim/record_format.h"

namespace migsim::vmm {
namespace {

constexpr absl::string_view kKindNames[] = {
    "VMM_MIGRATION_START", "VMM_PHASE",       "VMM_FLOW_STEP",     "VMM_CHANNEL_SEND",
    "VMM_CHANNEL_RECEIVE", "VMM_FAULT_ARMED", "VMM_FAULT_FIRED",   "VMM_CPU_DIRTY_READ",
    "VMM_STOP_POINT",      "VMM_COMMIT",      "VMM_MIGRATION_END",
};
static_assert(std::size(kKindNames) == kVmmRecordKindEnd - kVmmRecordFirst);

constexpr absl::string_view kPhaseNames[] = {
    "setup",         "dirty tracking", "pre-copy",         "vIOMMU grace", "P2P grace",
    "stop-and-copy", "resume",         "resume P2P grace", "running",      "recovery",
};
static_assert(std::size(kPhaseNames) == kPhaseCount);

constexpr absl::string_view kOutcomeNames[] = {"completed", "failed", "aborted"};

bool IsVmmKind(uint16_t kind) { return kind >= kVmmRecordFirst && kind < kVmmRecordKindEnd; }

absl::string_view KindOfMessage(uint64_t kind) {
  switch (kind) {
    case kMessageRam:
      return "ram";
    case kMessageDevice:
      return "device";
    case kMessageEnd:
      return "end";
    default:
      return "?";
  }
}

std::string FlowName(uint64_t index) {
  const auto flows = Flows();
  if (index == 0xFFFFFFFFu) return "custom";  // Migration::kCustomFlow
  return index < flows.size() ? std::string(flows[index].name) : absl::StrCat("flow", index);
}

std::string Fault(uint64_t fault) {
  return proto::ChannelFault_IsValid(static_cast<int>(fault))
             ? proto::ChannelFault_Name(static_cast<proto::ChannelFault>(fault))
             : absl::StrCat(fault);
}

std::string Args(const TraceRecord& r, absl::Span<const uint64_t> payload) {
  const uint64_t* a = r.arg;
  switch (r.kind) {
    case kRecordMigrationStart:
      return absl::StrFormat(" #%d flow=%s to=h%d pairs=%d precopy_rounds=%d vcpus=%#x", a[0],
                             FlowName(a[1]), a[2], a[3], a[4], a[5]);
    case kRecordPhase:
      return absl::StrCat(" #", a[0], " ", PhaseName(a[1]), " pc=", a[2]);
    case kRecordFlowStep: {
      const bool known = a[2] < static_cast<uint64_t>(FlowOp::kOpCount);
      return absl::StrCat(" #", a[0], " pc=", a[1], " ",
                          known ? FlowOpName(static_cast<FlowOp>(a[2])) : "?", " item=", a[3]);
    }
    case kRecordChannelSend:
    case kRecordChannelReceive:
      return absl::StrFormat(" seq=%d %s %s=%d %s=%d digest=%#x%s", a[0], KindOfMessage(a[1]),
                             a[1] == kMessageRam ? "first_page" : "pair", a[2],
                             a[1] == kMessageRam ? "pages" : "bytes", a[3], a[4],
                             r.kind == kRecordChannelSend ? absl::StrCat(" at=", a[5]) : "");
    case kRecordChannelFaultArmed:
      return absl::StrCat(" ", Fault(a[0]), " kind=", a[1], " skip=", a[2], " delay=", a[3]);
    case kRecordChannelFaultFired:
      return absl::StrCat(" ", Fault(a[0]), " seq=", a[1], " ", KindOfMessage(a[2]));
    case kRecordCpuDirtyRead:
      return absl::StrCat(" first=", a[0], " pages=", a[1], " dirty=", a[2]);
    case kRecordStopPoint:
      return absl::StrFormat(" #%d ram=%#x pages=%d devices=%d", a[0], a[1], a[2], payload.size());
    case kRecordCommit:
      return absl::StrFormat(" #%d destination=%#x source=%#x differ=%d end=%d", a[0], a[1], a[2],
                             a[3], a[4]);
    case kRecordMigrationEnd:
      return absl::StrCat(" #", a[0], " ",
                          a[1] < std::size(kOutcomeNames) ? kOutcomeNames[a[1]] : "?", " pc=", a[2],
                          " steps=", a[3]);
    default:
      return "";
  }
}

}  // namespace

absl::string_view PhaseName(uint64_t phase) {
  return phase < std::size(kPhaseNames) ? kPhaseNames[phase] : "?";
}

std::optional<std::string> RecordKindName(uint16_t kind) {
  if (!IsVmmKind(kind)) return std::nullopt;
  return std::string(kKindNames[kind - kVmmRecordFirst]);
}

std::optional<std::string> FormatRecord(const TraceRecord& record,
                                        absl::Span<const uint64_t> payload) {
  if (!IsVmmKind(record.kind)) return std::nullopt;
  std::string out = FormatRecordPrefix(record, kKindNames[record.kind - kVmmRecordFirst]);
  absl::StrAppend(&out, Args(record, payload), " -> ", FormatResult(record.result));
  return out;
}

std::optional<uint32_t> CoverageKey(const TraceRecord& r) {
  const uint64_t* a = r.arg;
  switch (r.kind) {
    case kRecordPhase:
      return static_cast<uint32_t>(a[1] & 0xf);
    case kRecordFlowStep:  // the op, failed steps apart
      return static_cast<uint32_t>((a[2] & 0x3f) + (r.result != 0 ? 64 : 0));
    case kRecordChannelReceive:
      return static_cast<uint32_t>((a[1] & 3) + (r.result != 0 ? 4 : 0));
    case kRecordChannelFaultFired:
      return static_cast<uint32_t>(((a[0] & 7) << 2) | (a[2] & 3));
    case kRecordCommit:
      return a[3] == 0 ? 0u : 1u;
    case kRecordMigrationEnd:
      return static_cast<uint32_t>(a[1] & 3);
    default:
      return std::nullopt;
  }
}

std::optional<std::string> PhaseAfter(const TraceRecord& r) {
  switch (r.kind) {
    case kRecordPhase:
      return std::string(PhaseName(r.arg[1]));
    case kRecordMigrationEnd:
      return absl::StrCat("ended: ",
                          r.arg[1] < std::size(kOutcomeNames) ? kOutcomeNames[r.arg[1]] : "?");
    default:
      return std::nullopt;
  }
}

}  // namespace migsim::vmm
