// File: tests/tools/minimizer_test.cc
//
// Goal: Minimize shrinks a failing scenario with many irrelevant actions and
// a padded topology to the essential actions, keeps the signature, confirms
// it, stays within its run budget, is deterministic, and refuses inputs it
// cannot work on. Method: the planted "test_reenters_precopy" driver
// (tests/tools/planted_models.h) and a corpus scenario with user errors.
#include "tools/minimizer.h"

#include <string>

#include "gtest/gtest.h"
#include "sim/scenario_io.h"
#include "tests/test_util.h"
#include "tests/tools/planted_models.h"
#include "tools/outcome.h"

namespace migsim {
namespace {

MinimizeOptions PlantedOptions() {
  MinimizeOptions options;
  options.judge = testing::PlantedJudgeOptions();
  return options;
}

TEST(MinimizerTest, ShrinksToTheEssentialActionsAndKeepsTheSignature) {
  const proto::Scenario input = testing::ParseScenario(testing::kPlantedPreCopyScenario);
  ASSERT_EQ(input.actions_size(), 18);
  absl::StatusOr<MinimizeResult> m = Minimize(input, PlantedOptions());
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->signature, "V2-STOPCOPY-TO-PRECOPY-REFUSED.test_reenters_precopy.STOP_COPY-to-STOP");
  EXPECT_EQ(m->actions_before, 18);
  EXPECT_EQ(m->actions_after, 2);
  ASSERT_EQ(m->scenario.actions_size(), 2);
  EXPECT_EQ(m->scenario.actions(0).ShortDebugString(), "v2_set_state { state: 3 }");
  EXPECT_EQ(m->scenario.actions(1).ShortDebugString(), "v2_set_state { state: 6 }");
  // Topology pruning: the spare host, the idle device and the window go.
  EXPECT_EQ(m->scenario.topology().hosts_size(), 1);
  EXPECT_EQ(m->scenario.topology().devices_size(), 1);
  EXPECT_EQ(m->scenario.topology().p2p_windows_size(), 0);
  EXPECT_EQ(m->scenario.topology().devices(0).model(), "test_reenters_precopy");
  EXPECT_EQ(m->scenario.seed(), 0u) << "the planted bug needs no random choice";
  EXPECT_FALSE(m->scenario.has_bounds()) << "the default bounds do as well";
  EXPECT_EQ(m->scenario.description(), "reproducer of " + m->signature);
  EXPECT_TRUE(m->confirmed);
  EXPECT_FALSE(m->budget_spent);
  EXPECT_EQ(m->rule, "V2-STOPCOPY-TO-PRECOPY-REFUSED");
  // The result reproduces on its own.
  absl::StatusOr<Outcome> again =
      JudgeOutcome(m->scenario, testing::PlantedJudgeOptions(), FailOn::kDevice);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->signature, m->signature);
  EXPECT_EQ(again->trace_hash, m->trace_hash);
}

TEST(MinimizerTest, SameInputSameOutput) {
  const proto::Scenario input = testing::ParseScenario(testing::kPlantedPreCopyScenario);
  absl::StatusOr<MinimizeResult> a = Minimize(input, PlantedOptions());
  absl::StatusOr<MinimizeResult> b = Minimize(input, PlantedOptions());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(ScenarioToText(a->scenario), ScenarioToText(b->scenario));
  EXPECT_EQ(a->runs, b->runs);
  EXPECT_EQ(a->trace_hash, b->trace_hash);
}

TEST(MinimizerTest, StaysWithinItsBudgetAndStillConfirms) {
  const proto::Scenario input = testing::ParseScenario(testing::kPlantedPreCopyScenario);
  MinimizeOptions options = PlantedOptions();
  options.runs_max = 12;
  absl::StatusOr<MinimizeResult> m = Minimize(input, options);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(m->budget_spent);
  EXPECT_LE(m->runs, 12);
  EXPECT_TRUE(m->confirmed);
  EXPECT_LT(m->actions_after, 18);  // stage 0 and the first halvings
  EXPECT_EQ(m->signature, "V2-STOPCOPY-TO-PRECOPY-REFUSED.test_reenters_precopy.STOP_COPY-to-STOP");
}

TEST(MinimizerTest, UserErrorsUnderFailOnUser) {
  absl::StatusOr<proto::Scenario> input =
      LoadScenarioFile(testing::SourceDir() + "/corpus/v1/v1_user_protocol_errors.textproto");
  ASSERT_TRUE(input.ok()) << input.status();
  MinimizeOptions options;
  options.fail_on = FailOn::kUser;
  absl::StatusOr<MinimizeResult> m = Minimize(*input, options);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->signature, "USER-V1-FIELD-WIDTH.v1_reference.v1_read");
  EXPECT_EQ(m->actions_after, 1);
  // Under the device policy the same scenario is clean: nothing to keep.
  options.fail_on = FailOn::kDevice;
  absl::StatusOr<MinimizeResult> clean = Minimize(*input, options);
  ASSERT_FALSE(clean.ok());
  EXPECT_EQ(clean.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(clean.status().message()).find("fail_on=device"), std::string::npos);
}

TEST(MinimizerTest, RefusesInvalidInputAndATooSmallBudget) {
  absl::StatusOr<MinimizeResult> bad =
      Minimize(testing::ParseScenario("format_version: 7"), PlantedOptions());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  MinimizeOptions tiny = PlantedOptions();
  tiny.runs_max = 2;
  absl::StatusOr<MinimizeResult> no_room =
      Minimize(testing::ParseScenario(testing::kPlantedPreCopyScenario), tiny);
  ASSERT_FALSE(no_room.ok());
  EXPECT_EQ(no_room.status().code(), absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace migsim
