// File: sim/guest_memory.cc
#include "sim/guest_memory.h"

#include <algorithm>

#include "sim/check.h"
#include "sim/hash.h"

namespace migsim {
namespace {

uint64_t PageTerm(uint64_t page, uint64_t digest) { return HashCombine(Mix64(page), digest); }

}  // namespace

GuestMemory::GuestMemory(uint64_t page_count, uint32_t page_size)
    : pages_(page_count, 0), page_size_(page_size) {
  MIGSIM_CHECK(page_size > 0 && (page_size & (page_size - 1)) == 0) << "page_size=" << page_size;
  MIGSIM_CHECK(page_count <= ~uint64_t{0} / page_size) << "page_count=" << page_count;
  for (uint64_t p = 0; p < page_count; ++p) digest_sum_ += PageTerm(p, 0);
}

bool GuestMemory::Contains(uint64_t gpa, uint64_t length) const {
  return length > 0 && gpa < size_bytes() && length <= size_bytes() - gpa;
}

void GuestMemory::SetPage(uint64_t page, uint64_t digest) {
  digest_sum_ -= PageTerm(page, pages_[page]);
  pages_[page] = digest;
  digest_sum_ += PageTerm(page, digest);
}

void GuestMemory::Write(uint64_t gpa, uint64_t length, uint64_t data_digest) {
  MIGSIM_CHECK(Contains(gpa, length)) << "gpa=" << gpa << " length=" << length;
  uint64_t offset = gpa;
  const uint64_t end = gpa + length;
  while (offset < end) {
    const uint64_t page = offset / page_size_;
    const uint64_t in_page = offset % page_size_;
    const uint64_t chunk = std::min<uint64_t>(page_size_ - in_page, end - offset);
    // The content of this chunk depends on the data and on where in the
    // written range it lies, so equal data at different places differs.
    const uint64_t chunk_data = HashCombine(data_digest, offset - gpa);
    const uint64_t range = (in_page << 32) | chunk;
    SetPage(page, Mix64(HashCombine(pages_[page], range) ^ chunk_data));
    offset += chunk;
  }
}

uint64_t GuestMemory::Read(uint64_t gpa, uint64_t length) const {
  MIGSIM_CHECK(Contains(gpa, length)) << "gpa=" << gpa << " length=" << length;
  uint64_t digest = HashCombine(gpa, length);
  for (uint64_t page = gpa / page_size_; page <= (gpa + length - 1) / page_size_; ++page) {
    digest = HashCombine(digest, pages_[page]);
  }
  return digest;
}

uint64_t GuestMemory::page_digest(uint64_t page) const {
  MIGSIM_CHECK(page < pages_.size()) << "page=" << page;
  return pages_[page];
}

void GuestMemory::set_page_digest(uint64_t page, uint64_t digest) {
  MIGSIM_CHECK(page < pages_.size()) << "page=" << page;
  SetPage(page, digest);
}

std::vector<uint64_t> GuestMemory::DiffPages(const GuestMemory& a, const GuestMemory& b,
                                             size_t max_pages) {
  MIGSIM_CHECK(a.page_count() == b.page_count());
  MIGSIM_CHECK(a.page_size() == b.page_size());
  std::vector<uint64_t> differ;
  if (a.Digest() == b.Digest() && a.pages_ == b.pages_) return differ;
  for (uint64_t p = 0; p < a.pages_.size() && differ.size() < max_pages; ++p) {
    if (a.pages_[p] != b.pages_[p]) differ.push_back(p);
  }
  return differ;
}

}  // namespace migsim
