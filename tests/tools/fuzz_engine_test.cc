// File: tests/tools/fuzz_engine_test.cc
//
// Goal: the engines' progress is read right from what they print or write
// (libFuzzer's fork-mode and plain status lines, AFL++'s fuzzer_stats), the
// progress line shows every number the campaign tracks, and crash and corpus
// files are listed sorted with the engine's prefixes only. Method: parse
// captured lines and files; format fixed snapshots.
#include "tools/fuzz_engine.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/tools/tool_test_util.h"
#include "tools/afl_engine.h"
#include "tools/libfuzzer_engine.h"
#include "tools/progress_line.h"

namespace migsim {
namespace {

TEST(FuzzEngineTest, LibFuzzerForkAndPlainStatusLines) {
  EngineStats s;
  ASSERT_TRUE(ParseLibFuzzerStatus(
      "#1365: cov: 6894 ft: 19842 corp: 287 exec/s: 127 oom/timeout/crash: 0/0/1 time: 10s "
      "job: 3 dft_time: 0",
      s));
  EXPECT_EQ(s.execs, 1365u);
  EXPECT_EQ(s.corpus, 287u);
  EXPECT_EQ(s.execs_per_s, 127);
  EXPECT_EQ(s.coverage, "cov 6894 ft 19842");
  ASSERT_TRUE(ParseLibFuzzerStatus(
      "#4096\tpulse  cov: 700 ft: 900 corp: 31/2048b lim: 4 exec/s: 2048 rss: 60Mb", s));
  EXPECT_EQ(s.execs, 4096u);
  EXPECT_EQ(s.corpus, 31u);
  EXPECT_EQ(s.execs_per_s, 2048);
  EXPECT_FALSE(ParseLibFuzzerStatus("INFO: Seed: 2241136054", s));
  EXPECT_FALSE(ParseLibFuzzerStatus("  NEW_FUNC: 0x56019a75ed10", s));
  EXPECT_FALSE(ParseLibFuzzerStatus("#### not a status", s));
  EXPECT_EQ(s.execs, 4096u) << "unparsed lines leave the stats alone";
}

TEST(FuzzEngineTest, AflStatsAreSummedOverInstances) {
  const std::string main_stats =
      "start_time        : 1700000000\nexecs_done        : 1200\nexecs_per_sec     : 350.25\n"
      "corpus_count      : 40\nbitmap_cvg        : 3.21%\nsaved_crashes     : 1\n";
  const std::string secondary =
      "execs_done : 800\nexecs_per_sec : 49.75\ncorpus_count : 10\n"
      "bitmap_cvg : 9.99%\n";
  EngineStats s;
  ASSERT_TRUE(AddAflStats(main_stats, /*main=*/true, s));
  ASSERT_TRUE(AddAflStats(secondary, /*main=*/false, s));
  EXPECT_EQ(s.execs, 2000u);
  EXPECT_DOUBLE_EQ(s.execs_per_s, 400);
  EXPECT_EQ(s.corpus, 50u);
  EXPECT_EQ(s.coverage, "edges 3.21%") << "the main instance's bitmap";
  EXPECT_FALSE(AddAflStats("no stats here\n", true, s));
  EngineStats first;
  AddAflStats("execs_done : 12\nexecs_per_sec : inf\n", true, first);
  EXPECT_EQ(first.execs_per_s, 0) << "afl-fuzz writes inf before its first second";
}

TEST(FuzzEngineTest, ProgressLineShowsEveryNumber) {
  Progress p;
  p.elapsed_s = 3725.9;
  p.engine.execs = 123456;
  p.engine.execs_per_s = 190.4;
  p.engine.corpus = 287;
  p.engine.coverage = "cov 5822 ft 12114";
  p.protocol_slots = 312;
  p.signatures = 2;
  p.crash_files = 7;
  EXPECT_EQ(FormatProgress(p),
            "fuzz 01:02:05 execs 123456 (190/s) corpus 287 protocol 312 slots violations 2 "
            "crashes 7 | cov 5822 ft 12114");
}

TEST(FuzzEngineTest, ProgressLineOnATerminalAndInALog) {
  const std::string dir = testing::MakeTempDir();
  for (const bool tty : {true, false}) {
    const std::string path = dir + (tty ? "/tty" : "/log");
    std::FILE* out = std::fopen(path.c_str(), "w");
    ASSERT_NE(out, nullptr);
    ProgressLine line(out, tty, /*tty_period_s=*/0.5, /*log_period_s=*/10);
    Progress p;
    for (double t : {0.0, 0.2, 0.6, 5.0, 10.5}) {
      p.elapsed_s = t;
      line.Update(p);
    }
    line.Message("NEW X.y.z");
    line.Finish();
    std::fclose(out);
    const std::string text = testing::ReadText(path);
    size_t updates = 0;
    for (size_t at = text.find("fuzz 00:"); at != std::string::npos;
         at = text.find("fuzz 00:", at + 1)) {
      ++updates;
    }
    if (tty) {
      EXPECT_EQ(updates, 4u) << "0.2 s is within the period";
      EXPECT_NE(text.find("\r\033[Kfuzz 00:00:00"), std::string::npos);
      EXPECT_NE(text.find("\r\033[KNEW X.y.z\n"), std::string::npos);
    } else {
      EXPECT_EQ(updates, 2u) << "a line every 10 s";
      EXPECT_EQ(text.find('\r'), std::string::npos);
      EXPECT_NE(text.find("\nNEW X.y.z\n"), std::string::npos);
    }
  }
}

TEST(FuzzEngineTest, FilesAreListedSortedByPrefix) {
  const std::string dir = testing::MakeTempDir();
  for (const char* name : {"crash-b", "crash-a", "timeout-c", "slow-unit-d", "README.txt"}) {
    testing::WriteText(dir + "/" + name, "x");
  }
  EXPECT_EQ(ListFiles(dir, {"crash-", "timeout-"}),
            (std::vector<std::string>{dir + "/crash-a", dir + "/crash-b", dir + "/timeout-c"}));
  EXPECT_EQ(ListFiles(dir).size(), 5u);
  EXPECT_TRUE(ListFiles(dir + "/absent").empty());
  EXPECT_NE(MakeFuzzEngine("libfuzzer"), nullptr);
  EXPECT_NE(MakeFuzzEngine("afl"), nullptr);
  EXPECT_EQ(MakeFuzzEngine("honggfuzz"), nullptr);
}

TEST(FuzzEngineTest, MissingProgramsAreNamedWithTheBuildCommand) {
  EngineLaunch launch;
  launch.dir = testing::MakeTempDir();
  launch.engine_dir = launch.dir + "/nowhere";
  absl::Status lf = MakeFuzzEngine("libfuzzer")->Start(launch);
  EXPECT_EQ(lf.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(lf.message()).find("cmake --preset fuzz"), std::string::npos) << lf;
  absl::Status afl = MakeFuzzEngine("afl")->Start(launch);
  EXPECT_EQ(afl.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(afl.message()).find("cmake --preset afl"), std::string::npos) << afl;
}

}  // namespace
}  // namespace migsim
