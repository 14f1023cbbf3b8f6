// Goal: `migsim zoo` shows the registry as users need it: one line per
// mutant with its target, what it applies to, the expected rule and the
// defect; `migsim zoo NAME` one entry with the clause its defect breaks and
// the field that selects it (Topology.migration.vmm_model for a VMM mutant);
// an unknown name or extra arguments are bad input (exit 2).
// Method: call ZooCommand (tools/commands.h) and capture stdout.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "models/zoo/zoo.h"
#include "spec/verdict.h"
#include "tools/commands.h"

namespace migsim {
namespace {

TEST(ZooCommandTest, TableListsEveryMutantWithItsRule) {
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(ZooCommand({}), kExitClean);
  const std::string out = ::testing::internal::GetCapturedStdout();
  const std::vector<std::string> lines = absl::StrSplit(out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), zoo::Entries().size() + 2) << out;
  EXPECT_TRUE(absl::StartsWith(lines[0], "name")) << lines[0];
  for (size_t i = 0; i < zoo::Entries().size(); ++i) {
    const zoo::ZooEntry& e = zoo::Entries()[i];
    const std::string& line = lines[i + 1];
    EXPECT_TRUE(absl::StartsWith(line, e.name)) << line;
    EXPECT_TRUE(absl::StrContains(line, e.expected_rule)) << line;
    EXPECT_TRUE(absl::StrContains(line, e.description)) << line;
    EXPECT_TRUE(absl::StrContains(line, zoo::NeedsText(e))) << line;
  }
}

TEST(ZooCommandTest, OneEntryShowsItsClause) {
  const zoo::ZooEntry& e = zoo::Entries().front();
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(ZooCommand({std::string(e.name)}), kExitClean);
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_TRUE(absl::StrContains(out, e.clause)) << out;
  EXPECT_TRUE(absl::StrContains(out, absl::StrCat("--model=", e.name))) << out;
}

TEST(ZooCommandTest, VmmEntryShowsItsTargetAndTopologyField) {
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(ZooCommand({"vmm_no_final_dirty_sync"}), kExitClean);
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_TRUE(absl::StrContains(out, "target:        vmm")) << out;
  EXPECT_TRUE(absl::StrContains(out, "Topology.migration.vmm_model: \"vmm_no_final_dirty_sync\""))
      << out;
  EXPECT_TRUE(absl::StrContains(out, "USER-VM-RAM-MATCHES")) << out;
}

TEST(ZooCommandTest, UnknownNameAndExtraArgumentsAreBadInput) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(ZooCommand({"no_such_mutant"}), kExitBadInput);
  EXPECT_TRUE(absl::StrContains(::testing::internal::GetCapturedStderr(), "no_such_mutant"));
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(ZooCommand({"a", "b"}), kExitBadInput);
  EXPECT_TRUE(absl::StrContains(::testing::internal::GetCapturedStderr(), "usage"));
}

}  // namespace
}  // namespace migsim
