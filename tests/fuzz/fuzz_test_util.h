// File: tests/fuzz/fuzz_test_util.h
// Helpers for the fuzz tests: the reference corpus as FuzzInputs.
#ifndef MIGSIM_TESTS_FUZZ_FUZZ_TEST_UTIL_H_
#define MIGSIM_TESTS_FUZZ_FUZZ_TEST_UTIL_H_

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "fuzz/seed_policy.h"
#include "protos/fuzz_input.pb.h"
#include "sim/scenario_io.h"
#include "tests/test_util.h"

namespace migsim::fuzz_testing {

// Every corpus/**/*.textproto, wrapped (empty swarm), in path order.
inline std::vector<proto::FuzzInput> CorpusSeeds() {
  std::vector<std::string> paths;
  // The seed policy of campaigns (fuzz/seed_policy.h): no regression
  // reproducer, and no model choice.
  const std::filesystem::path root = testing::SourceDir() + "/corpus";
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (e.path().extension() != ".textproto") continue;
    if (IsRegressionPath(std::filesystem::relative(e.path(), root))) continue;
    paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<proto::FuzzInput> seeds;
  for (const std::string& path : paths) {
    absl::StatusOr<proto::Scenario> s = LoadScenarioFile(path);
    EXPECT_TRUE(s.ok()) << s.status();
    if (!s.ok()) continue;
    StripModels(*s);
    proto::FuzzInput input;
    *input.mutable_scenario() = *s;
    seeds.push_back(input);
  }
  return seeds;
}

}  // namespace migsim::fuzz_testing

#endif  // MIGSIM_TESTS_FUZZ_FUZZ_TEST_UTIL_H_
