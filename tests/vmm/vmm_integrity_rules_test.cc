// Goal: "the destination VM equals the source VM at the stop point" is
// checked for real. A dirty log broken on purpose (the zoo's IOMMU that
// marks only the first page of a DMA write) loses a page: IOMMU-DIRTY-LOGS-DMA-WRITES fires on the device
// side and USER-VM-RAM-MATCHES names the page, the device and the write. A
// source device whose state changes after the stop point resumes into a
// different state: VM-DEVICE-MATCHES. Near misses: the same runs without the
// fault, and a device that changes state only before the stop point.
// Method: judge the default topology with the iommu_dirty_first_page_only
// mutant on the source host and with a v2 driver that keeps ticking in
// STOP_COPY (the quirk itself: tests/zoo/iommu_quirks_test.cc).
#include <string>

#include "gtest/gtest.h"
#include "models/v2/mig_fsm.h"
#include "models/v2/v2_device.h"
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

// A DMA write of pages 8 and 9 during pre-copy; the default topology's own
// DMA never crosses a page, so only this write meets the IOMMU's defect.
constexpr char kCrossingWrite[] =
    "actions { device_dma { device: 3 iova: 0x8800 length: 4096 write: true pattern: 99 } }";

TEST(VmmIntegrityRulesTest, LostDirtyPageFires) {
  proto::Scenario s = InPreCopy(kCrossingWrite);
  s.mutable_topology()->mutable_hosts(0)->set_iommu_model("iommu_dirty_first_page_only");
  const JudgedRun run = JudgeAll(s);
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
  const JudgedRun run = JudgeAll(InPreCopy(kCrossingWrite));
  EXPECT_TRUE(run.verdict.clean()) << Explain(run.verdict);
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

// Found by AFL++ on the reference models: the user put the V1_NDMA source in
// SAVING and drained its stream to the end before the migration began; the
// flow then read SAVING and set SAVING|RUNNING, so the device ran on after a
// concluded stream ("there is no further data"). The stream it had cannot
// describe the stop point, and VM-DEVICE-MATCHES does not blame the device
// for it: only streams begun during the migration are judged.
TEST(VmmIntegrityRulesTest, StreamBegunBeforeTheMigrationIsNotJudged) {
  const proto::Scenario s = testing::ParseScenario(
      "format_version: 1 description: \"reproducer of "
      "VM-DEVICE-MATCHES.v1_reference.vmm_migrate\" topology { hosts { name: \"src\" guest_pages: "
      "1024 } hosts { name: \"dst\" guest_pages: 1024 } devices { name: \"gpu\" kind: V2_DEVICE } "
      "devices { name: \"nic\" kind: V1_DEVICE v1 { variant: V1_NDMA internals { tick_ns: 100 } } "
      "} devices { name: \"fpga\" kind: V2_DEVICE } devices { name: \"ssd\" kind: V1_DEVICE v1 { "
      "variant: V1 } } devices { name: \"crypto\" kind: V2_DEVICE } devices { name: \"gpu\" kind: "
      "V2_DEVICE } devices { name: \"nic\" host: 1 kind: V1_DEVICE v1 { variant: V1_NDMA } } "
      "migration { destination_host: 1 pairs { source_device: 1 destination_device: 6 } } } "
      "actions { v1_set_state { device: 1 value: 2 } } actions { v1_drain { device: 1 } } "
      "actions { vmm_migrate { flow: \"naive_resume_no_barrier\" run_to_end: true } }");
  const JudgedRun run = JudgeAll(s);
  EXPECT_TRUE(run.verdict.device_violations.empty()) << Explain(run.verdict);
}

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
