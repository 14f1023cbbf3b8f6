// File: sim/iommu.h
//
// Iommu: one host's IOMMU container in the style of VFIO type1: IOVA ranges
// mapped to guest RAM or to a window of a device BAR (peer-to-peer), DMA
// translation with faults, and a DMA dirty log driven by
// VFIO_IOMMU_DIRTY_PAGES START / STOP / GET_BITMAP.
//
// Dirty semantics follow the system-view document
// (002_e161682a2f26ac74.txt): START "Clear the DMA log and start DMA
// logging"; GET_BITMAP is an "atomic test and clear" of the log for its
// range; STOP will "Freeze the DMA log, stop tracking and allow user-space to
// read it". Only successful DMA writes mark pages ("Only DMA writes are
// logged"); a DMA read, a fault or a vCPU store never does. Pages are IOVA
// pages of the container's page size, as in the type1 bitmap.
//
// Methods return 0 or a negative errno: these are the modelled kernel's
// answers (never absl::Status), which the oracle may judge.
#ifndef MIGSIM_SIM_IOMMU_H_
#define MIGSIM_SIM_IOMMU_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "sim/dirty_log.h"

namespace migsim {

// The most mappings one container holds; type1's default dma_entry_limit.
inline constexpr size_t kIommuMappingsMax = 65535;
// The most pages one GET_BITMAP may cover.
inline constexpr uint64_t kDirtyBitmapPagesMax = uint64_t{1} << 24;

// IommuTarget: where an IOVA range leads.
struct IommuTarget {
  enum Kind : uint8_t { kRam = 0, kBar = 1 };
  Kind kind = kRam;
  uint64_t address = 0;  // GPA (kRam) or offset into the BAR (kBar)
  uint32_t device = 0;   // the BAR's device (kBar only)
};

struct IommuMapping {
  uint64_t iova = 0;
  uint64_t size = 0;  // bytes
  IommuTarget target;
  bool writable = true;
};

// Translation of one IOVA: `error` is 0, -EFAULT (nothing mapped) or -EPERM
// (write through a read-only mapping); on success `target.address` is the
// translated address of `iova` itself and `contiguous` the bytes from there to
// the end of the mapping.
struct IommuTranslation {
  int error = 0;
  IommuTarget target;
  uint64_t contiguous = 0;
};

// IommuQuirks: documented defects a caller may switch on, per host, to model
// a faulty IOMMU driver (the engine only knows the quirk, not who asks for
// it); every field is false on every default path, where the Iommu follows
// the texts.
struct IommuQuirks {
  // GET_BITMAP reports the dirty pages of its range but does not clear them,
  // breaking the "atomic test and clear" of 002_e161682a2f26ac74.txt.
  bool get_bitmap_keeps_log = false;
  // A DMA write marks only the page of its first byte, so a write crossing a
  // page boundary loses the pages after it.
  bool mark_first_page_only = false;
  // START begins tracking without clearing the log, so pages an earlier
  // tracking period logged and nobody read are reported as dirty again,
  // breaking DIRTY_TRACKING's "Clear the DMA log and start DMA logging"
  // (002_e161682a2f26ac74.txt).
  bool start_keeps_log = false;

  friend bool operator==(const IommuQuirks&, const IommuQuirks&) = default;
};

// Iommu: value type; thread-compatible.
class Iommu {
 public:
  // REQUIRES: page_size is a power of two.
  explicit Iommu(uint32_t page_size);

  uint32_t page_size() const { return page_size_; }

  // VFIO_IOMMU_MAP_DMA. Errors: -EINVAL when size is 0, iova, size or the
  // target address is not page aligned, or iova + size overflows; -EEXIST when
  // the range overlaps a mapping; -ENOSPC beyond kIommuMappingsMax mappings.
  // The caller checks that the target exists (the kernel's -EFAULT).
  int Map(const IommuMapping& mapping);

  // VFIO_IOMMU_UNMAP_DMA: removes every mapping inside [iova, iova + size) and
  // stores the bytes removed in `unmapped` (0 when nothing was mapped, as type1
  // answers). Errors: -EINVAL when unaligned, zero-sized, overflowing, or when
  // the range would split a mapping. Dirty bits of the unmapped range are
  // dropped, as type1 frees a vfio_dma's bitmap with it.
  int Unmap(uint64_t iova, uint64_t size, uint64_t& unmapped);

  // Translates one IOVA for a DMA read or write.
  IommuTranslation Translate(uint64_t iova, bool write) const;

  // True when some mapping overlapping [iova, iova + length) (bytes; the end
  // saturates at 2^64) targets a device BAR: a DMA over that range would be
  // peer-to-peer for at least part of its bytes. REQUIRES: length > 0.
  bool MapsBar(uint64_t iova, uint64_t length) const;

  // Dirty tracking (VFIO_IOMMU_DIRTY_PAGES). Start clears the log (unless
  // IommuQuirks::start_keeps_log).
  int DirtyStart();
  int DirtyStop();
  bool dirty_tracking() const { return dirty_tracking_; }

  // GET_BITMAP for [iova, iova + size) at `pgsize`: appends the dirty pages,
  // as page indices relative to iova, to `dirty_pages` and clears them.
  // Errors: -EINVAL when the log was never started, pgsize differs from the
  // container page size, iova or size are unaligned, size is 0 or covers more
  // than kDirtyBitmapPagesMax pages.
  int DirtyGetBitmap(uint64_t iova, uint64_t size, uint64_t pgsize,
                     std::vector<uint64_t>& dirty_pages);

  // Records a successful DMA write of [iova, iova + length) while tracking.
  void MarkDmaWrite(uint64_t iova, uint64_t length);

  // The defects this IOMMU models (IommuQuirks); none by default.
  void set_quirks(const IommuQuirks& quirks) { quirks_ = quirks; }
  const IommuQuirks& quirks() const { return quirks_; }

  const std::map<uint64_t, IommuMapping>& mappings() const { return mappings_; }
  const DirtyLog& dirty_log() const { return dirty_; }

  uint64_t Digest() const;

 private:
  bool Aligned(uint64_t value) const { return (value & (page_size_ - 1)) == 0; }

  uint32_t page_size_;
  std::map<uint64_t, IommuMapping> mappings_;  // keyed by iova
  DirtyLog dirty_;                             // IOVA page numbers
  bool dirty_tracking_ = false;
  bool dirty_log_exists_ = false;
  IommuQuirks quirks_;
};

}  // namespace migsim

#endif  // MIGSIM_SIM_IOMMU_H_
