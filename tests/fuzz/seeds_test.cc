// Goal: the build's seed corpus (<build>/fuzz_seeds/, made by migsim_seeds)
// holds every corpus/**/*.textproto outside corpus/regressions/ exactly
// once (fuzz/seed_policy.h: a regression reproducer would hand a campaign
// its mutant's bug), as a binary FuzzInput whose scenario equals the text
// file's (but for its model choices, cleared) and whose swarm enables
// everything;
// and the dictionary (<build>/migsim.dict) names every Action kind.
// Method: compare the build directory's files with the source corpus.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "fuzz/fuzz_input.h"
#include "gtest/gtest.h"
#include "sim/scenario_io.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

namespace fs = std::filesystem;

// <build>/ (this test runs from <build>/bin/).
fs::path BuildDir() { return fs::read_symlink("/proc/self/exe").parent_path().parent_path(); }

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SeedsTest, EveryCorpusScenarioIsOneBinarySeed) {
  const fs::path corpus = testing::SourceDir() + "/corpus";
  const fs::path seeds = BuildDir() / "fuzz_seeds";
  ASSERT_TRUE(fs::is_directory(seeds)) << seeds;
  std::set<std::string> expected;
  for (const auto& e : fs::recursive_directory_iterator(corpus)) {
    if (e.path().extension() != ".textproto") continue;
    fs::path name = fs::relative(e.path(), corpus);
    if (*name.begin() == "regressions") {
      EXPECT_FALSE(fs::exists(
          seeds / absl::StrReplaceAll(name.replace_extension(".pb").string(), {{"/", "_"}})))
          << name;
      continue;
    }
    name.replace_extension(".pb");
    const std::string file = absl::StrReplaceAll(name.string(), {{"/", "_"}});
    expected.insert(file);
    absl::StatusOr<proto::FuzzInput> seed = ParseFuzzInput(ReadAll(seeds / file));
    ASSERT_TRUE(seed.ok()) << file;
    absl::StatusOr<proto::Scenario> text = LoadScenarioFile(e.path().string());
    ASSERT_TRUE(text.ok()) << text.status();
    for (const proto::Device& d : seed->scenario().topology().devices()) {
      EXPECT_TRUE(d.model().empty()) << file;
    }
    for (const proto::Host& h : seed->scenario().topology().hosts()) {
      EXPECT_TRUE(h.iommu_model().empty()) << file;
    }
    for (proto::Device& d : *text->mutable_topology()->mutable_devices()) d.clear_model();
    for (proto::Host& h : *text->mutable_topology()->mutable_hosts()) h.clear_iommu_model();
    EXPECT_EQ(seed->scenario().SerializeAsString(), text->SerializeAsString()) << file;
    EXPECT_TRUE(SwarmEnablesAll(seed->swarm())) << file;
  }
  std::set<std::string> found;
  for (const auto& e : fs::directory_iterator(seeds)) {
    if (e.path().extension() == ".pb") found.insert(e.path().filename().string());
  }
  EXPECT_EQ(found, expected);
  EXPECT_GE(found.size(), 10u);
}

TEST(SeedsTest, DictionaryNamesEveryActionKind) {
  const std::string dict = ReadAll(BuildDir() / "migsim.dict");
  ASSERT_FALSE(dict.empty());
  const google::protobuf::OneofDescriptor* kind =
      proto::Action::descriptor()->FindOneofByName("kind");
  for (int i = 0; i < kind->field_count(); ++i) {
    EXPECT_NE(dict.find(absl::StrCat("\nkind_", kind->field(i)->name(), "=\"")), std::string::npos)
        << kind->field(i)->name();
  }
  EXPECT_NE(dict.find("kind_v2_set_state=\"\\xC2\\x0C\""), std::string::npos)  // (200 << 3) | 2
      << dict.substr(0, 400);
}

}  // namespace
}  // namespace migsim
