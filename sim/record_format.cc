// File: sim/record_format.cc
#include "sim/record_format.h"

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace migsim {
namespace {

struct KindName {
  uint16_t kind;
  absl::string_view name;
};

constexpr KindName kEngineKindNames[] = {
    {kRecordTimeAdvance, "TIME_ADVANCE"}, {kRecordIommuMap, "IOMMU_MAP"},
    {kRecordIommuUnmap, "IOMMU_UNMAP"},   {kRecordDirtyStart, "DIRTY_START"},
    {kRecordDirtyStop, "DIRTY_STOP"},     {kRecordDirtyGetBitmap, "DIRTY_GET_BITMAP"},
    {kRecordDmaIssue, "DMA_ISSUE"},       {kRecordDmaComplete, "DMA_COMPLETE"},
    {kRecordInterrupt, "INTERRUPT"},      {kRecordMmio, "MMIO"},
    {kRecordVcpuRun, "VCPU_RUN"},         {kRecordVcpuStop, "VCPU_STOP"},
    {kRecordGuestWrite, "GUEST_WRITE"},   {kRecordViolation, "VIOLATION"},
};
static_assert(std::size(kEngineKindNames) == kEngineRecordKindEnd - 1);

struct ErrnoName {
  int value;
  absl::string_view name;
};

constexpr ErrnoName kErrnoNames[] = {
    {EPERM, "EPERM"},   {ENOENT, "ENOENT"}, {EIO, "EIO"},         {E2BIG, "E2BIG"},
    {EBADF, "EBADF"},   {EAGAIN, "EAGAIN"}, {ENOMEM, "ENOMEM"},   {EFAULT, "EFAULT"},
    {EBUSY, "EBUSY"},   {EEXIST, "EEXIST"}, {ENODEV, "ENODEV"},   {EINVAL, "EINVAL"},
    {ENOSPC, "ENOSPC"}, {ESPIPE, "ESPIPE"}, {ENOTTY, "ENOTTY"},   {ERANGE, "ERANGE"},
    {ENOMSG, "ENOMSG"}, {EOVERFLOW, "EOVERFLOW"}, {EOPNOTSUPP, "EOPNOTSUPP"},
};

}  // namespace

absl::string_view EngineRecordKindName(uint16_t kind) {
  for (const KindName& k : kEngineKindNames) {
    if (k.kind == kind) return k.name;
  }
  return "";
}

std::string FormatResult(int32_t result) {
  if (result >= 0) return absl::StrCat(result);
  for (const ErrnoName& e : kErrnoNames) {
    if (-result == e.value) return absl::StrCat("-", e.name);
  }
  return absl::StrCat(result);
}

std::string FormatRecordPrefix(const TraceRecord& r, absl::string_view name) {
  std::string out = absl::StrFormat("t=%d", r.time_ns);
  if (r.action_index != kNoAction) absl::StrAppend(&out, " a", r.action_index);
  absl::StrAppend(&out, " h", r.host);
  if (r.device != kNoDevice) absl::StrAppend(&out, " d", r.device);
  absl::StrAppend(&out, " ", name);
  return out;
}

std::string FormatEngineRecord(const TraceRecord& r, absl::Span<const uint64_t> payload) {
  absl::string_view name = EngineRecordKindName(r.kind);
  std::string out = FormatRecordPrefix(r, name.empty() ? absl::StrCat("KIND", r.kind) : name);
  const uint64_t* a = r.arg;
  switch (r.kind) {
    case kRecordTimeAdvance:
      absl::StrAppendFormat(&out, " +%dns -> %d", a[0], a[1]);
      return out;
    case kRecordIommuMap:
      absl::StrAppendFormat(&out, " iova=%#x size=%#x -> %s %#x%s%s", a[0], a[1],
                            a[2] == 0 ? "gpa" : absl::StrCat("bar of d", a[4]), a[3],
                            a[5] ? "" : " readonly", "");
      break;
    case kRecordIommuUnmap:
      absl::StrAppendFormat(&out, " iova=%#x size=%#x unmapped=%#x", a[0], a[1], a[2]);
      break;
    case kRecordDirtyGetBitmap:
      absl::StrAppendFormat(&out, " iova=%#x size=%#x pgsize=%d dirty=%d", a[0], a[1], a[2],
                            a[3]);
      if (!payload.empty()) {
        absl::StrAppend(&out, " pages=[");
        for (size_t i = 0; i < payload.size() && i < 16; ++i) {
          absl::StrAppend(&out, i ? "," : "", payload[i]);
        }
        absl::StrAppend(&out, payload.size() > 16 ? ",...]" : "]");
      }
      break;
    case kRecordDmaIssue:
      absl::StrAppendFormat(&out, " id=%d iova=%#x len=%d %s", a[0], a[1], a[2],
                            (a[3] & kDmaFlagWrite) ? "write" : "read");
      return out;
    case kRecordDmaComplete:
      absl::StrAppendFormat(&out, " id=%d iova=%#x len=%d %s", a[0], a[1], a[2],
                            (a[3] & kDmaFlagWrite) ? "write" : "read");
      if (r.result == 0) {
        absl::StrAppend(&out, (a[3] & kDmaFlagP2p) ? absl::StrCat(" p2p->d", a[4])
                                                   : absl::StrCat(" ram page ", a[4]));
      }
      break;
    case kRecordInterrupt:
      absl::StrAppend(&out, " vector=", a[0]);
      return out;
    case kRecordMmio:
      absl::StrAppendFormat(&out, " %s off=%#x width=%d value=%#x from %s%d",
                            (a[2] & kMmioFlagWrite) ? "write" : "read", a[0], a[1], a[3],
                            (a[2] & kMmioFlagFromPeer) ? "d" : "vcpu", a[4]);
      break;
    case kRecordVcpuRun:
    case kRecordVcpuStop:
      absl::StrAppend(&out, " vcpu=", a[0]);
      return out;
    case kRecordGuestWrite:
      absl::StrAppendFormat(&out, " vcpu=%d gpa=%#x len=%d", a[0], a[1], a[2]);
      break;
    case kRecordViolation:
      absl::StrAppendFormat(&out, " rule#%d at record %d", a[0], a[1]);
      return out;
    case kRecordDirtyStart:
    case kRecordDirtyStop:
      break;
    default:
      absl::StrAppendFormat(&out, " args=%#x,%#x,%#x,%#x,%#x,%#x", a[0], a[1], a[2], a[3], a[4],
                            a[5]);
      break;
  }
  absl::StrAppend(&out, " -> ", FormatResult(r.result));
  return out;
}

}  // namespace migsim
