// File: tests/tools/delta_debug_test.cc
//
// Goal: DeltaDebug returns a 1-minimal sub-list that keeps, in the original
// order, deterministically, never asks about the full list, and gives up in
// O(n) calls when nothing keeps. Method: predicates over index sets.
#include "tools/delta_debug.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "gtest/gtest.h"

namespace migsim {
namespace {

std::vector<size_t> Iota(size_t n) {
  std::vector<size_t> v(n);
  std::iota(v.begin(), v.end(), size_t{0});
  return v;
}

bool Has(const std::vector<size_t>& s, size_t x) {
  return std::find(s.begin(), s.end(), x) != s.end();
}

TEST(DeltaDebugTest, FindsTheItemsThatMatterInOrder) {
  const std::vector<size_t> all = Iota(100);
  int calls = 0;
  auto keeps = [&](const std::vector<size_t>& s) {
    ++calls;
    EXPECT_LT(s.size(), all.size()) << "asked about the full list";
    EXPECT_TRUE(std::is_sorted(s.begin(), s.end()));
    return Has(s, 7) && Has(s, 93) && Has(s, 40);
  };
  EXPECT_EQ(DeltaDebug(all, keeps), (std::vector<size_t>{7, 40, 93}));
  EXPECT_LT(calls, 200);
}

TEST(DeltaDebugTest, EmptyWhenNothingIsNeeded) {
  EXPECT_TRUE(DeltaDebug(Iota(10), [](const std::vector<size_t>&) { return true; }).empty());
  EXPECT_TRUE(DeltaDebug({}, [](const std::vector<size_t>&) { return true; }).empty());
}

TEST(DeltaDebugTest, ResultIsOneMinimalForAnOrderDependentPredicate) {
  // Keeps when the list holds an even item before an item > 20.
  auto keeps = [](const std::vector<size_t>& s) {
    bool even = false;
    for (size_t x : s) {
      if (even && x > 20) return true;
      even = even || x % 2 == 0;
    }
    return false;
  };
  const std::vector<size_t> out = DeltaDebug(Iota(30), keeps);
  ASSERT_TRUE(keeps(out));
  for (size_t i = 0; i < out.size(); ++i) {
    std::vector<size_t> less = out;
    less.erase(less.begin() + static_cast<long>(i));
    EXPECT_FALSE(keeps(less)) << "item " << out[i] << " is removable";
  }
}

TEST(DeltaDebugTest, DeterministicCallSequence) {
  auto run = [] {
    std::vector<std::vector<size_t>> asked;
    DeltaDebug(Iota(37), [&](const std::vector<size_t>& s) {
      asked.push_back(s);
      return Has(s, 3) && Has(s, 30);
    });
    return asked;
  };
  EXPECT_EQ(run(), run());
}

TEST(DeltaDebugTest, GivesUpQuicklyWhenNothingKeeps) {
  int calls = 0;
  const std::vector<size_t> all = Iota(64);
  EXPECT_EQ(DeltaDebug(all, [&](const std::vector<size_t>&) { return ++calls, false; }), all);
  EXPECT_LE(calls, 4 * 64);
}

}  // namespace
}  // namespace migsim
