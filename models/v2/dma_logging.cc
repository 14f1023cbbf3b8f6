// File: models/v2/dma_logging.cc
#include "models/v2/dma_logging.h"

#include <algorithm>
#include <cerrno>

#include "sim/check.h"
#include "sim/hash.h"

namespace migsim::v2 {

int DmaLog::Start(uint64_t page_size_hint, std::vector<LoggedRange> ranges,
                  uint64_t* page_size) {
  MIGSIM_CHECK(page_size != nullptr);
  MIGSIM_CHECK(!ranges.empty()) << "the core refuses num_ranges == 0";
  if (started_) return -EBUSY;
  uint64_t chosen = kLogPageSizeMin;
  while (chosen < page_size_hint && chosen < kLogPageSizeMax) chosen <<= 1;
  started_ = true;
  page_size_ = chosen;
  ranges_ = std::move(ranges);
  dirty_.clear();
  *page_size = chosen;
  return 0;
}

int DmaLog::Stop() {
  started_ = false;
  ranges_.clear();
  dirty_.clear();
  return 0;
}

bool DmaLog::InRanges(uint64_t first, uint64_t last) const {
  for (const LoggedRange& r : ranges_) {
    if (r.length == 0) continue;
    const uint64_t r_last = r.iova + (r.length - 1);
    if (first <= r_last && r.iova <= last) return true;
  }
  return false;
}

void DmaLog::LogWrite(uint64_t iova, uint64_t length) {
  if (!started_ || length == 0) return;
  MIGSIM_CHECK(page_size_ >= kLogPageSizeMin);
  // A write cannot wrap the IOVA space (no mapping can); saturate anyway.
  const uint64_t last = iova + (length - 1) < iova ? ~uint64_t{0} : iova + (length - 1);
  for (uint64_t page = iova / page_size_; page <= last / page_size_; ++page) {
    const uint64_t first_byte = std::max(page * page_size_, iova);
    const uint64_t last_byte = std::min(page * page_size_ + (page_size_ - 1), last);
    if (InRanges(first_byte, last_byte)) dirty_.insert(page);
  }
}

int DmaLog::ReadAndClear(uint64_t iova, uint64_t length, uint64_t page_size,
                         std::vector<uint64_t>& pages) {
  MIGSIM_CHECK(page_size >= kLogPageSizeMin && (page_size & (page_size - 1)) == 0)
      << "the core refuses page_size " << page_size;
  if (!started_) return -EINVAL;
  if (length == 0) return 0;
  const uint64_t last = iova + (length - 1);
  std::set<uint64_t> report;
  std::vector<uint64_t> cleared;
  for (auto it = dirty_.lower_bound(iova / page_size_);
       it != dirty_.end() && *it <= last / page_size_; ++it) {
    const uint64_t page_first = *it * page_size_;
    const uint64_t page_last = page_first + (page_size_ - 1);
    const uint64_t first_byte = std::max(page_first, iova);
    const uint64_t last_byte = std::min(page_last, last);
    if (first_byte > last_byte) continue;
    // Replicate the log page onto every report page it overlaps.
    for (uint64_t r = (first_byte - iova) / page_size; r <= (last_byte - iova) / page_size; ++r) {
      report.insert(r);
    }
    if (page_first >= iova && page_last <= last) cleared.push_back(*it);
  }
  for (uint64_t page : cleared) dirty_.erase(page);
  pages.insert(pages.end(), report.begin(), report.end());
  return 0;
}

uint64_t DmaLog::Digest() const {
  uint64_t d = HashCombine(started_, page_size_);
  for (const LoggedRange& r : ranges_) d = HashCombine(d, HashCombine(r.iova, r.length));
  for (uint64_t page : dirty_) d = HashCombine(d, page);
  return d;
}

}  // namespace migsim::v2
