// File: sim/guest_memory.h
//
// GuestMemory: a guest's RAM as pages whose content is tracked cheaply as one
// 64-bit digest per page. A write of `length` bytes with content digest `data`
// at a guest-physical address replaces each covered page's digest with a mix
// of its old digest, the byte range written in that page and `data`, so two
// memories are equal exactly when every page saw the same writes in the same
// order (up to 64-bit digest collisions). Copying a GuestMemory snapshots it;
// DiffPages compares two.
#ifndef MIGSIM_SIM_GUEST_MEMORY_H_
#define MIGSIM_SIM_GUEST_MEMORY_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace migsim {

// GuestMemory: value type; thread-compatible. Pages start with digest 0.
class GuestMemory {
 public:
  // REQUIRES: page_size is a power of two; page_count * page_size fits in u64.
  GuestMemory(uint64_t page_count, uint32_t page_size);

  uint64_t page_count() const { return pages_.size(); }
  uint32_t page_size() const { return page_size_; }
  uint64_t size_bytes() const { return pages_.size() * page_size_; }

  // True when [gpa, gpa + length) lies inside guest RAM and length > 0.
  bool Contains(uint64_t gpa, uint64_t length) const;

  // Applies a write (bytes) of content `data_digest`. REQUIRES: Contains().
  void Write(uint64_t gpa, uint64_t length, uint64_t data_digest);

  // The digest of the content of [gpa, gpa + length). REQUIRES: Contains().
  uint64_t Read(uint64_t gpa, uint64_t length) const;

  // Whole-page access, as a migration copies pages.
  uint64_t page_digest(uint64_t page) const;
  void set_page_digest(uint64_t page, uint64_t digest);

  // Order-independent digest of all pages, maintained incrementally (O(1)).
  uint64_t Digest() const { return digest_sum_; }

  // Pages (ascending) whose digests differ between `a` and `b`, at most
  // `max_pages` of them. REQUIRES: equal page_count and page_size.
  static std::vector<uint64_t> DiffPages(const GuestMemory& a, const GuestMemory& b,
                                         size_t max_pages);

 private:
  void SetPage(uint64_t page, uint64_t digest);

  std::vector<uint64_t> pages_;
  uint32_t page_size_;
  uint64_t digest_sum_ = 0;
};

}  // namespace migsim

#endif  // MIGSIM_SIM_GUEST_MEMORY_H_
