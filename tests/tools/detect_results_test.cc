// File: tests/tools/detect_results_test.cc
//
// Goal: the benchmark's trials file survives a crash mid-write and refuses
// corruption, rows round-trip (notes with commas included), and the tables
// compute FuzzBench-style statistics with censored trials: the median and
// maximum of a cell with undetected trials are ">budget" when they fall
// past it, the minimum ignores them, and totals add up per engine.
// Method: rows written and read back in a temporary directory; tables of
// hand-made rows checked cell by cell.
#include "tools/detect_results.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/tools/tool_test_util.h"

namespace migsim {
namespace {

TrialRow Row(const std::string& mutant, const std::string& engine, int trial, bool detected,
             double cpu_s) {
  TrialRow r;
  r.key = {mutant, engine, trial, 60, "fuzz/topologies/bench_v2.textproto"};
  r.detected = detected;
  r.cpu_s = cpu_s;
  r.wall_s = cpu_s + 1;
  r.execs = 100 * static_cast<uint64_t>(trial + 1);
  r.note = detected ? "" : "budget";
  return r;
}

DetectTableSpec Spec() {
  DetectTableSpec spec;
  spec.targets = {{"m1", "R-ONE", FailOn::kDevice, "fuzz/topologies/bench_v2.textproto"},
                  {"m2", "R-TWO", FailOn::kDevice, "fuzz/topologies/bench_v2.textproto"}};
  spec.engines = {"structure", "random"};
  spec.trials = 3;
  spec.budget_s = 60;
  return spec;
}

TEST(DetectResultsTest, RowsRoundTripAndAppend) {
  const std::string path = testing::MakeTempDir() + "/trials.csv";
  absl::StatusOr<std::vector<TrialRow>> none = ReadTrialRows(path);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  TrialRow a = Row("m1", "structure", 0, true, 1.25);
  TrialRow b = Row("m1", "afl", 4, false, 60.5);
  b.note = "engine ended (exit 1): a, b\nc";
  ASSERT_TRUE(AppendTrialRow(path, a).ok());
  ASSERT_TRUE(AppendTrialRow(path, b).ok());
  const std::string text = testing::ReadText(path);
  EXPECT_EQ(text.rfind(absl::StrCat(kTrialsHeader, "\n"), 0), 0u) << text;
  absl::StatusOr<std::vector<TrialRow>> rows = ReadTrialRows(path);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].key, a.key);
  EXPECT_TRUE((*rows)[0].detected);
  EXPECT_DOUBLE_EQ((*rows)[0].cpu_s, 1.25);
  EXPECT_EQ((*rows)[0].execs, 100u);
  EXPECT_EQ((*rows)[1].key.trial, 4);
  EXPECT_EQ((*rows)[1].note, "engine ended (exit 1): a; b c");
}

TEST(DetectResultsTest, APartialLastLineIsIgnoredACorruptOneIsNot) {
  const std::string dir = testing::MakeTempDir();
  const std::string good = FormatTrialRow(Row("m1", "structure", 0, true, 2));
  testing::WriteText(dir + "/cut.csv", absl::StrCat(kTrialsHeader, "\n", good, "\nm1,struc"));
  absl::StatusOr<std::vector<TrialRow>> rows = ReadTrialRows(dir + "/cut.csv");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->size(), 1u);
  testing::WriteText(dir + "/bad.csv", absl::StrCat(kTrialsHeader, "\nm1,x,y\n", good, "\n"));
  rows = ReadTrialRows(dir + "/bad.csv");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(std::string(rows.status().message()).rfind(dir + "/bad.csv:2: ", 0), 0u)
      << rows.status();
}

TEST(DetectResultsTest, TablesCensorUndetectedTrials) {
  const std::vector<TrialRow> rows = {
      Row("m1", "structure", 0, true, 3), Row("m1", "structure", 1, true, 1),
      Row("m1", "structure", 2, true, 2),
      // m1 random: one found, two censored: median past the budget.
      Row("m1", "random", 0, true, 7), Row("m1", "random", 1, false, 60),
      Row("m1", "random", 2, false, 60),
      // m2 structure: two of three, median 9.
      Row("m2", "structure", 0, false, 60), Row("m2", "structure", 1, true, 9),
      Row("m2", "structure", 2, true, 4),
      // Another budget and a fourth trial: not in this table.
      Row("m2", "random", 3, true, 1)};
  TrialRow other_budget = Row("m2", "random", 0, true, 1);
  other_budget.key.budget_s = 30;
  std::vector<TrialRow> all = rows;
  all.push_back(other_budget);
  const std::string md = FormatDetectMarkdown(Spec(), all);
  EXPECT_NE(md.find("| m1 | R-ONE | bench_v2.textproto | 3/3 2.0 (1.0-3.0) | 1/3 >60 (7.0->60) |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| m2 | R-TWO | bench_v2.textproto | 2/3 9.0 (4.0->60) | - |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| structure | 6 | 5 | 1/2 | 2/2 | 13.2 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| random | 3 | 1 | 0/1 | 1/1 | 42.3 |"), std::string::npos) << md;
  const std::string csv = FormatDetectSummaryCsv(Spec(), all);
  EXPECT_NE(csv.find("m1,structure,R-ONE,fuzz/topologies/bench_v2.textproto,3,3,2.00,1.00,3.00\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("m1,random,R-ONE,fuzz/topologies/bench_v2.textproto,3,1,,7.00,\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("m2,random,R-TWO,fuzz/topologies/bench_v2.textproto,0,0,,,\n"),
            std::string::npos)
      << csv;
}

}  // namespace
}  // namespace migsim
