// Goal: "the destination VM equals the source VM at the stop point" is
// checked for real. A dirty log broken on purpose (the IOMMU forgets DMA
// writes) loses a page: IOMMU-DIRTY-LOGS-DMA-WRITES fires on the device
// side and USER-VM-RAM-MATCHES names the page, the device and the write. A
// source device whose state changes after the stop point resumes into a
// different state: VM-DEVICE-MATCHES. Near misses: the same runs without the
// fault, and a device that changes state only before the stop point.
// Method: judge the default topology with BreakDirtyLog and with a v2
// driver that keeps ticking in STOP_COPY; check the Iommu's fault directly.
#include <string>

#include "gtest/gtest.h"
#include "models/v2/mig_fsm.h"
#include "models/v2/v2_device.h"
#include "sim/iommu.h"
#include "sim/limits.h"
#include "tests/vmm/vmm_test_util.h"

namespace migsim {
namespace {

using vmm_testing::Default;
using vmm_testing::Explain;
using vmm_testing::JudgeAll;
using vmm_testing::RuleIds;

// The default scenario with `text` (actions) right after its third
// vmm_step, when the migration is in pre-copy with dirty tracking on.
proto::Scenario InPreCopy(const std::string& text) {
  const proto::Scenario base = Default("reference", 2);
  const proto::Scenario extra = testing::ParseScenario("format_version: 1 " + text);
  proto::Scenario s = base;
  s.clear_actions();
  int steps = 0;
  for (const proto::Action& a : base.actions()) {
    *s.add_actions() = a;
    if (a.has_vmm_step() && ++steps == 3) {
      for (const proto::Action& e : extra.actions()) *s.add_actions() = e;
    }
  }
  EXPECT_EQ(steps, 3);
  return s;
}

TEST(VmmIntegrityRulesTest, LostDirtyPageFires) {
  const JudgedRun run = JudgeAll(InPreCopy(
      "actions { break_dirty_log { host: 0 count: 10 } } "
      "actions { device_dma { device: 3 iova: 0x9000 length: 4096 write: true pattern: 99 } }"));
  const std::set<std::string> ids = RuleIds(run.verdict);
  EXPECT_TRUE(ids.count("IOMMU-DIRTY-LOGS-DMA-WRITES")) << Explain(run.verdict);
  EXPECT_TRUE(ids.count("USER-VM-RAM-MATCHES")) << Explain(run.verdict);
  const std::string why = Explain(run.verdict);
  EXPECT_NE(why.find("lost dirty page: page 9 (gpa 0x9000) written by DMA id"), std::string::npos)
      << why;
  EXPECT_NE(why.find("of device d3 at t="), std::string::npos) << why;
  // The destination really differs from the source at the stop point.
  const std::vector<TraceRecord> commits = vmm_testing::Records(run.world, vmm::kRecordCommit);
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_NE(commits[0].arg[1], commits[0].arg[2]);
  EXPECT_NE(run.world.hosts()[0].memory.page_digest(9), run.world.hosts()[1].memory.page_digest(9));
}

TEST(VmmIntegrityRulesTest, LostDirtyPageNearMiss) {
  // The same write with a working dirty log is copied again.
  const JudgedRun run = JudgeAll(InPreCopy(
      "actions { device_dma { device: 3 iova: 0x9000 length: 4096 write: true pattern: 99 } }"));
  EXPECT_TRUE(run.verdict.clean()) << Explain(run.verdict);
}

TEST(VmmIntegrityRulesTest, IommuLosesArmedMarksOnly) {
  Iommu iommu(4096);
  ASSERT_EQ(iommu.DirtyStart(), 0);
  iommu.ArmLostMarks(1, 2);
  EXPECT_TRUE(iommu.MarkDmaWrite(0x1000, 8));   // skipped: logged
  EXPECT_FALSE(iommu.MarkDmaWrite(0x2000, 8));  // lost
  EXPECT_FALSE(iommu.MarkDmaWrite(0x3000, 8));  // lost
  EXPECT_TRUE(iommu.MarkDmaWrite(0x4000, 8));   // logged again
  std::vector<uint64_t> pages;
  ASSERT_EQ(iommu.DirtyGetBitmap(0, 0x10000, 4096, pages), 0);
  EXPECT_EQ(pages, (std::vector<uint64_t>{1, 4}));
  EXPECT_EQ(iommu.lost_marks_pending(), 0u);
}

// A v2 driver that keeps changing its internal state in STOP_COPY (it
// "must not change its internal state").
class TicksInStopCopy : public v2::V2Device {
 public:
  using V2Device::V2Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::unique_ptr<SimDevice>(new TicksInStopCopy(*this));
  }
  Activity CurrentActivity() const override {
    if (mig_state() == v2::kStateStopCopy) return Activity{.advance = true};
    return V2Device::CurrentActivity();
  }
};

TEST(VmmIntegrityRulesTest, DeviceStateDiffersFires) {
  // d4 (crypto) changes state between the stop point and the end of its
  // stream: its destination d9 resumes into a state d4 never had at the stop.
  const JudgedRun run =
      JudgeAll(Default("reference", 1), vmm_testing::V2DriverAt<TicksInStopCopy>(4));
  const std::set<std::string> ids = RuleIds(run.verdict);
  EXPECT_TRUE(ids.count("VM-DEVICE-MATCHES")) << Explain(run.verdict);
  EXPECT_TRUE(ids.count("V2-STOP-NO-INTERNAL-CHANGE")) << Explain(run.verdict);
  EXPECT_FALSE(ids.count("USER-VM-STREAM-TRANSPORTED")) << Explain(run.verdict);
  EXPECT_NE(Explain(run.verdict).find("its source d4 held"), std::string::npos);
}

TEST(VmmIntegrityRulesTest, DeviceStateDiffersNearMiss) {
  // The same driver on the destination: it never reaches STOP_COPY there.
  const JudgedRun run =
      JudgeAll(Default("reference", 1), vmm_testing::V2DriverAt<TicksInStopCopy>(9));
  EXPECT_TRUE(run.verdict.clean()) << Explain(run.verdict);
}

}  // namespace
}  // namespace migsim
