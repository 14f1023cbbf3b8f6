// File: tools/delta_debug.cc
#include "tools/delta_debug.h"

#include <algorithm>

#include "sim/check.h"

namespace migsim {
namespace {

// The `index`-th of `n` near-equal chunks of `items`, as [begin, end).
std::pair<size_t, size_t> Chunk(size_t size, size_t n, size_t index) {
  return {size * index / n, size * (index + 1) / n};
}

std::vector<size_t> Without(const std::vector<size_t>& items, size_t begin, size_t end) {
  std::vector<size_t> out(items.begin(), items.begin() + static_cast<ptrdiff_t>(begin));
  out.insert(out.end(), items.begin() + static_cast<ptrdiff_t>(end), items.end());
  return out;
}

}  // namespace

std::vector<size_t> DeltaDebug(std::vector<size_t> items,
                               absl::FunctionRef<bool(const std::vector<size_t>&)> keeps) {
  if (items.empty()) return items;
  if (keeps({})) return {};
  size_t n = 2;
  while (items.size() >= 2) {
    n = std::min(n, items.size());
    bool reduced = false;
    // Try each chunk alone, then each complement (the chunk removed).
    for (size_t i = 0; i < n && !reduced; ++i) {
      const auto [begin, end] = Chunk(items.size(), n, i);
      MIGSIM_CHECK(begin < end && end <= items.size());
      std::vector<size_t> chunk(items.begin() + static_cast<ptrdiff_t>(begin),
                                items.begin() + static_cast<ptrdiff_t>(end));
      if (n > 2 && keeps(chunk)) {
        items = std::move(chunk);
        n = 2;
        reduced = true;
      }
    }
    for (size_t i = 0; i < n && !reduced; ++i) {
      const auto [begin, end] = Chunk(items.size(), n, i);
      std::vector<size_t> rest = Without(items, begin, end);
      if (keeps(rest)) {
        items = std::move(rest);
        n = std::max<size_t>(n - 1, 2);
        reduced = true;
      }
    }
    if (reduced) continue;
    if (n >= items.size()) break;
    n = std::min(items.size(), 2 * n);
  }
  return items;
}

}  // namespace migsim
