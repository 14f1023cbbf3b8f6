// File: models/v1/v1_record_format.cc
//
// Rendering and protocol coverage of the v1 record kinds
// (models/v1/v1_records.h), for `migsim run --trace=full` and the fuzzers.
#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "models/v1/v1_module.h"
#include "models/v1/v1_records.h"
#include "models/v1/v1_uapi.h"
#include "sim/record_format.h"

namespace migsim::v1 {
namespace {

constexpr std::array<absl::string_view, kV1RecordKindEnd - kV1RecordFirst> kNames = {
    "V1_REGION_INFO", "V1_REGION_READ",  "V1_WRITE_BEGIN", "V1_WRITE_END",
    "V1_BIT_ACTION",  "V1_STATE_CHANGE", "V1_WINDOW_READ", "V1_WINDOW_WRITE",
};

bool IsV1Kind(uint16_t kind) { return kind >= kV1RecordFirst && kind < kV1RecordKindEnd; }

// "RUNNING|SAVING" style rendering of a device_state value.
std::string StateName(uint64_t s) {
  if (s == kStop) return "STOP";
  if (s == kError) return "ERROR";
  std::string out;
  constexpr std::pair<uint32_t, const char*> kBits[] = {
      {kNdma, "NDMA"}, {kSaving, "SAVING"}, {kResuming, "RESUMING"}, {kRunning, "RUNNING"}};
  for (const auto& [bit, name] : kBits) {
    if ((s & bit) != 0) absl::StrAppend(&out, out.empty() ? "" : "|", name);
  }
  if ((s & ~uint64_t{0xF}) != 0) absl::StrAppendFormat(&out, "|%#x", s & ~uint64_t{0xF});
  return out;
}

std::string FieldName(uint64_t offset) {
  constexpr std::pair<uint64_t, const char*> kFieldNames[] = {
      {kOffsetDeviceState, "device_state"},   {kOffsetReserved, "reserved"},
      {kOffsetPendingBytes, "pending_bytes"}, {kOffsetDataOffset, "data_offset"},
      {kOffsetDataSize, "data_size"},         {kOffsetStartPfn, "start_pfn"},
      {kOffsetPageSize, "page_size"},         {kOffsetTotalPfns, "total_pfns"},
      {kOffsetCopiedPfns, "copied_pfns"}};
  for (const auto& [o, name] : kFieldNames) {
    if (o == offset) return name;
  }
  return absl::StrFormat("@%d", offset);
}

std::string Access(const TraceRecord& r) {
  const uint64_t* a = r.arg;
  std::string value = a[0] == kOffsetDeviceState && a[1] == 4 ? absl::StrCat(StateName(a[2]))
                                                              : absl::StrFormat("%#x", a[2]);
  return absl::StrFormat(" %s w%d %s", FieldName(a[0]), a[1], value);
}

}  // namespace

std::optional<std::string> RecordKindName(uint16_t kind) {
  if (!IsV1Kind(kind)) return std::nullopt;
  return std::string(kNames[kind - kV1RecordFirst]);
}

std::optional<std::string> FormatRecord(const TraceRecord& r, absl::Span<const uint64_t>) {
  if (!IsV1Kind(r.kind)) return std::nullopt;
  std::string out = FormatRecordPrefix(r, kNames[r.kind - kV1RecordFirst]);
  const uint64_t* a = r.arg;
  switch (r.kind) {
    case kRecordRegionInfo:
      absl::StrAppendFormat(&out, " size=%d flags=%#x mmap=[%#x,+%d) variant=%s", a[0], a[1], a[2],
                            a[3], proto::SpecVariant_Name(static_cast<int>(a[4])));
      return out;
    case kRecordRegionRead:
    case kRecordWriteEnd:
      absl::StrAppend(&out, Access(r), " -> ", FormatResult(r.result));
      return out;
    case kRecordWriteBegin: absl::StrAppend(&out, Access(r)); return out;
    case kRecordBitAction:
      absl::StrAppendFormat(&out, " %s -> %s drained=%d",
                            BitActionName(static_cast<BitAction>(a[0] % kBitActionCount)),
                            StateName(a[1]), a[2]);
      return out;
    case kRecordStateChange:
      absl::StrAppend(&out, " ", StateName(a[0]), " -> ", StateName(a[1]));
      return out;
    default:  // window read / write
      absl::StrAppendFormat(&out, " @%#x len=%d moved=%d pieces=%d%s digest=%#x -> %s", a[0], a[1],
                            a[2], a[3], (a[4] & kWindowFlagMmap) ? " mmap" : "", a[5],
                            FormatResult(r.result));
      return out;
  }
}

std::optional<uint32_t> CoverageKey(const TraceRecord& r) {
  if (!IsV1Kind(r.kind)) return std::nullopt;
  switch (r.kind) {
    case kRecordStateChange: return static_cast<uint32_t>(r.arg[1] & 0xFF);
    case kRecordBitAction: return static_cast<uint32_t>(r.arg[0] & 0xFF);
    case kRecordRegionRead:
    case kRecordWriteEnd:
      if (r.arg[3] == 0) return std::nullopt;
      return static_cast<uint32_t>(r.arg[3] * 2 + (r.result != 0));
    case kRecordWindowRead:
    case kRecordWindowWrite:
      if ((r.arg[4] >> 8) == 0) return std::nullopt;
      return static_cast<uint32_t>((r.arg[4] >> 8) * 2 + (r.result != 0));
    default: return std::nullopt;
  }
}

}  // namespace migsim::v1
