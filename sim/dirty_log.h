// File: sim/dirty_log.h
//
// DirtyLog: an ordered set of dirty page numbers, the shared building block of
// the IOMMU's DMA dirty log (VFIO_IOMMU_DIRTY_PAGES) and the CPU dirty log a
// hypervisor keeps for vCPU stores. Work is proportional to the number of
// dirty pages touched, never to the size of guest memory, and iteration order
// is ascending page number (absl::btree_set), never hash order.
#ifndef MIGSIM_SIM_DIRTY_LOG_H_
#define MIGSIM_SIM_DIRTY_LOG_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/btree_set.h"

namespace migsim {

// DirtyLog: value type; thread-compatible.
class DirtyLog {
 public:
  // Marks `page` dirty (idempotent).
  void Mark(uint64_t page);

  // Atomic read and clear of [first, first + count): appends every dirty page
  // in the range to `out` in ascending order and clears it from the log.
  // Returns the number of pages appended.
  size_t TakeRange(uint64_t first, uint64_t count, std::vector<uint64_t>* out);

  // Clears [first, first + count) without reporting it.
  void DropRange(uint64_t first, uint64_t count);

  void Clear();
  bool Contains(uint64_t page) const { return pages_.contains(page); }
  size_t size() const { return pages_.size(); }

  // Order-independent digest of the set, maintained incrementally (O(1)).
  uint64_t Digest() const { return digest_sum_; }

 private:
  absl::btree_set<uint64_t> pages_;
  uint64_t digest_sum_ = 0;
};

}  // namespace migsim

#endif  // MIGSIM_SIM_DIRTY_LOG_H_
