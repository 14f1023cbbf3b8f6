// Goal: the whole-VM corpus (corpus/flows/, corpus/topologies/) is real
// input that keeps its promises: each file says what it exercises, cites its
// source, and names what it expects; the reference and QEMU flows run with
// zero violations, each naive flow produces exactly the violations the
// documentation predicts; every migration ends; and one run of the default
// topology is fast (it seeds the fuzz campaigns).
// Method: judge every file with every monitor, keep going, and compare the
// set of rule IDs with the file's "# Expect:" line.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/vmm/vmm_test_util.h"

namespace migsim {
namespace {

std::vector<std::string> Files() {
  std::vector<std::string> files;
  for (const char* dir : {"/corpus/flows", "/corpus/topologies"}) {
    for (const auto& e : std::filesystem::directory_iterator(testing::SourceDir() + dir)) {
      if (e.path().extension() == ".textproto") files.push_back(e.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Header(const std::string& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  return s.substr(0, s.find("\nformat_version"));
}

// The rule IDs after "# Expect:" ("clean" = none); nullopt without the line.
std::optional<std::set<std::string>> Expected(const std::string& header) {
  const size_t at = header.find("# Expect:");
  if (at == std::string::npos) return std::nullopt;
  const std::string line = header.substr(at + 9, header.find('\n', at) - at - 9);
  std::set<std::string> ids;
  for (absl::string_view w : absl::StrSplit(line, ' ', absl::SkipEmpty())) {
    if (w != "clean") ids.insert(std::string(w));
  }
  return ids;
}

TEST(VmmCorpusTest, EveryFileKeepsItsPromise) {
  const std::vector<std::string> files = Files();
  EXPECT_GE(files.size(), 14u);
  size_t naive = 0;
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    const std::string header = Header(file);
    ASSERT_EQ(header.rfind("# Exercises:", 0), 0u);
    const std::optional<std::set<std::string>> want = Expected(header);
    ASSERT_TRUE(want.has_value()) << "no # Expect: line";
    if (file.find("/flows/") != std::string::npos) {
      EXPECT_NE(header.find("# Source:"), std::string::npos);
    }
    for (const std::string& id : *want) EXPECT_NE(FindRule(id), nullptr) << id;
    absl::StatusOr<proto::Scenario> s = LoadScenarioFile(file);
    ASSERT_TRUE(s.ok()) << s.status();
    const JudgedRun run = vmm_testing::JudgeAll(*s);
    EXPECT_EQ(vmm_testing::RuleIds(run.verdict), *want) << vmm_testing::Explain(run.verdict);
    EXPECT_TRUE(run.verdict.device_violations.empty()) << vmm_testing::Explain(run.verdict);
    EXPECT_TRUE(run.verdict.liveness_failure.empty()) << run.verdict.liveness_failure;
    EXPECT_NE(vmm_testing::LastOutcome(run.world), -1) << "the migration never ended";
    if (file.find("/naive_") != std::string::npos) {
      ++naive;
      EXPECT_FALSE(want->empty()) << "a naive flow must show its violation";
    }
  }
  EXPECT_EQ(naive, 3u);
}

TEST(VmmCorpusTest, NaiveFlowsNameWhatTheDocumentsPredict) {
  // The explanations carry the evidence: the stopped target and its peers,
  // the lost page with its writer, the device that ran too early.
  const JudgedRun skip =
      vmm_testing::JudgeAll(vmm_testing::Load("corpus/flows/naive_skip_grace.textproto"));
  EXPECT_NE(vmm_testing::Explain(skip.verdict).find("P2P target d0 entered STOP_COPY"),
            std::string::npos)
      << vmm_testing::Explain(skip.verdict);
  const JudgedRun early =
      vmm_testing::JudgeAll(vmm_testing::Load("corpus/flows/naive_early_dirty_stop.textproto"));
  EXPECT_NE(vmm_testing::Explain(early.verdict)
                .find("lost dirty page: page 9 (gpa 0x9000) written by DMA id"),
            std::string::npos)
      << vmm_testing::Explain(early.verdict);
  EXPECT_NE(vmm_testing::Explain(early.verdict).find("of device d3"), std::string::npos);
  const JudgedRun resume =
      vmm_testing::JudgeAll(vmm_testing::Load("corpus/flows/naive_resume_no_barrier.textproto"));
  EXPECT_NE(vmm_testing::Explain(resume.verdict).find("while P2P target d5 (RESUMING)"),
            std::string::npos)
      << vmm_testing::Explain(resume.verdict);
}

TEST(VmmCorpusTest, DefaultTopologyIsSmallAndBusy) {
  const proto::Scenario s = vmm_testing::Load(vmm_testing::kDefaultTopology);
  const proto::Topology& t = s.topology();
  ASSERT_TRUE(t.has_migration());
  EXPECT_GE(t.migration().pairs_size(), 4);
  std::set<std::string> kinds;
  bool capable = false;
  bool incapable = false;
  for (const proto::DevicePair& p : t.migration().pairs()) {
    const proto::Device& d = t.devices(static_cast<int>(p.source_device()));
    const bool v2 = d.kind() == proto::V2_DEVICE;
    kinds.insert(v2 ? "V2" : proto::SpecVariant_Name(d.v1().variant()));
    const bool grace = v2 ? d.v2().p2p() : d.v1().ndma_capable();
    (grace ? capable : incapable) = true;
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"V1", "V1_NDMA", "V2"}));
  EXPECT_TRUE(capable && incapable);
  EXPECT_GE(t.p2p_windows_size(), 1);
  EXPECT_GT(t.hosts(0).vcpu_period_ns(), 0u);
  const JudgedRun run = vmm_testing::JudgeAll(s);
  EXPECT_TRUE(run.verdict.clean()) << vmm_testing::Explain(run.verdict);
  // Busy: P2P doorbells and guest stores happened, and the run stayed small.
  EXPECT_GT(vmm_testing::Records(run.world, kRecordMmio).size(), 10u);
  EXPECT_GT(vmm_testing::Records(run.world, kRecordGuestWrite).size(), 10u);
  EXPECT_LT(run.verdict.events, 20000u);
}

}  // namespace
}  // namespace migsim
