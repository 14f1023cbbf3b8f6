// File: models/v1/v1_dirty_pfn_log.cc
#include "models/v1/v1_dirty_pfn_log.h"

#include <algorithm>
#include <cerrno>

#include "models/v1/v1_uapi.h"
#include "sim/check.h"
#include "sim/hash.h"

namespace migsim::v1 {
namespace {

bool IsPowerOfTwo(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

}  // namespace

DirtyPfnLog::DirtyPfnLog(uint64_t bitmap_bytes, bool report_all)
    : bitmap_bytes_(bitmap_bytes), report_all_(report_all), bitmap_(bitmap_bytes, 0) {}

void DirtyPfnLog::LogWrite(uint64_t iova, uint64_t length) {
  if (!logging_ || report_all_ || length == 0) return;
  const uint64_t last = iova + (length - 1);
  if (last < iova) return;  // wraps: the fabric faulted it, nothing was written
  for (uint64_t g = iova / kDirtyGranule; g <= last / kDirtyGranule; ++g) granules_.insert(g);
}

void DirtyPfnLog::Start() {
  granules_.clear();
  logging_ = true;
  cursor_ = 0;
}

uint64_t DirtyPfnLog::GranuleOf(uint64_t pfn) const { return pfn * (page_size_ / kDirtyGranule); }

int DirtyPfnLog::ReadCopiedPfns(uint64_t& copied) {
  copied = 0;
  if (!IsPowerOfTwo(page_size_) || page_size_ < kDirtyGranule) return -EINVAL;
  const uint64_t per_pfn = page_size_ / kDirtyGranule;
  const uint64_t end_pfn = start_pfn_ + total_pfns_;
  if (end_pfn < start_pfn_ || (end_pfn != 0 && (end_pfn - 1) > ~uint64_t{0} / page_size_)) {
    return -EINVAL;
  }
  const uint64_t first = start_pfn_ + cursor_;
  const uint64_t rest = total_pfns_ - cursor_;
  if (report_all_) {
    copied = rest == 0 ? kDirtyPfnsNone : kDirtyPfnsAll;
    cursor_ = total_pfns_;
    return 0;
  }
  auto it = granules_.lower_bound(GranuleOf(first));
  if (rest == 0 || it == granules_.end() || *it >= GranuleOf(end_pfn)) {
    copied = kDirtyPfnsNone;
    cursor_ = total_pfns_;
    return 0;
  }
  const uint64_t n = std::min(rest, bitmap_bytes_ * 8);
  std::fill(bitmap_.begin(), bitmap_.end(), 0);
  const uint64_t stop = GranuleOf(first + n);
  while (it != granules_.end() && *it < stop) {
    const uint64_t bit = *it / per_pfn - first;
    MIGSIM_CHECK(bit < n) << "bit=" << bit << " n=" << n;
    bitmap_[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
    it = granules_.erase(it);
  }
  cursor_ += n;
  copied = n;
  return 0;
}

uint64_t DirtyPfnLog::Digest() const {
  uint64_t d = HashCombine(granules_.size(), (start_pfn_ << 1) ^ logging_);
  d = HashCombine(d, page_size_ ^ (total_pfns_ << 20) ^ cursor_);
  for (uint64_t g : granules_) d = HashCombine(d, g);
  return d;
}

}  // namespace migsim::v1
