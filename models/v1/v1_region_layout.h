// File: models/v1/v1_region_layout.h
//
// RegionLayout: where the reference v1 device puts things in its migration
// region, derived from V1Params: the header (struct
// vfio_device_migration_info), then the data section at data_offset, then,
// for the RFC, the area the dirty bitmap is copied to. These are the model's
// choices within what the texts allow ("The offset from where the data is
// copied is decided by the kernel driver"); the monitors do not use them,
// they learn the region size from the V1_REGION_INFO record.
//
//   trapped:  | header (32 or 64 B) | data section | bitmap (RFC) |
//             0                     ^ data_offset = header size
//   mmapped:  | header | pad | data section (page aligned) | bitmap (page aligned) |
#ifndef MIGSIM_MODELS_V1_V1_REGION_LAYOUT_H_
#define MIGSIM_MODELS_V1_V1_REGION_LAYOUT_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "protos/v1.pb.h"

namespace migsim::v1 {

inline constexpr uint64_t kSegmentBytesDefault = 512;
inline constexpr uint64_t kDataSectionBytesDefault = 4096;
inline constexpr uint64_t kDataSectionBytesMin = 64;
inline constexpr uint64_t kDataSectionBytesMax = uint64_t{1} << 20;
inline constexpr uint64_t kBitmapBytes = 256;  // 2048 pfns per copied_pfns answer
inline constexpr uint64_t kMmapPageBytes = 4096;

// RegionLayout: plain value; every offset is bytes from the region start.
struct RegionLayout {
  uint64_t header_bytes = 0;
  uint64_t data_offset = 0;  // start of the data section
  uint64_t data_section_bytes = 0;
  uint64_t segment_bytes = 0;  // most bytes one SAVING iteration offers
  uint64_t bitmap_offset = 0;  // RFC only; 0 = no bitmap area
  uint64_t bitmap_bytes = 0;
  uint64_t region_size = 0;
  bool sparse_mmap = false;  // [mmap_offset, region_size) is mmap-able
  uint64_t mmap_offset = 0;

  bool InData(uint64_t offset, uint64_t length) const {
    return offset >= data_offset && length <= data_section_bytes &&
           offset - data_offset <= data_section_bytes - length;
  }
  bool InBitmap(uint64_t offset, uint64_t length) const {
    return bitmap_bytes != 0 && offset >= bitmap_offset && length <= bitmap_bytes &&
           offset - bitmap_offset <= bitmap_bytes - length;
  }
};

// The layout for validated `params`.
RegionLayout MakeRegionLayout(const proto::V1Params& params);

// Validates V1Params; errors are InvalidArgumentError naming `path` + ".v1.<field>"
// (for example "topology.devices[2].v1.segment_bytes: 0 ...").
absl::Status ValidateV1Params(const proto::V1Params& params, const std::string& path);

}  // namespace migsim::v1

#endif  // MIGSIM_MODELS_V1_V1_REGION_LAYOUT_H_
