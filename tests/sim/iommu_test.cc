// Goal: the IOMMU maps, unmaps and translates with type1's errors, and its
// dirty log behaves as the system-view document says: START clears, only DMA
// writes mark, GET_BITMAP is an atomic read and clear, STOP freezes.
// Method: drive Iommu directly; DMA marking through MarkDmaWrite as the
// fabric does (the fabric path is covered in dma_fabric_test.cc).
#include "sim/iommu.h"

#include <cerrno>
#include <vector>

#include "gtest/gtest.h"

namespace migsim {
namespace {

IommuMapping Ram(uint64_t iova, uint64_t size, uint64_t gpa, bool writable = true) {
  return IommuMapping{iova, size, {IommuTarget::kRam, gpa, 0}, writable};
}

TEST(IommuTest, MapRejectsUnalignedZeroAndOverflow) {
  Iommu iommu(4096);
  EXPECT_EQ(iommu.Map(Ram(0x1001, 4096, 0)), -EINVAL);
  EXPECT_EQ(iommu.Map(Ram(0x1000, 100, 0)), -EINVAL);
  EXPECT_EQ(iommu.Map(Ram(0x1000, 4096, 12)), -EINVAL);
  EXPECT_EQ(iommu.Map(Ram(0x1000, 0, 0)), -EINVAL);
  EXPECT_EQ(iommu.Map(Ram(~uint64_t{0} - 4095, 8192, 0)), -EINVAL);
  EXPECT_TRUE(iommu.mappings().empty());
}

TEST(IommuTest, MapRejectsOverlapOnEitherSide) {
  Iommu iommu(4096);
  ASSERT_EQ(iommu.Map(Ram(0x4000, 0x2000, 0)), 0);
  EXPECT_EQ(iommu.Map(Ram(0x3000, 0x2000, 0)), -EEXIST);  // overlaps the start
  EXPECT_EQ(iommu.Map(Ram(0x5000, 0x2000, 0)), -EEXIST);  // overlaps the end
  EXPECT_EQ(iommu.Map(Ram(0x4000, 0x1000, 0)), -EEXIST);  // inside
  EXPECT_EQ(iommu.Map(Ram(0x6000, 0x1000, 0)), 0);        // adjacent is fine
  EXPECT_EQ(iommu.Map(Ram(0x3000, 0x1000, 0)), 0);
}

TEST(IommuTest, TranslateFaultsOnUnmappedAndReadOnlyWrite) {
  Iommu iommu(4096);
  ASSERT_EQ(iommu.Map(Ram(0x10000, 0x2000, 0x3000)), 0);
  ASSERT_EQ(iommu.Map(Ram(0x20000, 0x1000, 0x8000, /*writable=*/false)), 0);
  IommuTranslation t = iommu.Translate(0x10010, true);
  EXPECT_EQ(t.error, 0);
  EXPECT_EQ(t.target.address, 0x3010u);
  EXPECT_EQ(t.contiguous, 0x2000u - 0x10);
  EXPECT_EQ(iommu.Translate(0x12000, false).error, -EFAULT);  // just past the end
  EXPECT_EQ(iommu.Translate(0xfff, false).error, -EFAULT);
  EXPECT_EQ(iommu.Translate(0x20000, true).error, -EPERM);
  EXPECT_EQ(iommu.Translate(0x20000, false).error, 0);
}

// A range is P2P when any mapping it overlaps targets a BAR, whether the BAR
// window holds its first byte, its last, or only its middle.
TEST(IommuTest, MapsBarSeesAnyOverlappedBarWindow) {
  Iommu iommu(4096);
  ASSERT_EQ(iommu.Map(Ram(0x0, 0x10000, 0)), 0);
  ASSERT_EQ(iommu.Map(IommuMapping{0x10000, 0x1000, {IommuTarget::kBar, 0, 1}, true}), 0);
  ASSERT_EQ(iommu.Map(Ram(0x11000, 0x1000, 0x10000)), 0);
  EXPECT_FALSE(iommu.MapsBar(0x0, 0x10000));      // ends right before the window
  EXPECT_TRUE(iommu.MapsBar(0xfff, 0x100000));    // starts in RAM, runs into it
  EXPECT_TRUE(iommu.MapsBar(0x10800, 8));         // inside it
  EXPECT_TRUE(iommu.MapsBar(0xf000, 0x3000));     // RAM, the window, RAM
  EXPECT_FALSE(iommu.MapsBar(0x11000, 0x1000));   // starts right after it
  EXPECT_FALSE(iommu.MapsBar(0x20000, 8));        // unmapped
  EXPECT_TRUE(iommu.MapsBar(0x0, ~uint64_t{0}));  // the end saturates
}

TEST(IommuTest, UnmapRemovesWholeMappingsAndRefusesToSplit) {
  Iommu iommu(4096);
  ASSERT_EQ(iommu.Map(Ram(0x1000, 0x2000, 0)), 0);
  ASSERT_EQ(iommu.Map(Ram(0x3000, 0x1000, 0)), 0);
  uint64_t unmapped = 7;
  EXPECT_EQ(iommu.Unmap(0x2000, 0x1000, unmapped), -EINVAL);  // splits the first
  EXPECT_EQ(unmapped, 0u);
  EXPECT_EQ(iommu.Unmap(0x1000, 0x1000, unmapped), -EINVAL);  // splits it too
  EXPECT_EQ(iommu.Unmap(0x8000, 0x1000, unmapped), 0);        // nothing there: type1 says 0
  EXPECT_EQ(unmapped, 0u);
  EXPECT_EQ(iommu.Unmap(0x1000, 0x3000, unmapped), 0);
  EXPECT_EQ(unmapped, 0x3000u);
  EXPECT_TRUE(iommu.mappings().empty());
  EXPECT_EQ(iommu.Translate(0x1000, false).error, -EFAULT);
}

TEST(IommuTest, DmaWriteWhileTrackingIsReportedExactlyOnce) {
  Iommu iommu(4096);
  ASSERT_EQ(iommu.Map(Ram(0, 0x10000, 0)), 0);
  ASSERT_EQ(iommu.DirtyStart(), 0);
  iommu.MarkDmaWrite(0x2ff8, 16);  // straddles IOVA pages 2 and 3
  std::vector<uint64_t> pages;
  ASSERT_EQ(iommu.DirtyGetBitmap(0, 0x10000, 4096, pages), 0);
  EXPECT_EQ(pages, (std::vector<uint64_t>{2, 3}));
  pages.clear();
  ASSERT_EQ(iommu.DirtyGetBitmap(0, 0x10000, 4096, pages), 0);
  EXPECT_TRUE(pages.empty()) << "read-and-clear must clear";
}

TEST(IommuTest, BitmapIsRelativeToItsRangeAndClearsOnlyIt) {
  Iommu iommu(4096);
  ASSERT_EQ(iommu.DirtyStart(), 0);
  iommu.MarkDmaWrite(0x5000, 1);
  iommu.MarkDmaWrite(0x9000, 1);
  std::vector<uint64_t> pages;
  ASSERT_EQ(iommu.DirtyGetBitmap(0x4000, 0x2000, 4096, pages), 0);
  EXPECT_EQ(pages, (std::vector<uint64_t>{1}));
  EXPECT_TRUE(iommu.dirty_log().Contains(9));
  EXPECT_FALSE(iommu.dirty_log().Contains(5));
}

TEST(IommuTest, NoMarkingWithoutTrackingStartClearsStopFreezes) {
  Iommu iommu(4096);
  std::vector<uint64_t> pages;
  EXPECT_EQ(iommu.DirtyGetBitmap(0, 4096, 4096, pages), -EINVAL) << "never started";
  iommu.MarkDmaWrite(0, 8);
  ASSERT_EQ(iommu.DirtyStart(), 0);
  EXPECT_EQ(iommu.dirty_log().size(), 0u);
  iommu.MarkDmaWrite(0x1000, 8);
  ASSERT_EQ(iommu.DirtyStop(), 0);
  iommu.MarkDmaWrite(0x2000, 8);  // after STOP: not logged
  ASSERT_EQ(iommu.DirtyGetBitmap(0, 0x4000, 4096, pages), 0) << "frozen log stays readable";
  EXPECT_EQ(pages, (std::vector<uint64_t>{1}));
  ASSERT_EQ(iommu.DirtyStart(), 0);
  EXPECT_EQ(iommu.dirty_log().size(), 0u) << "START clears the log";
}

TEST(IommuTest, GetBitmapArgumentErrors) {
  Iommu iommu(4096);
  ASSERT_EQ(iommu.DirtyStart(), 0);
  std::vector<uint64_t> pages;
  EXPECT_EQ(iommu.DirtyGetBitmap(0, 4096, 8192, pages), -EINVAL);  // pgsize
  EXPECT_EQ(iommu.DirtyGetBitmap(1, 4096, 4096, pages), -EINVAL);  // iova
  EXPECT_EQ(iommu.DirtyGetBitmap(0, 100, 4096, pages), -EINVAL);   // size
  EXPECT_EQ(iommu.DirtyGetBitmap(0, 0, 4096, pages), -EINVAL);     // empty
  EXPECT_EQ(iommu.DirtyGetBitmap(0, (kDirtyBitmapPagesMax + 1) * 4096, 4096, pages), -EINVAL);
}

TEST(IommuTest, UnmapDropsDirtyBitsOfItsRange) {
  Iommu iommu(4096);
  ASSERT_EQ(iommu.Map(Ram(0, 0x2000, 0)), 0);
  ASSERT_EQ(iommu.DirtyStart(), 0);
  iommu.MarkDmaWrite(0, 8);
  uint64_t unmapped = 0;
  ASSERT_EQ(iommu.Unmap(0, 0x2000, unmapped), 0);
  EXPECT_EQ(iommu.dirty_log().size(), 0u);
}

TEST(IommuTest, DigestFollowsMappingsAndLog) {
  Iommu a(4096), b(4096);
  EXPECT_EQ(a.Digest(), b.Digest());
  ASSERT_EQ(a.Map(Ram(0, 4096, 0)), 0);
  EXPECT_NE(a.Digest(), b.Digest());
  ASSERT_EQ(b.Map(Ram(0, 4096, 0)), 0);
  EXPECT_EQ(a.Digest(), b.Digest());
  ASSERT_EQ(a.DirtyStart(), 0);
  EXPECT_NE(a.Digest(), b.Digest());
}

}  // namespace
}  // namespace migsim
