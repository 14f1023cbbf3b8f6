// File: tests/tools/scenario_rewrite_test.cc
//
// Goal: the rewrite the tools apply before judging matches the fuzz
// harness's: --topology replaces topology and bounds, --reference clears
// every model choice, --model names are checked; errors name the flag.
// Method: apply rewrites to small scenarios.
#include "tools/scenario_rewrite.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/test_util.h"
#include "tests/tools/tool_test_util.h"

namespace migsim {
namespace {

TEST(ScenarioRewriteTest, TopologyAndBoundsComeFromTheTopologyFile) {
  const std::string dir = testing::MakeTempDir();
  testing::WriteText(dir + "/topo.textproto", R"pb(
    format_version: 1
    bounds { events_max: 77 }
    topology { hosts { name: "big" guest_pages: 512 } }
    actions { advance_time { ns: 1 } }
  )pb");
  absl::StatusOr<ScenarioRewrite> rewrite = MakeScenarioRewrite(dir + "/topo.textproto", "", false);
  ASSERT_TRUE(rewrite.ok()) << rewrite.status();
  proto::Scenario s = testing::ParseScenario(R"pb(
    format_version: 1
    seed: 5
    topology { hosts { name: "small" guest_pages: 4 } }
    actions { v2_get_state {} }
  )pb");
  ASSERT_TRUE(rewrite->Apply(s).ok());
  EXPECT_EQ(s.topology().hosts(0).name(), "big");
  EXPECT_EQ(s.bounds().events_max(), 77u);
  EXPECT_EQ(s.seed(), 5u);
  ASSERT_EQ(s.actions_size(), 1);
  EXPECT_TRUE(s.actions(0).has_v2_get_state()) << "the input's actions stay";
  // A topology file without bounds clears the input's.
  s.mutable_bounds()->set_events_max(9);
  rewrite->topology_source->clear_bounds();
  ASSERT_TRUE(rewrite->Apply(s).ok());
  EXPECT_FALSE(s.has_bounds());
}

TEST(ScenarioRewriteTest, EventsCapLowersButNeverRaises) {
  ScenarioRewrite rewrite;
  rewrite.events_cap = 50000;
  EXPECT_FALSE(rewrite.empty());
  proto::Scenario unset;
  ASSERT_TRUE(rewrite.Apply(unset).ok());
  EXPECT_EQ(unset.bounds().events_max(), 50000u);
  proto::Scenario high = testing::ParseScenario("bounds { events_max: 900000 }");
  ASSERT_TRUE(rewrite.Apply(high).ok());
  EXPECT_EQ(high.bounds().events_max(), 50000u);
  proto::Scenario low = testing::ParseScenario("bounds { events_max: 70 }");
  ASSERT_TRUE(rewrite.Apply(low).ok());
  EXPECT_EQ(low.bounds().events_max(), 70u);
  rewrite.events_cap = 0;
  proto::Scenario untouched;
  ASSERT_TRUE(rewrite.Apply(untouched).ok());
  EXPECT_FALSE(untouched.has_bounds());
}

TEST(ScenarioRewriteTest, ReferenceClearsEveryModelChoice) {
  proto::Scenario s = testing::ParseScenario(R"pb(
    topology {
      hosts { name: "h" iommu_model: "some_iommu_mutant" }
      devices { name: "a" model: "some_mutant" kind: V2_DEVICE }
      devices { name: "b" kind: V1_DEVICE }
    }
  )pb");
  ScenarioRewrite rewrite;
  EXPECT_TRUE(rewrite.empty());
  rewrite.reference = true;
  EXPECT_FALSE(rewrite.empty());
  ASSERT_TRUE(rewrite.Apply(s).ok());
  EXPECT_EQ(s.topology().devices(0).model(), "");
  EXPECT_EQ(s.topology().hosts(0).iommu_model(), "");
  EXPECT_EQ(s.topology().devices(0).name(), "a");
}

TEST(ScenarioRewriteTest, FlagErrorsNameTheFlag) {
  absl::StatusOr<ScenarioRewrite> missing = MakeScenarioRewrite("/no/such.textproto", "", false);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(std::string(missing.status().message()).rfind("--topology: /no/such.textproto", 0), 0u);
  absl::StatusOr<ScenarioRewrite> empty_name = MakeScenarioRewrite("", "a,,b", false);
  ASSERT_FALSE(empty_name.ok());
  EXPECT_EQ(empty_name.status().message(), "--model: empty name in 'a,,b'");
  absl::StatusOr<ScenarioRewrite> unknown = MakeScenarioRewrite("", "no_such_mutant", false);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(std::string(unknown.status().message()).find("--model: 'no_such_mutant'"),
            std::string::npos);
}

}  // namespace
}  // namespace migsim
