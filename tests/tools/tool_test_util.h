// File: tests/tools/tool_test_util.h
// Helpers for the tools' tests: a fresh temporary directory per test and
// small file read/write wrappers that fail the test on error.
#ifndef MIGSIM_TESTS_TOOLS_TOOL_TEST_UTIL_H_
#define MIGSIM_TESTS_TOOLS_TOOL_TEST_UTIL_H_

#include <stdlib.h>

#include <string>

#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "sim/scenario_io.h"

namespace migsim::testing {

// A new empty directory under the test's temporary directory.
inline std::string MakeTempDir() {
  std::string pattern = ::testing::TempDir() + "migsim_tools_XXXXXX";
  char* made = mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  return pattern;
}

inline void WriteText(const std::string& path, absl::string_view text) {
  const absl::Status s = WriteFileAtomically(path, text);
  ASSERT_TRUE(s.ok()) << s;
}

inline std::string ReadText(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

}  // namespace migsim::testing

#endif  // MIGSIM_TESTS_TOOLS_TOOL_TEST_UTIL_H_
