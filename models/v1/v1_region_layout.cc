// File: models/v1/v1_region_layout.cc
#include "models/v1/v1_region_layout.h"

#include "absl/strings/str_cat.h"
#include "models/device/device_work.h"
#include "models/v1/v1_uapi.h"
#include "sim/check.h"
#include "sim/scenario_validation.h"

namespace migsim::v1 {
namespace {

uint64_t RoundUp(uint64_t value, uint64_t to) { return (value + to - 1) / to * to; }

uint64_t DataSectionBytes(const proto::V1Params& p) {
  return p.data_section_bytes() != 0 ? p.data_section_bytes() : kDataSectionBytesDefault;
}

}  // namespace

RegionLayout MakeRegionLayout(const proto::V1Params& p) {
  RegionLayout l;
  l.header_bytes = HeaderBytes(p.variant());
  l.sparse_mmap = p.sparse_mmap();
  l.data_section_bytes = DataSectionBytes(p);
  l.segment_bytes = p.segment_bytes() != 0 ? p.segment_bytes() : kSegmentBytesDefault;
  // 001: "If mmapped, data_offset should be page aligned, whereas initial
  // section which contains the vfio_device_migration_info structure, might
  // not end at the offset, which is page aligned."
  const uint64_t align = l.sparse_mmap ? kMmapPageBytes : 8;
  l.data_offset = RoundUp(l.header_bytes, align);
  l.mmap_offset = l.sparse_mmap ? l.data_offset : 0;
  uint64_t end = l.data_offset + l.data_section_bytes;
  if (p.variant() == proto::V1_RFC) {
    l.bitmap_offset = RoundUp(end, align);
    l.bitmap_bytes = kBitmapBytes;
    end = l.bitmap_offset + (l.sparse_mmap ? kMmapPageBytes : kBitmapBytes);
  }
  l.region_size = l.sparse_mmap ? RoundUp(end, kMmapPageBytes) : end;
  MIGSIM_CHECK(l.data_offset >= l.header_bytes && l.data_offset != 0);
  MIGSIM_CHECK(l.segment_bytes <= l.data_section_bytes) << "unvalidated params";
  return l;
}

absl::Status ValidateV1Params(const proto::V1Params& p, const std::string& path) {
  const std::string at = path + ".v1.";
  if (p.variant() != proto::V1_RFC && p.variant() != proto::V1 && p.variant() != proto::V1_NDMA) {
    return FieldError(at + "variant", absl::StrCat(proto::SpecVariant_Name(p.variant()),
                                                   " is not a v1 variant (V1_RFC, V1, V1_NDMA)"));
  }
  if (p.ndma_capable() && p.variant() != proto::V1_NDMA) {
    return FieldError(at + "ndma_capable", absl::StrCat("true needs variant V1_NDMA, not ",
                                                        proto::SpecVariant_Name(p.variant())));
  }
  if (p.rfc_report_all() && p.variant() != proto::V1_RFC) {
    return FieldError(at + "rfc_report_all", absl::StrCat("true needs variant V1_RFC, not ",
                                                          proto::SpecVariant_Name(p.variant())));
  }
  const uint64_t section = DataSectionBytes(p);
  if (section < kDataSectionBytesMin || section > kDataSectionBytesMax) {
    return FieldError(at + "data_section_bytes",
                      absl::StrCat(p.data_section_bytes(), " is outside [", kDataSectionBytesMin,
                                   ", ", kDataSectionBytesMax, "]"));
  }
  const uint64_t segment = p.segment_bytes() != 0 ? p.segment_bytes() : kSegmentBytesDefault;
  if (segment > section) {
    return FieldError(at + "segment_bytes",
                      absl::StrCat(segment, " exceeds the data section (", section, " bytes)"));
  }
  return ValidateInternals(p.internals(), path + ".v1");
}

}  // namespace migsim::v1
