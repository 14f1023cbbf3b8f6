// File: tests/test_util.h
// Helpers shared by tests: parse a text scenario, find the source tree.
#ifndef MIGSIM_TESTS_TEST_UTIL_H_
#define MIGSIM_TESTS_TEST_UTIL_H_

#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "gtest/gtest.h"
#include "protos/scenario.pb.h"
#include "sim/scenario_io.h"
#include "spec/monitor.h"

namespace migsim::testing {

inline proto::Scenario ParseScenario(absl::string_view text) {
  absl::StatusOr<proto::Scenario> s = ParseScenarioText(text, "test");
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : proto::Scenario();
}

// A ViolationSink that keeps the rule IDs and explanations it is given, for
// tests that feed records to one monitor by hand.
class CollectingSink final : public ViolationSink {
 public:
  void Report(const Rule& rule, uint32_t, uint16_t, std::string explanation) override {
    ids.push_back(std::string(rule.id));
    explanations.push_back(std::move(explanation));
  }
  std::vector<std::string> ids;
  std::vector<std::string> explanations;
};

// The repository root (MIGSIM_SOURCE_DIR is set by tests/CMakeLists.txt).
inline std::string SourceDir() { return MIGSIM_SOURCE_DIR; }

}  // namespace migsim::testing

#endif  // MIGSIM_TESTS_TEST_UTIL_H_
