// Goal: a mutant never breaks the bench. Whatever a random scenario does to
// it, a device with a zoo defect is judged like any model: the run ends with
// a verdict (never a CHECK failure, an exception or bad input after
// zoo::UseModel swapped it in), so a fuzz campaign over a mutant reports
// violations, not crashes. Also a preview of the feedback-free floor of the
// detection benchmark: how many random scenarios raise each mutant's rule.
// Method: for every entry of zoo::Entries(), 40 random scenarios of its
// family (tests/zoo/random_scenario.h; both families for IOMMU mutants) with
// the mutant swapped in, judged as `migsim run` judges (stop at the first
// device violation). Each must judge; the reference run of the same
// scenario must raise no device violation, so whatever the mutant raises
// is its defect's doing. ZOO_MUTANT_RUNS sets the scenarios per mutant and
// ZOO_MUTANT_DUMP prints, per mutant, how many raised the expected rule.
// VMM mutants get random whole-VM scenarios (tests/zoo/random_vm_scenario.h)
// instead: each must judge, must blame no device (the devices are the
// reference models) unless the reference run of the same scenario does,
// and counts as detecting when it raises its user rule and the reference
// run does not.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "models/zoo/zoo.h"
#include "sim/prng.h"
#include "spec/judge.h"
#include "tests/test_util.h"
#include "tests/zoo/random_scenario.h"
#include "tests/zoo/random_vm_scenario.h"

namespace migsim::zoo {
namespace {

TEST(MutantFuzzTest, EveryMutantIsJudgedOnRandomScenariosWithoutBreakingTheBench) {
  const char* env_runs = std::getenv("ZOO_MUTANT_RUNS");
  const int runs = env_runs != nullptr ? std::atoi(env_runs) : 40;
  for (const ZooEntry& e : Entries()) {
    if (e.target == Target::kVmm) continue;  // below
    Prng prng(20260208);
    int judged = 0;
    int detected = 0;
    for (int run = 0; run < runs; ++run) {
      const zoo_testing::Family family =
          e.kind == proto::V1_DEVICE || (e.target == Target::kIommu && run % 2 == 1)
              ? zoo_testing::Family::kV1
              : zoo_testing::Family::kV2;
      const std::string text = zoo_testing::RandomScenario(prng, family, 60, run);
      const proto::Scenario reference = testing::ParseScenario(text);
      proto::Scenario mutated = reference;
      if (!UseModel(mutated, e.name).ok()) continue;  // no device of this draw fits
      absl::StatusOr<JudgedRun> mutant_run = Judge(mutated, {});
      ASSERT_TRUE(mutant_run.ok()) << e.name << ": " << mutant_run.status();
      ++judged;
      bool raised = false;
      for (const Violation& v : mutant_run->verdict.device_violations) {
        raised |= v.rule->id == e.expected_rule;
      }
      detected += raised;
      if (raised || mutant_run->verdict.device_violations.empty()) continue;
      // Another rule fired first: it must be the defect's doing too.
      absl::StatusOr<JudgedRun> reference_run = Judge(reference, {});
      ASSERT_TRUE(reference_run.ok());
      EXPECT_TRUE(reference_run->verdict.device_violations.empty())
          << e.name << ": the reference model raised "
          << FormatViolation(reference_run->verdict.device_violations.front()) << "\n"
          << text;
    }
    EXPECT_GT(judged, 0) << e.name << " fitted no random scenario";
    if (std::getenv("ZOO_MUTANT_DUMP") != nullptr) {
      std::fprintf(stderr, "%-36s %3d/%3d scenarios raised %s\n", std::string(e.name).c_str(),
                   detected, judged, std::string(e.expected_rule).c_str());
    }
  }
}

bool Raised(const std::vector<Violation>& list, absl::string_view rule) {
  for (const Violation& v : list) {
    if (v.rule->id == rule) return true;
  }
  return false;
}

TEST(MutantFuzzTest, EveryVmmMutantIsJudgedOnRandomMigrationsAndBlamesNoDevice) {
  const char* env_runs = std::getenv("ZOO_MUTANT_RUNS");
  const int runs = env_runs != nullptr ? std::atoi(env_runs) / 2 : 20;
  for (const ZooEntry& e : Entries()) {
    if (e.target != Target::kVmm) continue;
    Prng prng(20260602);
    int detected = 0;
    for (int run = 0; run < runs; ++run) {
      const proto::Scenario reference = zoo_testing::RandomVmScenario(prng, 30, run);
      proto::Scenario mutated = reference;
      ASSERT_TRUE(UseModel(mutated, e.name).ok()) << e.name;
      absl::StatusOr<JudgedRun> mutant_run = Judge(mutated, {});
      ASSERT_TRUE(mutant_run.ok()) << e.name << ": " << mutant_run.status();
      absl::StatusOr<JudgedRun> reference_run = Judge(reference, {});
      ASSERT_TRUE(reference_run.ok()) << reference_run.status();
      const Verdict& m = mutant_run->verdict;
      const Verdict& r = reference_run->verdict;
      if (r.device_violations.empty()) {
        EXPECT_TRUE(m.device_violations.empty())
            << e.name << " made a reference device look guilty: "
            << FormatViolation(m.device_violations.front()) << "\n"
            << reference.DebugString();
      }
      detected += Raised(m.user_errors, e.expected_rule) && !Raised(r.user_errors, e.expected_rule);
    }
    if (std::getenv("ZOO_MUTANT_DUMP") != nullptr) {
      std::fprintf(stderr, "%-36s %3d/%3d migrations raised %s\n", std::string(e.name).c_str(),
                   detected, runs, std::string(e.expected_rule).c_str());
    }
  }
}

}  // namespace
}  // namespace migsim::zoo
