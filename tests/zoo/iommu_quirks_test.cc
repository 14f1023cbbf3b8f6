// Goal: the IOMMU defect knob the zoo's IOMMU mutants switch on
// (IommuQuirks, sim/iommu.h) does exactly its one thing and nothing by
// default: GET_BITMAP keeps the log it reports, or a DMA write marks only
// its first page; the quirks are part of the IOMMU's digest and survive a
// copy.
// Method: drive sim/iommu.h directly, with and without each quirk.
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "sim/iommu.h"

namespace migsim {
namespace {

constexpr uint64_t kPage = 4096;

std::vector<uint64_t> Bitmap(Iommu& iommu) {
  std::vector<uint64_t> pages;
  EXPECT_EQ(iommu.DirtyGetBitmap(0, 16 * kPage, kPage, pages), 0);
  return pages;
}

TEST(IommuQuirksTest, DefaultReadsAndClearsEveryPageOfAWrite) {
  Iommu iommu(kPage);
  EXPECT_EQ(iommu.quirks(), IommuQuirks{});
  ASSERT_EQ(iommu.DirtyStart(), 0);
  iommu.MarkDmaWrite(kPage - 8, 2 * kPage);  // pages 0, 1 and 2
  EXPECT_EQ(Bitmap(iommu), (std::vector<uint64_t>{0, 1, 2}));
  EXPECT_TRUE(Bitmap(iommu).empty());
}

TEST(IommuQuirksTest, GetBitmapKeepsLog) {
  Iommu iommu(kPage);
  const uint64_t clean_digest = iommu.Digest();
  iommu.set_quirks({.get_bitmap_keeps_log = true});
  EXPECT_NE(iommu.Digest(), clean_digest);
  ASSERT_EQ(iommu.DirtyStart(), 0);
  iommu.MarkDmaWrite(3 * kPage, 8);
  EXPECT_EQ(Bitmap(iommu), (std::vector<uint64_t>{3}));
  EXPECT_EQ(Bitmap(iommu), (std::vector<uint64_t>{3}));  // not cleared
  const Iommu copy = iommu;
  EXPECT_TRUE(copy.quirks().get_bitmap_keeps_log);
}

TEST(IommuQuirksTest, MarkFirstPageOnly) {
  Iommu iommu(kPage);
  iommu.set_quirks({.mark_first_page_only = true});
  ASSERT_EQ(iommu.DirtyStart(), 0);
  iommu.MarkDmaWrite(kPage - 8, 2 * kPage);
  EXPECT_EQ(Bitmap(iommu), (std::vector<uint64_t>{0}));
  iommu.MarkDmaWrite(5 * kPage, 64);  // a write inside one page is logged whole
  EXPECT_EQ(Bitmap(iommu), (std::vector<uint64_t>{5}));
}

}  // namespace
}  // namespace migsim
