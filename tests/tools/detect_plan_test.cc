// File: tests/tools/detect_plan_test.cc
//
// Goal: the detection benchmark's plan hunts every zoo mutant on a bench
// topology that exists, validates, runs clean on the reference models and
// has a device (or host) each mutant fits; each mutant's rule and policy
// come from its zoo entry; trials run in the documented order (structure and
// random for every mutant first, trial k of every mutant before trial
// k+1); bad names are refused naming the flag.
// Method: the plan over the whole zoo; each bench topology judged as is and
// with zoo::UseModel applied.
#include "tools/detect_plan.h"

#include <set>
#include <string>

#include "gtest/gtest.h"
#include "models/zoo/zoo.h"
#include "sim/scenario_io.h"
#include "spec/judge.h"
#include "spec/rule_registry.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

TEST(DetectPlanTest, EachFamilyHasItsBenchTopology) {
  const auto topology = [](const char* name) {
    const zoo::ZooEntry* e = zoo::Find(name);
    EXPECT_NE(e, nullptr) << name;
    return e == nullptr ? std::string() : BenchTopologyFor(*e);
  };
  EXPECT_EQ(topology("v2_stop_no_drain"), "fuzz/topologies/bench_v2.textproto");
  EXPECT_EQ(topology("v2_p2p_arc_no_drain"), "fuzz/topologies/bench_v2_p2p.textproto");
  EXPECT_EQ(topology("v2_leaves_precopy_p2p_via_precopy"),
            "fuzz/topologies/bench_v2_p2p.textproto");
  EXPECT_EQ(topology("v1ndma_ndma_no_drain"), "fuzz/topologies/bench_v1ndma.textproto");
  EXPECT_EQ(topology("rfc_accepts_saving_resuming"), "fuzz/topologies/bench_rfc.textproto");
  EXPECT_EQ(topology("v1_resume_drops_register"), "fuzz/topologies/bench_v1.textproto");
  EXPECT_EQ(topology("iommu_bitmap_keeps_log"), "fuzz/topologies/bench_iommu.textproto");
}

TEST(DetectPlanTest, EveryMutantFitsItsBenchTopologyWhichRunsClean) {
  absl::StatusOr<std::vector<DetectTarget>> targets = PlanTargets(testing::SourceDir(), "all", "");
  ASSERT_TRUE(targets.ok()) << targets.status();
  ASSERT_EQ(targets->size(), zoo::Entries().size());
  std::set<std::string> judged;
  for (const DetectTarget& t : *targets) {
    SCOPED_TRACE(t.mutant);
    const zoo::ZooEntry* e = zoo::Find(t.mutant);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(t.rule, e->expected_rule);
    const Rule* rule = FindRule(t.rule);
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(t.fail_on, rule->owner == Owner::kUser ? FailOn::kUser : FailOn::kDevice);
    absl::StatusOr<proto::Scenario> s = LoadScenarioFile(testing::SourceDir() + "/" + t.topology);
    ASSERT_TRUE(s.ok()) << s.status();
    if (judged.insert(t.topology).second) {
      absl::StatusOr<JudgedRun> clean = Judge(*s, {});
      ASSERT_TRUE(clean.ok()) << clean.status();
      EXPECT_TRUE(clean->verdict.clean()) << t.topology;
    }
    EXPECT_TRUE(zoo::UseModel(*s, t.mutant).ok()) << t.topology;
  }
  EXPECT_GE(judged.size(), 6u);
}

TEST(DetectPlanTest, TrialsRunFirstGroupFirstAndTrialByTrial) {
  const std::vector<DetectTarget> targets = {{"a", "R", FailOn::kDevice, "t"},
                                             {"b", "R", FailOn::kDevice, "t"}};
  absl::StatusOr<std::vector<std::string>> engines = PlanEngines("");
  ASSERT_TRUE(engines.ok());
  ASSERT_EQ(*engines, (std::vector<std::string>{"structure", "random", "afl", "bytes"}));
  const std::vector<TrialKey> order = OrderTrials(targets, *engines, 2, 60);
  ASSERT_EQ(order.size(), 2u * 2u * 4u);
  const auto at = [&order](size_t i) {
    return order[i].mutant + "/" + order[i].engine + "/" + std::to_string(order[i].trial);
  };
  EXPECT_EQ(at(0), "a/structure/0");
  EXPECT_EQ(at(1), "a/random/0");
  EXPECT_EQ(at(2), "b/structure/0");
  EXPECT_EQ(at(4), "a/structure/1");
  EXPECT_EQ(at(8), "a/afl/0");
  EXPECT_EQ(at(9), "a/bytes/0");
  EXPECT_EQ(at(15), "b/bytes/1");
  for (const TrialKey& k : order) EXPECT_EQ(k.budget_s, 60);
}

TEST(DetectPlanTest, BadNamesAreRefusedNamingTheFlag) {
  absl::StatusOr<std::vector<DetectTarget>> t = PlanTargets(testing::SourceDir(), "v2_nope", "");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "--mutants: 'v2_nope' is not a zoo mutant (see `migsim zoo`)");
  t = PlanTargets(testing::SourceDir(), "v2_stop_no_drain", "fuzz/topologies/none.textproto");
  EXPECT_FALSE(t.ok());
  absl::StatusOr<std::vector<std::string>> e = PlanEngines("structure,honggfuzz");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(), "--engines: 'honggfuzz' is not structure, random, afl or bytes");
  e = PlanEngines("bytes,structure");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*e, (std::vector<std::string>{"structure", "bytes"})) << "in the plan's order";
}

}  // namespace
}  // namespace migsim
