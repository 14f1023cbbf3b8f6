// Goal: every reference v2 scenario in corpus/v2/ passes the whole oracle
// with zero device violations, zero user protocol errors and no liveness
// failure, and says in a leading comment what it exercises and which rules
// it satisfies (every rule it names exists).
// Method: judge each corpus/v2/*.textproto with the same Judge the CLI uses.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sim/scenario_io.h"
#include "spec/judge.h"
#include "spec/rule_registry.h"
#include "spec/verdict.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

std::vector<std::string> V2Corpus() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(testing::SourceDir() + "/corpus/v2")) {
    if (e.path().extension() == ".textproto") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(V2CorpusTest, EveryScenarioIsClean) {
  const std::vector<std::string> files = V2Corpus();
  EXPECT_GE(files.size(), 5u);
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    absl::StatusOr<proto::Scenario> s = LoadScenarioFile(file);
    ASSERT_TRUE(s.ok()) << s.status();
    absl::StatusOr<JudgedRun> run = Judge(*s, {});
    ASSERT_TRUE(run.ok()) << run.status();
    const Verdict& v = run->verdict;
    EXPECT_TRUE(v.clean()) << (v.device_violations.empty()
                                   ? (v.user_errors.empty() ? v.liveness_failure
                                                            : FormatViolation(v.user_errors[0]))
                                   : FormatViolation(v.device_violations[0]));
    EXPECT_EQ(v.actions_run, v.actions_total);
  }
}

TEST(V2CorpusTest, EveryScenarioSaysWhatItExercisesAndSatisfies) {
  const std::regex id("(USER-)?V2-[A-Z0-9-]*[A-Z0-9]");
  for (const std::string& file : V2Corpus()) {
    SCOPED_TRACE(file);
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    ASSERT_EQ(s.rfind("# Exercises:", 0), 0u);
    const std::string header = s.substr(0, s.find("\nformat_version"));
    ASSERT_NE(header.find("# Satisfies:"), std::string::npos);
    int named = 0;
    for (auto it = std::sregex_iterator(header.begin(), header.end(), id);
         it != std::sregex_iterator(); ++it) {
      EXPECT_NE(FindRule(it->str()), nullptr) << it->str();
      ++named;
    }
    EXPECT_GT(named, 3);
  }
}

}  // namespace
}  // namespace migsim
