// Goal: USER-VM-DIRTY-STOP-QUIESCED fires when the VMM clears dirty
// tracking while a paired device can still DMA, and only then: the
// reference flow clears it after every device left RUNNING, and a failed
// migration that stops tracking while its devices run again (recovery) is
// not judged ("If user-space is going to have any use of the dirty log").
// Method: judge the default topology under naive_early_dirty_stop, the
// reference flow, and QEMU 6.2's flow with a failure armed in pre-copy.
#include <string>

#include "gtest/gtest.h"
#include "tests/vmm/vmm_test_util.h"

namespace migsim {
namespace {

using vmm_testing::Default;
using vmm_testing::Explain;
using vmm_testing::JudgeAll;
using vmm_testing::RuleIds;

TEST(VmmDirtyRulesTest, EarlyStopFires) {
  const JudgedRun run = JudgeAll(Default("naive_early_dirty_stop"));
  EXPECT_TRUE(RuleIds(run.verdict).count("USER-VM-DIRTY-STOP-QUIESCED")) << Explain(run.verdict);
  EXPECT_NE(Explain(run.verdict).find("d3 (0x3 (SAVING|RUNNING))"), std::string::npos)
      << Explain(run.verdict);
  EXPECT_TRUE(run.verdict.device_violations.empty()) << Explain(run.verdict);
}

TEST(VmmDirtyRulesTest, StopAfterQuiesceNearMiss) {
  const JudgedRun run = JudgeAll(Default("reference"));
  EXPECT_TRUE(run.verdict.clean()) << Explain(run.verdict);
  EXPECT_EQ(vmm_testing::Records(run.world, kRecordDirtyStop).size(), 1u);
}

TEST(VmmDirtyRulesTest, StopInRecoveryNearMiss) {
  // QEMU 6.2: a failed read in pre-copy fails the migration; cleanup stops
  // dirty tracking with every device RUNNING again. The log has no use then.
  const proto::Scenario s = vmm_testing::BeforeMigrate(
      Default("qemu_v1"), "actions { arm_failure { device: 1 site: DATA_READ skip: 3 } }");
  const JudgedRun run = JudgeAll(s);
  EXPECT_TRUE(run.verdict.clean()) << Explain(run.verdict);
  EXPECT_EQ(vmm_testing::LastOutcome(run.world), vmm::kOutcomeFailed);
  EXPECT_EQ(vmm_testing::Records(run.world, kRecordDirtyStop).size(), 1u);
}

}  // namespace
}  // namespace migsim
