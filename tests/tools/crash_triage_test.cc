// File: tests/tools/crash_triage_test.cc
//
// Goal: crash files are re-judged as the harness ran them, deduplicated by
// signature, minimized once per signature into DIR/<signature>/, and clean
// or invalid files counted apart; judged files are never judged twice (also
// across a resume); the corpus's protocol coverage grows as inputs are
// added. Method: FuzzInput files of the planted-model topology
// (tests/tools/planted_stop_topology.textproto) in a temporary directory.
#include "tools/crash_triage.h"

#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "protos/fuzz_input.pb.h"
#include "tests/test_util.h"
#include "tests/tools/tool_test_util.h"
#include "tools/coverage_tracker.h"

namespace migsim {
namespace {

HarnessConfig PlantedConfig() {
  HarnessEnv env;
  env.topology = testing::SourceDir() + "/tests/tools/planted_stop_topology.textproto";
  env.model = "planted_v2_dma_in_stop";
  absl::StatusOr<HarnessConfig> config = MakeHarnessConfig(env);
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *config : HarnessConfig();
}

// A FuzzInput whose scenario has `actions` (the topology is the campaign's).
std::string Input(const std::string& actions) {
  proto::FuzzInput input;
  *input.mutable_scenario() = testing::ParseScenario(actions);
  return input.SerializeAsString();
}

constexpr char kDmaInStop[] =
    "actions { v2_set_state { device: 0 state: 1 } } "
    "actions { device_dma { device: 0 iova: 0x1000 length: 64 } }";
constexpr char kNoisyDmaInStop[] =
    "actions { v2_get_state { device: 0 } } actions { v2_set_state { device: 0 state: 1 } } "
    "actions { advance_time { ns: 9 } } actions { device_dma { device: 0 length: 4 } }";
constexpr char kClean[] = "actions { v2_get_state { device: 0 } }";

class CrashTriageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    std::filesystem::create_directories(dir_ + "/crashes");
    files_ = {dir_ + "/crashes/crash-1", dir_ + "/crashes/crash-2", dir_ + "/crashes/crash-3",
              dir_ + "/crashes/timeout-4"};
    testing::WriteText(files_[0], Input(kDmaInStop));
    testing::WriteText(files_[1], Input(kNoisyDmaInStop));
    testing::WriteText(files_[2], "\x0a\xff\xff");
    testing::WriteText(files_[3], Input(kClean));
  }

  std::string dir_;
  std::vector<std::string> files_;
  std::vector<std::string> log_;
};

TEST_F(CrashTriageTest, SortsDedupsAndMinimizesOncePerSignature) {
  proto::CampaignSummary summary;
  CrashTriage triage(dir_, PlantedConfig(), summary, 2000,
                     [this](const std::string& m) { log_.push_back(m); });
  EXPECT_EQ(triage.Judge(files_, 12.5, 3000, /*final_pass=*/true, nullptr), 1);
  ASSERT_EQ(summary.findings_size(), 1);
  const proto::Finding& f = summary.findings(0);
  const std::string sig = "V2-STOP-NO-DMA.planted_v2_dma_in_stop.device_dma";
  EXPECT_EQ(f.signature(), sig);
  EXPECT_EQ(f.rule(), "V2-STOP-NO-DMA");
  EXPECT_EQ(f.doc(), "004_ca0a322ccd212e3d.txt");
  EXPECT_EQ(f.hits(), 2u);
  EXPECT_EQ(f.source(), "crashes/crash-1");
  EXPECT_EQ(f.repro(), sig + "/repro.textproto");
  EXPECT_EQ(f.first_found_s(), 12.5);
  EXPECT_EQ(f.first_found_execs(), 3000u);
  EXPECT_EQ(f.actions_after(), 2u);
  EXPECT_TRUE(f.confirmed());
  EXPECT_TRUE(triage.all_confirmed());
  EXPECT_EQ(summary.crash_files(), 4u);
  EXPECT_EQ(summary.invalid(), 1u);
  EXPECT_EQ(summary.unreproduced(), 1u);
  EXPECT_EQ(summary.judged_size(), 4);
  for (const char* name : {"repro.textproto", "trace.txt", "timeline.json"}) {
    EXPECT_TRUE(std::filesystem::exists(dir_ + "/" + sig + "/" + name)) << name;
  }
  ASSERT_EQ(log_.size(), 3u);
  EXPECT_EQ(log_[0].rfind("NEW " + sig + ": 2 -> 2 actions", 0), 0u) << log_[0];

  // Nothing is judged twice, by this triage or by one resuming the summary.
  EXPECT_EQ(triage.Judge(files_, 20, 4000, true, nullptr), 0);
  CrashTriage resumed(dir_, PlantedConfig(), summary, 2000, [](const std::string&) {});
  EXPECT_EQ(resumed.Judge(files_, 30, 5000, true, nullptr), 0);
  EXPECT_EQ(summary.crash_files(), 4u);
  EXPECT_EQ(summary.findings(0).hits(), 2u);
}

TEST_F(CrashTriageTest, FreshFilesWaitAndStopLeavesTheRestForLater) {
  proto::CampaignSummary summary;
  CrashTriage triage(dir_, PlantedConfig(), summary, 2000, [](const std::string&) {});
  EXPECT_EQ(triage.Judge(files_, 1, 1, /*final_pass=*/false, nullptr), 0)
      << "files written just now may be incomplete";
  EXPECT_EQ(summary.crash_files(), 0u);
  int asked = 0;
  triage.Judge(files_, 1, 1, true, [&asked] { return ++asked > 1; });
  EXPECT_EQ(summary.crash_files(), 1u) << "stopped after the first file";
  triage.Judge(files_, 1, 1, true, nullptr);
  EXPECT_EQ(summary.crash_files(), 4u);
}

TEST_F(CrashTriageTest, CoverageGrowsWithTheCorpus) {
  CoverageTracker tracker(PlantedConfig());
  EXPECT_EQ(tracker.slots(), 0u);
  EXPECT_EQ(tracker.Add({files_[3]}, 10), 1u);
  const size_t clean = tracker.slots();
  EXPECT_GT(clean, 0u);
  EXPECT_EQ(tracker.Add(files_, 2), 2u) << "at most max_new per call";
  EXPECT_EQ(tracker.Add(files_, 10), 1u) << "the last one not seen yet";
  EXPECT_GT(tracker.slots(), clean);
  EXPECT_EQ(tracker.Add(files_, 10), 0u);
}

}  // namespace
}  // namespace migsim
