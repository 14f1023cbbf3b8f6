// Goal: the DMA logging rules (spec/rules/v2_dma_logging_rules.h) fire on a
// driver that breaks them and stay silent on the reference driver, and the
// core's argument checks and the device's log (granularity, replication,
// read-and-clear) behave as include/uapi/linux/vfio.h and vfio_main.c say.
// Method: test-only V2Device subclasses overriding one log op, run under
// every monitor with the device's DMA writes in and out of logged ranges;
// the reference runs the same scenarios and its records are inspected.
#include <cerrno>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "models/v2/v2_records.h"
#include "tests/v2/v2_test_util.h"

namespace migsim::v2 {
namespace {

using v2_testing::RecordsOf;
using v2_testing::RunV2;
using v2_testing::Scenario;

const std::string kDevice = "devices { kind: V2_DEVICE host: 0 v2 { } } ";
std::string Start(uint64_t page_size, const std::string& ranges) {
  return absl::StrCat("actions { v2_log_start { device: 0 page_size: ", page_size, " ", ranges,
                      " } } ");
}
std::string Range(uint64_t iova, uint64_t length) {
  return absl::StrCat("ranges { iova: ", iova, " length: ", length, " } ");
}
std::string Write(uint64_t iova, uint64_t length) {
  return absl::StrCat("actions { device_dma { device: 0 iova: ", iova, " length: ", length,
                      " write: true } } actions { advance_time { ns: 1000 } } ");
}
std::string Report(uint64_t iova, uint64_t length, uint64_t page_size,
                   const std::string& preset = "") {
  return absl::StrCat("actions { v2_log_report { device: 0 iova: ", iova, " length: ", length,
                      " page_size: ", page_size, " ", preset, " } } ");
}

// The pages a REPORT record set, after the preset ones.
std::vector<uint64_t> Reported(const World& world, size_t nth) {
  const std::vector<TraceRecord> reports = RecordsOf(world, kV2RecordLogReport);
  EXPECT_LT(nth, reports.size());
  if (nth >= reports.size()) return {};
  const absl::Span<const uint64_t> payload = world.trace().payload(reports[nth]);
  return std::vector<uint64_t>(payload.begin() + reports[nth].arg[3], payload.end());
}

class DropsLog : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(DropsLog)
  int LogReadAndClear(World& world, uint64_t iova, uint64_t length, uint64_t page_size,
                      std::vector<uint64_t>& pages) override {
    std::vector<uint64_t> dropped;
    return V2Device::LogReadAndClear(world, iova, length, page_size, dropped);
  }
};

class ClearsBitmap : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(ClearsBitmap)
  int LogReadAndClear(World& world, uint64_t iova, uint64_t length, uint64_t page_size,
                      std::vector<uint64_t>& pages) override {
    pages.clear();
    return V2Device::LogReadAndClear(world, iova, length, page_size, pages);
  }
};

class RestartsLog : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(RestartsLog)
  int LogStart(World& world, uint64_t hint, std::vector<LoggedRange> ranges,
               uint64_t* page_size) override {
    log_.Stop();
    return V2Device::LogStart(world, hint, std::move(ranges), page_size);
  }
};

class ReportsWhenOff : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(ReportsWhenOff)
  int LogReadAndClear(World& world, uint64_t iova, uint64_t length, uint64_t page_size,
                      std::vector<uint64_t>& pages) override {
    if (!log_.started()) return 0;
    return V2Device::LogReadAndClear(world, iova, length, page_size, pages);
  }
};

TEST(V2DmaLoggingTest, LostWriteFires) {
  const std::string text = Scenario(kDevice, Start(4096, Range(0, 0x10000)) +
                                                 Write(0x3000, 64) + Report(0, 0x10000, 4096));
  EXPECT_EQ(RunV2<DropsLog>(text).device, std::vector<std::string>{"V2-LOG-REPORTS-WRITES"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  EXPECT_EQ(Reported(*ok.world, 0), std::vector<uint64_t>{3});
}

TEST(V2DmaLoggingTest, WritesOutsideRangesAndReadsAreNotOwed) {
  const std::string text =
      Scenario(kDevice, Start(4096, Range(0, 0x4000)) + Write(0x8000, 64) +
                            "actions { device_dma { device: 0 iova: 0x1000 length: 8 } } "
                            "actions { advance_time { ns: 1000 } } " +
                            Report(0, 0x10000, 4096));
  const v2_testing::Outcome drop = RunV2<DropsLog>(text);
  EXPECT_TRUE(drop.device.empty());
  EXPECT_TRUE(Reported(*RunV2(text).world, 0).empty());
}

TEST(V2DmaLoggingTest, ReportReadsAndClearsAtAnyPageSize) {
  const std::string text =
      Scenario(kDevice, Start(5000, Range(0, 0x20000)) + Write(0x9000, 64) +
                            Report(0, 0x20000, 4096) + Report(0, 0x20000, 4096) +
                            Write(0x9000, 64) + Report(0, 0x20000, 16384));
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  const auto starts = RecordsOf(*ok.world, kV2RecordLogStart);
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_EQ(starts[0].arg[1], 8192u);  // the hint rounded up to a power of two
  EXPECT_EQ(Reported(*ok.world, 0), (std::vector<uint64_t>{8, 9}));  // replicated
  EXPECT_TRUE(Reported(*ok.world, 1).empty());                       // cleared
  EXPECT_EQ(Reported(*ok.world, 2), std::vector<uint64_t>{2});
}

TEST(V2DmaLoggingTest, ClearingBitmapFires) {
  const std::string text = Scenario(
      kDevice, Start(4096, Range(0, 0x10000)) + Write(0x3000, 64) +
                   Report(0, 0x10000, 4096, "bitmap_preset: 7 bitmap_preset: 3"));
  EXPECT_EQ(RunV2<ClearsBitmap>(text).device,
            std::vector<std::string>{"V2-LOG-REPORT-ONLY-SETS"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  EXPECT_EQ(Reported(*ok.world, 0), (std::vector<uint64_t>{3, 7}));
}

TEST(V2DmaLoggingTest, SecondStartAcceptedFires) {
  const std::string text = Scenario(
      kDevice, Start(4096, Range(0, 0x10000)) + Start(4096, Range(0, 0x10000)) +
                   "actions { v2_log_stop { device: 0 } } " + Start(4096, Range(0, 0x10000)));
  EXPECT_EQ(RunV2<RestartsLog>(text).device, std::vector<std::string>{"V2-LOG-SECOND-START"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  const auto starts = RecordsOf(*ok.world, kV2RecordLogStart);
  ASSERT_EQ(starts.size(), 3u);
  EXPECT_EQ(starts[1].result, -EBUSY);
  EXPECT_EQ(starts[2].result, 0);
}

TEST(V2DmaLoggingTest, ReportWithoutStartFires) {
  const std::string text = Scenario(kDevice, Report(0, 0x10000, 4096));
  EXPECT_EQ(RunV2<ReportsWhenOff>(text).device,
            std::vector<std::string>{"V2-LOG-REPORT-WITHOUT-START"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  EXPECT_EQ(RecordsOf(*ok.world, kV2RecordLogReport)[0].result, -EINVAL);
}

TEST(V2DmaLoggingTest, CoreChecksTheArguments) {
  std::string many;
  for (int i = 0; i < 257; ++i) many += Range(0x1000 * i, 0x1000);
  const v2_testing::Outcome ok = RunV2(Scenario(
      kDevice, Start(4096, "") + Start(4096, Range(0, 0x2000) + Range(0x1000, 0x1000)) +
                   Start(4096, Range(0x800, 0x1000)) + Start(4096, many) +
                   Start(4096, Range(0xfffffffffffff000, 0x2000)) + Report(0, 0x1000, 1000) +
                   Report(0xfffffffffffff000, 0x2000, 4096)));
  EXPECT_TRUE(ok.device.empty());
  std::vector<int32_t> results;
  for (const TraceRecord& r : RecordsOf(*ok.world, kV2RecordFeature)) results.push_back(r.result);
  EXPECT_EQ(results, (std::vector<int32_t>{-EINVAL, -EINVAL, -EINVAL, -E2BIG, -EOVERFLOW,
                                           -EINVAL, -EOVERFLOW}));
}

}  // namespace
}  // namespace migsim::v2
