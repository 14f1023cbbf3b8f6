// Goal: IOMMU-DIRTY-LOGS-DMA-WRITES, IOMMU-DIRTY-READ-CLEARS and
// IOMMU-DIRTY-START-CLEARS fire on a dirty log that loses a write, fails to
// clear on a read, or reports a page from before the last START, and stay
// silent on the near misses (write before START, write after STOP,
// unmapped range, a page written again after a new START).
// Method: the monitor judges trace records alone, so the tests feed it
// hand-made records, as a broken IOMMU would produce them.
#include "spec/monitors/dirty_log_monitor.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "spec/rules/system_view_rules.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

class DirtyLogMonitorTest : public ::testing::Test {
 protected:
  DirtyLogMonitorTest()
      : monitor_(
            testing::ParseScenario("format_version: 1 topology { hosts { guest_pages: 64 } }")) {}

  void Feed(uint16_t kind, int32_t result, std::vector<uint64_t> args,
            std::vector<uint64_t> payload = {}) {
    TraceRecord r;
    r.kind = kind;
    r.result = result;
    r.device = kind == kRecordDmaComplete ? 3 : kNoDevice;
    for (size_t i = 0; i < args.size(); ++i) r.arg[i] = args[i];
    monitor_.OnRecord(r, payload, sink_);
  }
  void Start() { Feed(kRecordDirtyStart, 0, {}); }
  void Stop() { Feed(kRecordDirtyStop, 0, {}); }
  void DmaWrite(uint64_t iova, uint64_t len) {
    Feed(kRecordDmaComplete, 0, {7, iova, len, kDmaFlagWrite, 0, 0});
  }
  void Bitmap(uint64_t iova, uint64_t size, std::vector<uint64_t> pages) {
    Feed(kRecordDirtyGetBitmap, 0, {iova, size, 4096, pages.size()}, pages);
  }

  DirtyLogMonitor monitor_;
  testing::CollectingSink sink_;
};

TEST_F(DirtyLogMonitorTest, CorrectLogIsSilent) {
  Start();
  DmaWrite(0x3000, 16);
  Bitmap(0, 0x10000, {3});
  Bitmap(0, 0x10000, {});
  DmaWrite(0x3000, 16);
  Bitmap(0, 0x10000, {3});  // written again: may be reported again
  EXPECT_TRUE(sink_.ids.empty());
}

TEST_F(DirtyLogMonitorTest, LostWriteFires) {
  Start();
  DmaWrite(0x3ff8, 16);  // pages 3 and 4
  Bitmap(0, 0x10000, {3});
  ASSERT_EQ(sink_.ids, std::vector<std::string>{"IOMMU-DIRTY-LOGS-DMA-WRITES"});
  EXPECT_NE(sink_.explanations[0].find("IOVA page 4"), std::string::npos);
  EXPECT_NE(sink_.explanations[0].find("device d3"), std::string::npos);
}

TEST_F(DirtyLogMonitorTest, ReadOutsideTheWriteIsNoLoss) {
  Start();
  DmaWrite(0x8000, 8);
  Bitmap(0, 0x4000, {});  // does not cover page 8
  EXPECT_TRUE(sink_.ids.empty());
  Bitmap(0x8000, 0x1000, {});  // covers it and misses it
  EXPECT_EQ(sink_.ids, std::vector<std::string>{"IOMMU-DIRTY-LOGS-DMA-WRITES"});
}

TEST_F(DirtyLogMonitorTest, NotClearingFires) {
  Start();
  DmaWrite(0x1000, 8);
  Bitmap(0, 0x4000, {1});
  Bitmap(0, 0x4000, {1});
  EXPECT_EQ(sink_.ids, std::vector<std::string>{"IOMMU-DIRTY-READ-CLEARS"});
}

// Zoo issue 4: a START that does not clear the log shows as a page reported
// that no DMA wrote since that START.
TEST_F(DirtyLogMonitorTest, StalePageAfterStartFires) {
  Start();
  DmaWrite(0x3000, 16);
  Stop();
  Start();
  Bitmap(0, 0x10000, {3});
  ASSERT_EQ(sink_.ids, std::vector<std::string>{"IOMMU-DIRTY-START-CLEARS"});
  EXPECT_NE(sink_.explanations[0].find("IOVA page 3"), std::string::npos);
}

TEST_F(DirtyLogMonitorTest, PageWrittenAgainAfterStartIsNotStale) {
  Start();
  DmaWrite(0x3000, 16);
  Stop();
  Start();
  DmaWrite(0x3800, 16);  // page 3 again, now logged
  Bitmap(0, 0x10000, {3});
  Stop();
  DmaWrite(0x5000, 16);  // after STOP: written since START, not logged
  Bitmap(0, 0x10000, {});
  EXPECT_TRUE(sink_.ids.empty());
}

TEST_F(DirtyLogMonitorTest, NearMissesWithoutTracking) {
  DmaWrite(0x1000, 8);  // before START
  Start();
  Bitmap(0, 0x4000, {});
  Stop();
  DmaWrite(0x2000, 8);  // after STOP
  Bitmap(0, 0x4000, {});
  EXPECT_TRUE(sink_.ids.empty());
}

TEST_F(DirtyLogMonitorTest, UnmapForgetsOwedPages) {
  Start();
  DmaWrite(0x1000, 8);
  Feed(kRecordIommuUnmap, 0, {0, 0x4000, 0x4000});
  Bitmap(0, 0x4000, {});
  EXPECT_TRUE(sink_.ids.empty());
}

TEST_F(DirtyLogMonitorTest, FailedReadIsNotJudged) {
  Start();
  DmaWrite(0x1000, 8);
  Feed(kRecordDirtyGetBitmap, -22, {0, 0x4000, 4096, 0});
  EXPECT_TRUE(sink_.ids.empty());
}

}  // namespace
}  // namespace migsim
