// File: sim/iommu.cc
#include "sim/iommu.h"

#include <cerrno>

#include "sim/check.h"
#include "sim/hash.h"

namespace migsim {

Iommu::Iommu(uint32_t page_size) : page_size_(page_size) {
  MIGSIM_CHECK(page_size > 0 && (page_size & (page_size - 1)) == 0) << "page_size=" << page_size;
}

int Iommu::Map(const IommuMapping& mapping) {
  if (mapping.size == 0) return -EINVAL;
  if (!Aligned(mapping.iova) || !Aligned(mapping.size) || !Aligned(mapping.target.address)) {
    return -EINVAL;
  }
  if (mapping.iova + mapping.size < mapping.iova) return -EINVAL;
  if (mappings_.size() >= kIommuMappingsMax) return -ENOSPC;
  // The first mapping at or after iova must start at or after the end, and
  // the one before must end at or before iova.
  auto next = mappings_.lower_bound(mapping.iova);
  if (next != mappings_.end() && next->first < mapping.iova + mapping.size) return -EEXIST;
  if (next != mappings_.begin()) {
    const IommuMapping& prev = std::prev(next)->second;
    if (prev.iova + prev.size > mapping.iova) return -EEXIST;
  }
  mappings_.emplace(mapping.iova, mapping);
  return 0;
}

int Iommu::Unmap(uint64_t iova, uint64_t size, uint64_t& unmapped) {
  unmapped = 0;
  if (size == 0 || !Aligned(iova) || !Aligned(size) || iova + size < iova) return -EINVAL;
  const uint64_t end = iova + size;
  auto first = mappings_.lower_bound(iova);
  if (first != mappings_.begin()) {
    const IommuMapping& prev = std::prev(first)->second;
    if (prev.iova + prev.size > iova) return -EINVAL;  // would split prev
  }
  auto last = first;
  while (last != mappings_.end() && last->first < end) {
    if (last->second.iova + last->second.size > end) return -EINVAL;  // would split
    ++last;
  }
  for (auto it = first; it != last; ++it) {
    unmapped += it->second.size;
    dirty_.DropRange(it->second.iova / page_size_, it->second.size / page_size_);
  }
  mappings_.erase(first, last);
  return 0;
}

IommuTranslation Iommu::Translate(uint64_t iova, bool write) const {
  IommuTranslation t;
  auto it = mappings_.upper_bound(iova);
  if (it == mappings_.begin()) {
    t.error = -EFAULT;
    return t;
  }
  const IommuMapping& m = std::prev(it)->second;
  if (iova - m.iova >= m.size) {
    t.error = -EFAULT;
    return t;
  }
  if (write && !m.writable) {
    t.error = -EPERM;
    return t;
  }
  t.target = m.target;
  t.target.address = m.target.address + (iova - m.iova);
  t.contiguous = m.size - (iova - m.iova);
  return t;
}

bool Iommu::MapsBar(uint64_t iova, uint64_t length) const {
  MIGSIM_CHECK(length > 0);
  const uint64_t end = iova + length < iova ? ~uint64_t{0} : iova + length;
  auto it = mappings_.upper_bound(iova);
  if (it != mappings_.begin()) {
    const IommuMapping& m = std::prev(it)->second;
    if (iova - m.iova < m.size && m.target.kind == IommuTarget::kBar) return true;
  }
  for (; it != mappings_.end() && it->first < end; ++it) {
    if (it->second.target.kind == IommuTarget::kBar) return true;
  }
  return false;
}

int Iommu::DirtyStart() {
  if (!quirks_.start_keeps_log) dirty_.Clear();  // a defect keeps it: see IommuQuirks
  dirty_tracking_ = true;
  dirty_log_exists_ = true;
  return 0;
}

int Iommu::DirtyStop() {
  dirty_tracking_ = false;
  return 0;
}

int Iommu::DirtyGetBitmap(uint64_t iova, uint64_t size, uint64_t pgsize,
                          std::vector<uint64_t>& dirty_pages) {
  if (!dirty_log_exists_) return -EINVAL;
  if (pgsize != page_size_) return -EINVAL;
  if (size == 0 || !Aligned(iova) || !Aligned(size) || iova + size < iova) return -EINVAL;
  if (size / page_size_ > kDirtyBitmapPagesMax) return -EINVAL;
  const uint64_t first_page = iova / page_size_;
  const size_t before = dirty_pages.size();
  dirty_.TakeRange(first_page, size / page_size_, &dirty_pages);
  for (size_t i = before; i < dirty_pages.size(); ++i) {
    if (quirks_.get_bitmap_keeps_log) dirty_.Mark(dirty_pages[i]);  // a defect: see IommuQuirks
    dirty_pages[i] -= first_page;
  }
  return 0;
}

void Iommu::MarkDmaWrite(uint64_t iova, uint64_t length) {
  MIGSIM_CHECK(length > 0);
  if (!dirty_tracking_) return;
  // A defect (IommuQuirks::mark_first_page_only) stops after the first page.
  const uint64_t last =
      quirks_.mark_first_page_only ? iova / page_size_ : (iova + length - 1) / page_size_;
  for (uint64_t page = iova / page_size_; page <= last; ++page) {
    dirty_.Mark(page);
  }
}

uint64_t Iommu::Digest() const {
  uint64_t d = HashCombine(page_size_, dirty_.Digest());
  d = HashCombine(d, (uint64_t{quirks_.start_keeps_log} << 4) |
                         (uint64_t{quirks_.mark_first_page_only} << 3) |
                         (uint64_t{quirks_.get_bitmap_keeps_log} << 2) |
                         (uint64_t{dirty_tracking_} << 1) | uint64_t{dirty_log_exists_});
  for (const auto& [iova, m] : mappings_) {
    d = HashCombine(d, iova);
    d = HashCombine(d, m.size);
    d = HashCombine(d, m.target.address);
    d = HashCombine(d, (uint64_t{m.target.device} << 16) | (m.target.kind << 1) | m.writable);
  }
  return d;
}

}  // namespace migsim
