// File: sim/dirty_log.cc
#include "sim/dirty_log.h"

#include "sim/check.h"
#include "sim/hash.h"

namespace migsim {

void DirtyLog::Mark(uint64_t page) {
  if (pages_.insert(page).second) digest_sum_ += Mix64(page);
}

size_t DirtyLog::TakeRange(uint64_t first, uint64_t count, std::vector<uint64_t>* out) {
  MIGSIM_CHECK(out != nullptr);
  MIGSIM_CHECK(first + count >= first) << "range overflows: first=" << first;
  auto begin = pages_.lower_bound(first);
  auto end = pages_.lower_bound(first + count);
  size_t taken = 0;
  for (auto it = begin; it != end; ++it) {
    out->push_back(*it);
    digest_sum_ -= Mix64(*it);
    ++taken;
  }
  pages_.erase(begin, end);
  return taken;
}

void DirtyLog::DropRange(uint64_t first, uint64_t count) {
  MIGSIM_CHECK(first + count >= first);
  auto begin = pages_.lower_bound(first);
  auto end = pages_.lower_bound(first + count);
  for (auto it = begin; it != end; ++it) digest_sum_ -= Mix64(*it);
  pages_.erase(begin, end);
}

void DirtyLog::Clear() {
  pages_.clear();
  digest_sum_ = 0;
}

}  // namespace migsim
