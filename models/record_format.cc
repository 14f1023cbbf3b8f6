// File: models/record_format.cc
#include "models/record_format.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "models/record_kinds.h"
#include "models/v1/v1_module.h"
#include "models/v1/v1_records.h"
#include "models/v2/mig_fsm.h"
#include "models/v2/v2_module.h"
#include "models/v2/v2_records.h"
#include "models/vmm/vmm_module.h"
#include "sim/record_format.h"

namespace migsim {
namespace {

constexpr absl::string_view kDeviceKindNames[] = {
    "INTERNAL_CHANGE", "DEVICE_RESET",  "DEVICE_OPEN",  "DEVICE_CLOSE",
    "FAILURE_ARMED",   "FAILURE_FIRED", "STREAM_SAVE",  "STREAM_END",
    "STREAM_LOAD",     "RESUME_LOADED", "DMA_REQUEST_DECLINED",
};
static_assert(std::size(kDeviceKindNames) == kDeviceRecordKindEnd - kDeviceRecordFirst);

std::string FormatDeviceRecord(const TraceRecord& r) {
  std::string out = FormatRecordPrefix(r, kDeviceKindNames[r.kind - kDeviceRecordFirst]);
  const uint64_t* a = r.arg;
  switch (r.kind) {
    case kRecordInternalChange:
      absl::StrAppendFormat(&out, " digest=%#x chunk=%d cause=%d", a[0], a[1], a[2]);
      return out;
    case kRecordStreamSave:
    case kRecordStreamLoad:
      absl::StrAppendFormat(&out, " session=%d offset=%d len=%d digest=%#x", a[0], a[1], a[2],
                            a[3]);
      break;
    case kRecordStreamEnd:
      absl::StrAppendFormat(&out, " session=%d bytes=%d stream=%#x internal=%#x", a[0], a[1],
                            a[2], a[3]);
      return out;
    case kRecordResumeLoaded:
      absl::StrAppendFormat(&out, " session=%d stream=%#x internal=%#x", a[0], a[1], a[2]);
      break;
    case kRecordFailureArmed:
      absl::StrAppendFormat(&out, " site=%d errno=%d skip=%d to_error=%d", a[0], a[1], a[2],
                            a[3]);
      return out;
    case kRecordFailureFired:
      absl::StrAppendFormat(&out, " site=%d errno=%d to_error=%d", a[0], a[1], a[2]);
      return out;
    case kRecordDmaRequestDeclined:
      absl::StrAppendFormat(&out, " iova=%#x len=%d", a[0], a[1]);
      return out;
    default:
      absl::StrAppendFormat(&out, " state=%#x", a[0]);
      break;
  }
  absl::StrAppend(&out, " -> ", FormatResult(r.result));
  return out;
}

// A v1 device_state value as the texts name it: "STOP" (000b), "RUNNING",
// "SAVING|RUNNING" (pre-copy), "SAVING" (stop-and-copy), "RESUMING", "ERROR"
// (SAVING|RESUMING without NDMA or RUNNING), bits joined by "|" otherwise.
std::string V1StateName(uint64_t state) {
  if ((state & 0xf) == 0x6) return "ERROR";
  if ((state & 0xf) == 0) return "STOP";
  std::string name;
  for (const auto& [bit, word] : {std::pair<uint64_t, const char*>{0x4, "RESUMING"},
                                  {0x2, "SAVING"}, {0x8, "NDMA"}, {0x1, "RUNNING"}}) {
    if (state & bit) absl::StrAppend(&name, name.empty() ? "" : "|", word);
  }
  return name;
}

}  // namespace

std::optional<std::string> DeviceStateAfter(const TraceRecord& record) {
  switch (record.kind) {
    case kRecordDeviceReset:
    case kRecordDeviceOpen:
      // Both families define reset and a fresh open as RUNNING.
      if (record.result == 0) return std::string("RUNNING");
      return std::nullopt;
    case kRecordDeviceClose:
      if (record.result == 0) return std::string("closed");
      return std::nullopt;
    case v1::kRecordStateChange:
      return V1StateName(record.arg[1]);
    case v2::kV2RecordArc:
      return v2::StateName(static_cast<uint32_t>(record.arg[2]));
    default:
      return std::nullopt;
  }
}

std::string RecordKindName(uint16_t kind) {
  absl::string_view name = EngineRecordKindName(kind);
  if (!name.empty()) return std::string(name);
  if (kind >= kDeviceRecordFirst && kind < kDeviceRecordKindEnd) {
    return std::string(kDeviceKindNames[kind - kDeviceRecordFirst]);
  }
  if (auto n = v1::RecordKindName(kind)) return *n;
  if (auto n = v2::RecordKindName(kind)) return *n;
  if (auto n = vmm::RecordKindName(kind)) return *n;
  return absl::StrCat("KIND", kind);
}

std::string FormatRecord(const TraceRecord& record, absl::Span<const uint64_t> payload) {
  if (record.kind >= kDeviceRecordFirst && record.kind < kDeviceRecordKindEnd) {
    return FormatDeviceRecord(record);
  }
  if (auto s = v1::FormatRecord(record, payload)) return *s;
  if (auto s = v2::FormatRecord(record, payload)) return *s;
  if (auto s = vmm::FormatRecord(record, payload)) return *s;
  return FormatEngineRecord(record, payload);
}

}  // namespace migsim
