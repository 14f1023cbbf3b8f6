// File: tests/tools/outcome_test.cc
//
// Goal: the tools apply the FailOn policy (spec/fail_on.h) exactly as the
// fuzz harness does (fuzz/harness.cc: the same functions), so a crash file re-judged by `migsim
// fuzz` gives the violation the engine saw; the fuzz harness's planted models judge by
// Device.model. Method: verdicts built by hand for the policy; planted and
// corpus scenarios judged under each policy.
#include "tools/outcome.h"

#include <string>

#include "gtest/gtest.h"
#include "spec/rule_registry.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

TEST(OutcomeTest, FailOnNamesRoundTrip) {
  for (const char* name : {"device", "user", "any"}) {
    FailOn f;
    ASSERT_TRUE(ParseFailOnName(name, f)) << name;
    EXPECT_EQ(FailOnName(f), name);
  }
  FailOn f;
  EXPECT_FALSE(ParseFailOnName("Device", f));
  EXPECT_FALSE(ParseFailOnName("", f));
  EXPECT_FALSE(ParseFailOnName("all", f));
}

TEST(OutcomeTest, DecisiveViolationFollowsThePolicy) {
  Violation user;
  user.rule = FindRule("USER-V1-RMW");
  user.record_index = 10;
  Violation device;
  device.rule = FindRule("V2-PATH-SHORTEST");
  device.record_index = 20;
  ASSERT_NE(user.rule, nullptr);
  ASSERT_NE(device.rule, nullptr);
  Verdict verdict;
  EXPECT_EQ(DecisiveViolation(verdict, FailOn::kAny), nullptr);
  verdict.user_errors.push_back(user);
  EXPECT_EQ(DecisiveViolation(verdict, FailOn::kDevice), nullptr);
  EXPECT_EQ(DecisiveViolation(verdict, FailOn::kUser)->rule, user.rule);
  verdict.device_violations.push_back(device);
  EXPECT_EQ(DecisiveViolation(verdict, FailOn::kDevice)->rule, device.rule);
  EXPECT_EQ(DecisiveViolation(verdict, FailOn::kUser)->rule, user.rule);
  EXPECT_EQ(DecisiveViolation(verdict, FailOn::kAny)->rule, user.rule) << "the earlier one";
  verdict.device_violations[0].record_index = 5;
  EXPECT_EQ(DecisiveViolation(verdict, FailOn::kAny)->rule, device.rule);
  verdict.liveness_failure = "pending: event bound";  // not a violation
  EXPECT_EQ(DecisiveViolation(verdict, FailOn::kDevice)->rule, device.rule);
}

TEST(OutcomeTest, UserPolicyRunsPastDeviceViolationsAsTheHarnessDoes) {
  EXPECT_TRUE(ToolJudgeOptions({}, FailOn::kUser).keep_going);
  EXPECT_FALSE(ToolJudgeOptions({}, FailOn::kDevice).keep_going);
  EXPECT_FALSE(ToolJudgeOptions({}, FailOn::kAny).keep_going);
  JudgeOptions base;
  base.keep_records = false;
  EXPECT_TRUE(ToolJudgeOptions(base, FailOn::kAny).keep_records);
}

TEST(OutcomeTest, PlantedModelsOfTheHarnessJudgeByName) {
  const proto::Scenario s = testing::ParseScenario(R"pb(
    format_version: 1
    topology {
      hosts { guest_pages: 64 identity_map: true }
      devices { kind: V2_DEVICE model: "planted_v2_dma_in_stop" }
    }
    actions { v2_set_state { device: 0 state: 1 } }
    actions { device_dma { device: 0 iova: 0x2000 length: 64 write: true } }
    actions { advance_time { ns: 2000 } }
  )pb");
  absl::StatusOr<Outcome> o = JudgeOutcome(s, {}, FailOn::kDevice);
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->rule, "V2-STOP-NO-DMA") << o->Describe();
  EXPECT_EQ(o->signature.rfind("V2-STOP-NO-DMA.planted_v2_dma_in_stop.", 0), 0u) << o->signature;
  EXPECT_LE(o->actions_run, 3);
  absl::StatusOr<Outcome> user = JudgeOutcome(s, {}, FailOn::kUser);
  ASSERT_TRUE(user.ok());
  EXPECT_TRUE(user->clean());
  EXPECT_EQ(user->Describe(), "clean");
}

}  // namespace
}  // namespace migsim
