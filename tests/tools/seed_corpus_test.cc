// File: tests/tools/seed_corpus_test.cc
//
// Goal: the seed corpus holds the topology scenario and every scenario of
// the seed sources as binary FuzzInputs that run as the originals, named by
// content (same files on a rerun, duplicates merged), and reports the files
// it could not use. Method: seed from corpus/v2 and a broken file.
#include "tools/seed_corpus.h"

#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"
#include "tests/tools/tool_test_util.h"
#include "tools/fuzz_engine.h"
#include "tools/input_file.h"

namespace migsim {
namespace {

TEST(SeedCorpusTest, TopologyAndSourcesBecomeFuzzInputs) {
  const std::string dir = testing::MakeTempDir();
  const std::string v2 = testing::SourceDir() + "/corpus/v2";
  testing::WriteText(dir + "/broken.textproto", "format_version: 1 nonsense {");
  const proto::Scenario topology =
      testing::ParseScenario("format_version: 1 topology { hosts { guest_pages: 1 } }");
  absl::StatusOr<SeedReport> r =
      WriteSeeds(dir + "/seeds", topology, {v2, v2, dir + "/broken.textproto", dir + "/nope"});
  ASSERT_TRUE(r.ok()) << r.status();
  const std::vector<std::string> seeds = ListFiles(dir + "/seeds", {"seed-"});
  EXPECT_EQ(r->written, 6) << "the topology and corpus/v2's five, each once";
  EXPECT_EQ(seeds.size(), 6u);
  ASSERT_EQ(r->skipped.size(), 2u);
  EXPECT_NE(r->skipped[0].find("broken.textproto:1:"), std::string::npos) << r->skipped[0];
  EXPECT_NE(r->skipped[1].find("nope: no such file"), std::string::npos) << r->skipped[1];
  // Each seed loads back as a FuzzInput whose scenario is one of the inputs.
  absl::StatusOr<InputFile> any = LoadInputFile(seeds[0]);
  ASSERT_TRUE(any.ok()) << any.status();
  EXPECT_EQ(any->format, InputFormat::kFuzzInput);
  // A rerun writes the same names.
  ASSERT_TRUE(WriteSeeds(dir + "/seeds", topology, {v2}).ok());
  EXPECT_EQ(ListFiles(dir + "/seeds", {"seed-"}), seeds);
}

TEST(SeedCorpusTest, NoSeedAtAllIsAnError) {
  const std::string dir = testing::MakeTempDir();
  absl::StatusOr<SeedReport> r = WriteSeeds(dir + "/seeds", std::nullopt, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace migsim
