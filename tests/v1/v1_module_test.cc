// Goal: the v1 family's entry points: bad input is refused with the field
// path and the value (device parameters, action fields, unknown model
// names), records render readably with protocol coverage keys, every v1
// rule is registered with its test, and a reported violation shows the rule
// ID, the document and the quoted phrase as `migsim run` prints it.
// Method: call the entry points directly (ValidateScenario, CreateWorld,
// FormatRecord, CoverageKey, AllRules) and judge a scenario with a user
// protocol error through the real Judge.
#include "models/v1/v1_module.h"

#include <set>
#include <string>

#include "gtest/gtest.h"
#include "models/device_factory.h"
#include "models/record_format.h"
#include "models/scenario_check.h"
#include "models/v1/v1_records.h"
#include "spec/family_rules.h"
#include "spec/judge.h"
#include "spec/rule_registry.h"
#include "tests/v1/v1_harness.h"

namespace migsim::v1 {
namespace {

using testing::Dev;
using testing::Scenario;

std::string Error(const std::string& text) {
  const proto::Scenario s = migsim::testing::ParseScenario(text);
  absl::StatusOr<World> w = CreateWorld(s);
  return w.ok() ? "ok" : std::string(w.status().message());
}

TEST(V1ModuleTest, BadDeviceParametersNameTheField) {
  EXPECT_EQ(Error(Scenario(Dev("V2"), "")),
            "topology.devices[0].v1.variant: V2 is not a v1 variant (V1_RFC, V1, V1_NDMA)");
  EXPECT_EQ(Error(Scenario(Dev("V1", "ndma_capable: true"), "")),
            "topology.devices[0].v1.ndma_capable: true needs variant V1_NDMA, not V1");
  EXPECT_EQ(Error(Scenario(Dev("V1", "segment_bytes: 5000"), "")),
            "topology.devices[0].v1.segment_bytes: 5000 exceeds the data section (4096 bytes)");
  EXPECT_EQ(Error(Scenario(Dev("V1", "data_section_bytes: 8"), "")),
            "topology.devices[0].v1.data_section_bytes: 8 is outside [64, 1048576]");
  EXPECT_EQ(Error(Scenario(Dev("V1", "internals { state_words: 33 }"), "")).substr(0, 46),
            "topology.devices[0].v1.internals.state_words: ");
  EXPECT_EQ(Error(Scenario(
                "devices { host: 0 kind: V1_DEVICE model: \"bogus\" v1 { variant: V1 } }", "")),
            "topology.devices[0].model: 'bogus' is not a known model");
}

TEST(V1ModuleTest, BadActionsNameTheField) {
  EXPECT_EQ(Error(Scenario(Dev("V1"), testing::Read(1, 0, 4))),
            "actions[0].v1_read.device: 1 names no device (the topology has 1)");
  EXPECT_EQ(Error(Scenario(Dev("V1"), testing::Read(0, 0, 3))),
            "actions[0].v1_read.width: 3 is not 1, 2, 4 or 8");
  EXPECT_EQ(Error(Scenario(Dev("V1"), "actions { v1_window_read { device: 0 length: 0 } }")),
            "actions[0].v1_window_read.length: 0 is outside [1, 1048576]");
  EXPECT_EQ(Error(Scenario(Dev("V1"), "actions { v1_push { source_device: 0 target_device: 4 } }")),
            "actions[0].v1_push.target_device: 4 names no device (the topology has 1)");
  EXPECT_EQ(Error(Scenario(Dev("V1_RFC"),
                           "actions { v1_dirty_pfns { device: 0 total_pfns: 999999999 } }")),
            "actions[0].v1_dirty_pfns.total_pfns: 999999999 exceeds the limit 16777216");
  EXPECT_EQ(Error(Scenario(Dev("V1"), testing::Read(0, 0, 4))), "ok");
}

TEST(V1ModuleTest, RecordsRenderAndGiveCoverage) {
  TraceRecord change;
  change.kind = kRecordStateChange;
  change.device = 0;
  change.arg[0] = kRunning;
  change.arg[1] = kSaving | kRunning;
  EXPECT_NE(v1::FormatRecord(change, {})->find("RUNNING -> SAVING|RUNNING"), std::string::npos);
  EXPECT_EQ(v1::CoverageKey(change), kSaving | kRunning);
  TraceRecord read;
  read.kind = kRecordRegionRead;
  read.arg[0] = kOffsetDataOffset;
  read.arg[1] = 8;
  read.arg[3] = static_cast<uint64_t>(Step::kSaveB);
  EXPECT_NE(v1::FormatRecord(read, {})->find("data_offset"), std::string::npos);
  EXPECT_EQ(v1::CoverageKey(read), 2u * static_cast<uint32_t>(Step::kSaveB));
  EXPECT_EQ(v1::RecordKindName(kRecordWindowWrite), "V1_WINDOW_WRITE");
  EXPECT_EQ(v1::RecordKindName(kV1RecordKindEnd), std::nullopt);
  EXPECT_EQ(migsim::RecordKindName(kRecordBitAction), "V1_BIT_ACTION");
}

// Every rule names a test of this binary that exists (so "the test that
// makes it fire" is not a dangling name).
TEST(V1ModuleTest, EveryV1RuleIsRegisteredWithAnExistingTest) {
  std::set<std::string> tests;
  const ::testing::UnitTest& unit = *::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit.total_test_suite_count(); ++i) {
    const ::testing::TestSuite& suite = *unit.GetTestSuite(i);
    for (int j = 0; j < suite.total_test_count(); ++j) {
      tests.insert(absl::StrCat(suite.name(), ".", suite.GetTestInfo(j)->name()));
    }
  }
  for (const Rule* rule : Rules()) {
    EXPECT_EQ(FindRule(rule->id), rule) << rule->id;
    EXPECT_TRUE(tests.contains(std::string(rule->test))) << rule->id << ": " << rule->test;
  }
  EXPECT_GE(Rules().size(), 40u);
}

TEST(V1ModuleTest, ViolationShowsRuleDocumentAndQuote) {
  const proto::Scenario s = migsim::testing::ParseScenario(
      Scenario(Dev("V1"), testing::Write(0, 0, 4, kSaving | kRunning)));
  absl::StatusOr<JudgedRun> run = Judge(s, {});
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_EQ(run->verdict.user_errors.size(), 1u);
  const std::string line = FormatViolation(run->verdict.user_errors[0]);
  EXPECT_NE(line.find("USER-V1-RMW (001_272879756ae3d4ee.txt: \"To preserve them"),
            std::string::npos)
      << line;
  EXPECT_NE(line.find("device d0"), std::string::npos) << line;
  EXPECT_NE(line.find("action 0"), std::string::npos) << line;
  EXPECT_EQ(run->verdict.ExitCode(false), kExitClean);
  EXPECT_EQ(run->verdict.ExitCode(true), kExitViolation);
}

}  // namespace
}  // namespace migsim::v1
