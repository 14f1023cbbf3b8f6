// Goal: the determinism contract on real input: every scenario in corpus/
// gives the same trace hash and the same final World digest when run twice
// in one process, and the same hash when records are not kept.
// Method: walk corpus/ for *.textproto and judge each file three times.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sim/scenario_io.h"
#include "spec/judge.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> files;
  const std::filesystem::path root = testing::SourceDir() + "/corpus";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() == ".textproto") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(CorpusDeterminismTest, CorpusIsNotEmpty) { EXPECT_GE(CorpusFiles().size(), 3u); }

TEST(CorpusDeterminismTest, EveryFileTwiceGivesEqualHashes) {
  for (const std::string& file : CorpusFiles()) {
    SCOPED_TRACE(file);
    absl::StatusOr<proto::Scenario> s = LoadScenarioFile(file);
    ASSERT_TRUE(s.ok()) << s.status();
    JudgeOptions hash_only;
    hash_only.keep_records = false;
    absl::StatusOr<JudgedRun> a = Judge(*s, {});
    absl::StatusOr<JudgedRun> b = Judge(*s, {});
    absl::StatusOr<JudgedRun> c = Judge(*s, hash_only);
    ASSERT_TRUE(a.ok()) << a.status();
    ASSERT_TRUE(b.ok() && c.ok());
    EXPECT_EQ(a->verdict.trace_hash, b->verdict.trace_hash);
    EXPECT_EQ(a->verdict.trace_hash, c->verdict.trace_hash);
    EXPECT_EQ(a->world.Digest(), b->world.Digest());
  }
}

}  // namespace
}  // namespace migsim
