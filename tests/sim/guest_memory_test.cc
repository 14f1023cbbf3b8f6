// Goal: page digests change exactly for the pages a write covers, snapshots
// compare page by page, and the incremental digest matches the content.
#include "sim/guest_memory.h"

#include "gtest/gtest.h"

namespace migsim {
namespace {

TEST(GuestMemoryTest, WriteChangesOnlyCoveredPages) {
  GuestMemory m(8, 4096);
  const GuestMemory before = m;
  m.Write(4096 + 4000, 200, 0x55);  // straddles pages 1 and 2
  EXPECT_EQ(GuestMemory::DiffPages(before, m, 100), (std::vector<uint64_t>{1, 2}));
  EXPECT_NE(before.Digest(), m.Digest());
}

TEST(GuestMemoryTest, SameWritesSameOrderGiveEqualMemories) {
  GuestMemory a(4, 4096), b(4, 4096);
  a.Write(0, 8, 1);
  a.Write(4, 8, 2);
  b.Write(0, 8, 1);
  b.Write(4, 8, 2);
  EXPECT_TRUE(GuestMemory::DiffPages(a, b, 10).empty());
  EXPECT_EQ(a.Digest(), b.Digest());
}

TEST(GuestMemoryTest, OrderOfOverlappingWritesMatters) {
  GuestMemory a(1, 4096), b(1, 4096);
  a.Write(0, 8, 1);
  a.Write(0, 8, 2);
  b.Write(0, 8, 2);
  b.Write(0, 8, 1);
  EXPECT_EQ(GuestMemory::DiffPages(a, b, 10), (std::vector<uint64_t>{0}));
}

TEST(GuestMemoryTest, PageCopyReproducesContent) {
  GuestMemory src(4, 4096), dst(4, 4096);
  src.Write(8192, 100, 77);
  for (uint64_t p = 0; p < 4; ++p) dst.set_page_digest(p, src.page_digest(p));
  EXPECT_TRUE(GuestMemory::DiffPages(src, dst, 10).empty());
  EXPECT_EQ(src.Digest(), dst.Digest());
  EXPECT_EQ(src.Read(8192, 100), dst.Read(8192, 100));
}

TEST(GuestMemoryTest, ContainsRejectsOutOfRangeAndEmpty) {
  GuestMemory m(2, 4096);
  EXPECT_TRUE(m.Contains(0, 8192));
  EXPECT_FALSE(m.Contains(0, 8193));
  EXPECT_FALSE(m.Contains(8192, 1));
  EXPECT_FALSE(m.Contains(0, 0));
  EXPECT_FALSE(m.Contains(~uint64_t{0}, 2));
}

TEST(GuestMemoryTest, DiffIsBoundedByMax) {
  GuestMemory a(16, 4096), b(16, 4096);
  for (uint64_t p = 0; p < 16; ++p) b.Write(p * 4096, 1, p);
  EXPECT_EQ(GuestMemory::DiffPages(a, b, 3).size(), 3u);
}

}  // namespace
}  // namespace migsim
