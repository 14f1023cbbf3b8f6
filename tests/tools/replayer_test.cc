// File: tests/tools/replayer_test.cc
//
// Goal: replay gives each file the status its header and run deserve
// (REPRODUCED, CLEAN, FIXED, CHANGED, BAD-INPUT), the exit status is the CI
// gate (0 only when every file is as expected, 2 on bad input), --reference
// expects clean on the reference models, and directories are walked in a
// stable order. Method: reproducers of the planted bug judged with the
// planted driver, with a "fixed" driver (the reference one under the same
// name) and on the reference models; corpus files; broken files.
#include "tools/replayer.h"

#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/test_util.h"
#include "tests/tools/planted_models.h"
#include "tests/tools/tool_test_util.h"
#include "tools/minimizer.h"
#include "tools/reproducer.h"

namespace migsim {
namespace {

class ReplayerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    MinimizeOptions options;
    options.judge = testing::PlantedJudgeOptions();
    absl::StatusOr<MinimizeResult> m =
        Minimize(testing::ParseScenario(testing::kPlantedPreCopyScenario), options);
    ASSERT_TRUE(m.ok()) << m.status();
    minimized_ = *m;
    repro_ = dir_ + "/repro.textproto";
    testing::WriteText(repro_, FormatReproducer(minimized_, FailOn::kDevice, ""));
  }

  ReplayOptions Planted() const {
    ReplayOptions o;
    o.judge = testing::PlantedJudgeOptions();
    return o;
  }

  std::string dir_;
  std::string repro_;
  MinimizeResult minimized_;
};

TEST_F(ReplayerTest, ReproducedThenFixedThenCleanOnTheReference) {
  const ReplayResult r = ReplayFile(repro_, Planted());
  EXPECT_EQ(r.status, ReplayStatus::kReproduced) << r.Describe();
  EXPECT_EQ(r.got.signature, minimized_.signature);
  EXPECT_TRUE(r.note.empty()) << r.note;
  EXPECT_EQ(ReplayExitCode({r}), 0);

  ReplayOptions fixed;  // the same model name, now the reference driver
  fixed.judge.device_override = [](const proto::Device& d, uint32_t index,
                                   uint64_t seed) -> absl::StatusOr<std::unique_ptr<SimDevice>> {
    proto::Device copy = d;
    copy.clear_model();
    return CreateDevice(copy, index, seed);
  };
  const ReplayResult f = ReplayFile(repro_, fixed);
  EXPECT_EQ(f.status, ReplayStatus::kFixed) << f.Describe();
  EXPECT_EQ(ReplayExitCode({r, f}), 1);
  EXPECT_EQ(f.Describe(), "FIXED " + repro_ + ": expected " + minimized_.signature + ", now clean");

  ReplayOptions reference;
  reference.rewrite.reference = true;  // Device.model cleared: no override needed
  const ReplayResult c = ReplayFile(repro_, reference);
  EXPECT_EQ(c.status, ReplayStatus::kClean) << c.Describe();
  EXPECT_TRUE(c.expected.empty());
}

TEST_F(ReplayerTest, ChangedWhenAnotherSignatureOrAViolationWhereCleanWasExpected) {
  std::string text = FormatReproducer(minimized_, FailOn::kDevice, "");
  const std::string other = "V2-PATH-SHORTEST.test_reenters_precopy.RUNNING-to-STOP";
  text.replace(text.find(minimized_.signature), minimized_.signature.size(), other);
  testing::WriteText(dir_ + "/other.textproto", text);
  const ReplayResult r = ReplayFile(dir_ + "/other.textproto", Planted());
  EXPECT_EQ(r.status, ReplayStatus::kChanged);
  EXPECT_EQ(r.expected, other);
  EXPECT_EQ(r.got.signature, minimized_.signature);

  // The same scenario without a header expects clean.
  testing::WriteText(dir_ + "/plain.textproto", testing::kPlantedPreCopyScenario);
  const ReplayResult p = ReplayFile(dir_ + "/plain.textproto", Planted());
  EXPECT_EQ(p.status, ReplayStatus::kChanged) << p.Describe();
  EXPECT_EQ(ReplayExitCode({p}), 1);
}

TEST_F(ReplayerTest, CorpusFilesAreClean) {
  const ReplayResult r =
      ReplayFile(testing::SourceDir() + "/corpus/v2/stop_copy_save_resume.textproto", {});
  EXPECT_EQ(r.status, ReplayStatus::kClean) << r.Describe();
  EXPECT_TRUE(r.as_expected());
}

TEST_F(ReplayerTest, BadInputNamesTheFileAndExitsTwo) {
  testing::WriteText(dir_ + "/syntax.textproto", "format_version: 1\nnonsense {\n");
  testing::WriteText(dir_ + "/field.textproto", "format_version: 1 topology { hosts {} }");
  testing::WriteText(dir_ + "/header.textproto", "# fail_on: devices\nformat_version: 1\n");
  std::vector<ReplayResult> results;
  for (const char* name : {"syntax", "field", "header", "missing"}) {
    const std::string path = dir_ + "/" + name + ".textproto";
    results.push_back(ReplayFile(path, {}));
    EXPECT_EQ(results.back().status, ReplayStatus::kBadInput) << name;
    EXPECT_EQ(results.back().error.rfind(path, 0), 0u) << results.back().error;
  }
  EXPECT_NE(results[1].error.find("topology.hosts[0].guest_pages"), std::string::npos);
  // Without the planted driver the model name is unknown: bad input too.
  EXPECT_EQ(ReplayFile(repro_, {}).status, ReplayStatus::kBadInput);
  EXPECT_EQ(ReplayExitCode(results), 2);
  EXPECT_EQ(ReplayExitCode({}), 0);
}

TEST_F(ReplayerTest, DirectoriesAreWalkedSortedAndFiltered) {
  const std::string root = testing::MakeTempDir();
  std::filesystem::create_directories(root + "/b/sig");
  for (const char* name : {"/z.textproto", "/a.pb", "/b/sig/repro.textproto", "/b/sig/trace.txt",
                           "/b/sig/timeline.json", "/c.fuzz", "/notes.md"}) {
    testing::WriteText(root + name, "");
  }
  // A fuzz campaign's summary is text format but no scenario: skipped; a
  // scenario that happens to have that name is not.
  testing::WriteText(root + "/summary.textproto", "# migsim fuzz campaign summary (...)\n");
  testing::WriteText(root + "/b/summary.textproto", "format_version: 1\n");
  absl::StatusOr<std::vector<std::string>> files = CollectScenarioFiles({root, repro_});
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(*files, (std::vector<std::string>{root + "/a.pb", root + "/b/sig/repro.textproto",
                                              root + "/b/summary.textproto", root + "/c.fuzz",
                                              root + "/z.textproto", repro_}));
  EXPECT_EQ(CollectScenarioFiles({root + "/nope"}).status().code(), absl::StatusCode::kNotFound);
  const std::string empty = testing::MakeTempDir();
  EXPECT_EQ(CollectScenarioFiles({empty}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace migsim
