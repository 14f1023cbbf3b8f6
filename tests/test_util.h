// File: tests/test_util.h
// Helpers shared by tests: parse a text scenario, find the source tree.
#ifndef MIGSIM_TESTS_TEST_UTIL_H_
#define MIGSIM_TESTS_TEST_UTIL_H_

#include <string>
#include "absl/strings/string_view.h"

#include "gtest/gtest.h"
#include "protos/scenario.pb.h"
#include "sim/scenario_io.h"

namespace migsim::testing {

inline proto::Scenario ParseScenario(absl::string_view text) {
  absl::StatusOr<proto::Scenario> s = ParseScenarioText(text, "test");
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : proto::Scenario();
}

// The repository root (MIGSIM_SOURCE_DIR is set by tests/CMakeLists.txt).
inline std::string SourceDir() { return MIGSIM_SOURCE_DIR; }

}  // namespace migsim::testing

#endif  // MIGSIM_TESTS_TEST_UTIL_H_
