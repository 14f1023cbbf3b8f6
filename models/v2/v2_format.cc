// File: models/v2/v2_format.cc
// One-line rendering, names and coverage keys of the v2 record kinds
// (models/v2/v2_records.h), for the v2 module's entry points.
#include <cerrno>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "models/v2/mig_fsm.h"
#include "models/v2/v2_module.h"
#include "models/v2/v2_records.h"
#include "sim/record_format.h"

namespace migsim::v2 {
namespace {

constexpr absl::string_view kKindNames[] = {
    "V2_SET_BEGIN",    "V2_ARC",       "V2_SET_RETURN", "V2_GET_STATE",  "V2_FEATURE",
    "V2_DATA_SIZE",    "V2_READ",      "V2_WRITE",      "V2_DATA_CLOSE", "V2_PRECOPY_INFO",
    "V2_LOG_START",    "V2_LOG_STOP",  "V2_LOG_REPORT", "V2_SESSION_END",
};
static_assert(std::size(kKindNames) == kV2RecordKindEnd - kV2RecordFirst);

constexpr absl::string_view kEndCauses[] = {"left_state", "reset", "close", "error"};

bool IsV2Kind(uint16_t kind) { return kind >= kV2RecordFirst && kind < kV2RecordKindEnd; }

std::string Fd(uint64_t fd) { return fd == kNoDataFd ? "-1" : absl::StrCat(fd); }

std::string Pages(absl::Span<const uint64_t> pages) {
  constexpr size_t kShown = 16;
  std::string out = "[";
  for (size_t i = 0; i < pages.size() && i < kShown; ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ",", pages[i]);
  }
  if (pages.size() > kShown) absl::StrAppend(&out, ",... ", pages.size(), " pages");
  return out + "]";
}

std::string Args(const TraceRecord& r, absl::Span<const uint64_t> payload) {
  const uint64_t* a = r.arg;
  switch (r.kind) {
    case kV2RecordSetBegin:
      return absl::StrCat(" requested=", StateName(a[0]), " from=", StateName(a[1]));
    case kV2RecordArc:
      return absl::StrCat(" ", StateName(a[0]), " -> ", StateName(a[1]), " now=",
                          StateName(a[2]), " data_fd=", Fd(a[3]));
    case kV2RecordSetReturn:
      return absl::StrCat(" device_state=", StateName(a[0]), " data_fd=", Fd(a[1]),
                          " arcs=", a[2]);
    case kV2RecordGetState: return absl::StrCat(" device_state=", StateName(a[0]));
    case kV2RecordFeature:
      return absl::StrFormat(" flags=%#x argsz=%d value=%d data_fd=%s", a[0], a[1], a[2],
                             Fd(a[3]));
    case kV2RecordDataSize: return absl::StrCat(" stop_copy_length=", a[0]);
    case kV2RecordRead:
    case kV2RecordWrite:
      return absl::StrFormat(" fd=%s len=%d moved=%d total=%d digest=%#x", Fd(a[0]), a[1], a[2],
                             a[4], a[3]);
    case kV2RecordDataClose: return absl::StrCat(" fd=", Fd(a[0]));
    case kV2RecordPrecopyInfo:
      return absl::StrCat(" fd=", Fd(a[0]), " initial_bytes=", a[1], " dirty_bytes=", a[2]);
    case kV2RecordLogStart: {
      std::string ranges;
      for (size_t i = 0; i + 1 < payload.size(); i += 2) {
        absl::StrAppendFormat(&ranges, "%s%#x+%#x", i == 0 ? "" : ",", payload[i],
                              payload[i + 1]);
      }
      return absl::StrCat(" page_size=", a[0], " chosen=", a[1], " ranges=[", ranges, "]");
    }
    case kV2RecordLogReport: {
      const size_t before = std::min<size_t>(a[3], payload.size());
      return absl::StrFormat(" iova=%#x length=%#x page_size=%d preset=%s dirty=%s", a[0], a[1],
                             a[2], Pages(payload.subspan(0, before)),
                             Pages(payload.subspan(before)));
    }
    case kV2RecordSessionEnd:
      return absl::StrCat(" fd=", Fd(a[0]), " cause=",
                          a[1] < std::size(kEndCauses) ? kEndCauses[a[1]] : "?");
    default: return "";
  }
}

// A small class number for a result, for coverage keys.
uint32_t ResultClass(int32_t result) {
  if (result > 0) return 0;
  switch (-result) {
    case 0: return 1;
    case ENOMSG: return 2;
    case ENODEV: return 3;
    case EBADF: return 4;
    case EINVAL: return 5;
    case ENOTTY: return 6;
    case EFAULT: return 7;
    default: return 8;
  }
}

}  // namespace

std::optional<std::string> RecordKindName(uint16_t kind) {
  if (!IsV2Kind(kind)) return std::nullopt;
  return std::string(kKindNames[kind - kV2RecordFirst]);
}

std::optional<std::string> FormatRecord(const TraceRecord& record,
                                        absl::Span<const uint64_t> payload) {
  if (!IsV2Kind(record.kind)) return std::nullopt;
  std::string out = FormatRecordPrefix(record, kKindNames[record.kind - kV2RecordFirst]);
  absl::StrAppend(&out, Args(record, payload));
  if (record.kind != kV2RecordSessionEnd) {
    absl::StrAppend(&out, " -> ", FormatResult(record.result));
  }
  return out;
}

std::optional<uint32_t> CoverageKey(const TraceRecord& r) {
  const uint64_t* a = r.arg;
  switch (r.kind) {
    case kV2RecordArc:  // the arc, failed arcs apart
      return static_cast<uint32_t>((a[0] & 7) * 8 + (a[1] & 7) + (r.result != 0 ? 64 : 0));
    case kV2RecordSetReturn:  // the state reached, or why it was not
      return r.result == 0 ? static_cast<uint32_t>(a[0] & 7) : 16 + ResultClass(r.result);
    case kV2RecordGetState: return static_cast<uint32_t>(a[0] & 7);
    case kV2RecordFeature:  // feature, probe / set bits, success
      return static_cast<uint32_t>(((a[0] & 0xf) << 3) | (((a[0] >> 17) & 3) << 1)) |
             (r.result == 0 ? 1u : 0u);
    case kV2RecordRead:
    case kV2RecordWrite:
    case kV2RecordDataClose:
    case kV2RecordDataSize:
    case kV2RecordLogStart:
    case kV2RecordLogStop:
      return ResultClass(r.result);
    case kV2RecordPrecopyInfo:  // empty, initial left, only dirty left, error class
      if (r.result != 0) return 8 + ResultClass(r.result);
      return a[1] == 0 && a[2] == 0 ? 0u : (a[1] != 0 ? 1u : 2u);
    case kV2RecordLogReport: return r.result != 0 ? 2u : (a[4] == 0 ? 0u : 1u);
    case kV2RecordSessionEnd: return static_cast<uint32_t>(a[1] & 3);
    default: return std::nullopt;
  }
}

}  // namespace migsim::v2
