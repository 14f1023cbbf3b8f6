// Goal: each armed channel fault gives its named violation: a RAM message
// dropped, corrupted, truncated or delayed past the destination's commit
// leaves a page that differs (USER-VM-RAM-MATCHES, naming the fault); a
// device segment dropped, corrupted, truncated, reordered or delayed breaks
// the device's stream (USER-VM-STREAM-TRANSPORTED), its destination refuses
// to load it and the migration fails back to a running source. Near misses:
// faults that do no harm (RAM messages swapped, a short delay that still
// arrives before the commit).
// Method: arm one fault before the default topology's migration and judge.
#include <string>

#include "gtest/gtest.h"
#include "tests/vmm/vmm_test_util.h"

namespace migsim {
namespace {

using vmm_testing::Default;
using vmm_testing::Explain;
using vmm_testing::JudgeAll;
using vmm_testing::RuleIds;

struct FaultCase {
  const char* fault;     // ArmChannelFault fields
  const char* rule;      // the rule it must give
  const char* evidence;  // a phrase of the explanation
  int64_t outcome;       // how the migration ends
};

TEST(VmmChannelRulesTest, EveryFaultGivesItsViolation) {
  const FaultCase cases[] = {
      {"channel_fault: DROP message_kind: RAM_MESSAGE skip: 3", "USER-VM-RAM-MATCHES",
       "(channel fault DROP)", vmm::kOutcomeCompleted},
      {"channel_fault: CORRUPT message_kind: RAM_MESSAGE skip: 3", "USER-VM-RAM-MATCHES",
       "arrived damaged", vmm::kOutcomeCompleted},
      {"channel_fault: TRUNCATE message_kind: RAM_MESSAGE skip: 3", "USER-VM-RAM-MATCHES",
       "(channel fault TRUNCATE)", vmm::kOutcomeCompleted},
      {"channel_fault: DELAY message_kind: RAM_MESSAGE skip: 3 delay_ns: 1000000",
       "USER-VM-RAM-MATCHES", "(channel fault DELAY)", vmm::kOutcomeCompleted},
      {"channel_fault: DROP message_kind: DEVICE_MESSAGE skip: 1", "USER-VM-STREAM-TRANSPORTED",
       "never arrived (channel fault DROP)", vmm::kOutcomeFailed},
      {"channel_fault: CORRUPT message_kind: DEVICE_MESSAGE", "USER-VM-STREAM-TRANSPORTED",
       "arrived damaged", vmm::kOutcomeFailed},
      {"channel_fault: TRUNCATE message_kind: DEVICE_MESSAGE", "USER-VM-STREAM-TRANSPORTED",
       "(channel fault TRUNCATE)", vmm::kOutcomeFailed},
      {"channel_fault: REORDER message_kind: DEVICE_MESSAGE skip: 1", "USER-VM-STREAM-TRANSPORTED",
       "out of order (channel fault REORDER)", vmm::kOutcomeFailed},
      {"channel_fault: DELAY message_kind: DEVICE_MESSAGE skip: 1 delay_ns: 500000",
       "USER-VM-STREAM-TRANSPORTED", "(channel fault DELAY)", vmm::kOutcomeFailed},
  };
  for (const FaultCase& c : cases) {
    SCOPED_TRACE(c.fault);
    const JudgedRun run = JudgeAll(vmm_testing::BeforeMigrate(
        Default(), absl::StrCat("actions { arm_channel_fault { ", c.fault, " } }")));
    EXPECT_TRUE(RuleIds(run.verdict).count(c.rule)) << Explain(run.verdict);
    EXPECT_NE(Explain(run.verdict).find(c.evidence), std::string::npos) << Explain(run.verdict);
    EXPECT_TRUE(run.verdict.device_violations.empty()) << Explain(run.verdict);
    EXPECT_EQ(vmm_testing::LastOutcome(run.world), c.outcome);
    // A failed migration is a clean one: the source runs again.
    EXPECT_FALSE(RuleIds(run.verdict).count("USER-VM-COMPLETE-OR-ROLLBACK"))
        << Explain(run.verdict);
    EXPECT_EQ(vmm_testing::Records(run.world, vmm::kRecordChannelFaultFired).size(), 1u);
  }
}

TEST(VmmChannelRulesTest, HarmlessFaultsNearMiss) {
  for (const char* fault :
       {"channel_fault: REORDER message_kind: RAM_MESSAGE skip: 1",
        "channel_fault: DELAY message_kind: DEVICE_MESSAGE skip: 0 delay_ns: 100"}) {
    SCOPED_TRACE(fault);
    const JudgedRun run = JudgeAll(vmm_testing::BeforeMigrate(
        Default(), absl::StrCat("actions { arm_channel_fault { ", fault, " } }")));
    EXPECT_TRUE(run.verdict.clean()) << Explain(run.verdict);
    EXPECT_EQ(vmm_testing::Records(run.world, vmm::kRecordChannelFaultFired).size(), 1u);
    EXPECT_EQ(vmm_testing::LastOutcome(run.world), vmm::kOutcomeCompleted);
  }
}

}  // namespace
}  // namespace migsim
