// File: tests/tools/reproducer_test.cc
//
// Goal: a reproducer's header says what `migsim replay` must expect and is
// read back exactly; the file is still a plain scenario; WriteReproducerDir
// writes the three artifacts whole. Method: minimize the planted bug, format
// it, parse it back; feed ParseExpectation good and bad headers.
#include "tools/reproducer.h"

#include <filesystem>
#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "sim/scenario_io.h"
#include "tests/test_util.h"
#include "tests/tools/json_lite.h"
#include "tests/tools/planted_models.h"
#include "tests/tools/tool_test_util.h"

namespace migsim {
namespace {

MinimizeResult MinimizedPlanted() {
  MinimizeOptions options;
  options.judge = testing::PlantedJudgeOptions();
  absl::StatusOr<MinimizeResult> m =
      Minimize(testing::ParseScenario(testing::kPlantedPreCopyScenario), options);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *m : MinimizeResult{};
}

TEST(ReproducerTest, HeaderRoundTripsAndTheFileIsAScenario) {
  const MinimizeResult m = MinimizedPlanted();
  const std::string text = FormatReproducer(m, FailOn::kDevice, "crashes/crash-1");
  absl::StatusOr<Expectation> e = ParseExpectation(text, "r.textproto");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->signature, m.signature);
  EXPECT_EQ(e->fail_on, FailOn::kDevice);
  EXPECT_TRUE(e->has_fail_on);
  EXPECT_EQ(e->trace_hash.size(), 18u);  // "0x" and 16 hex digits
  EXPECT_NE(text.find("# minimized: 18 -> 2 actions in "), std::string::npos) << text;
  EXPECT_NE(text.find("# source: crashes/crash-1\n"), std::string::npos);
  EXPECT_NE(text.find("# rule: V2-STOPCOPY-TO-PRECOPY-REFUSED (../reference/"), std::string::npos);
  absl::StatusOr<proto::Scenario> back = ParseScenarioText(text, "r.textproto");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*back, m.scenario));
  // Under another policy the header says so.
  absl::StatusOr<Expectation> user = ParseExpectation(FormatReproducer(m, FailOn::kUser, ""), "u");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->fail_on, FailOn::kUser);
}

TEST(ReproducerTest, NoHeaderExpectsCleanAndTheHeaderEndsAtTheFirstField) {
  absl::StatusOr<Expectation> none = ParseExpectation("format_version: 1\n", "f");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->signature.empty());
  EXPECT_FALSE(none->has_fail_on);
  absl::StatusOr<Expectation> late =
      ParseExpectation("# a comment\n\nformat_version: 1\n# signature: A.b.c\n", "f");
  ASSERT_TRUE(late.ok());
  EXPECT_TRUE(late->signature.empty());
  absl::StatusOr<Expectation> spaced = ParseExpectation("  #   signature:  A-B.c_d.e  \n", "f");
  ASSERT_TRUE(spaced.ok());
  EXPECT_EQ(spaced->signature, "A-B.c_d.e");
}

TEST(ReproducerTest, BadHeaderValuesNameTheFileAndKey) {
  absl::StatusOr<Expectation> bad_policy = ParseExpectation("# fail_on: devices\n", "r.textproto");
  ASSERT_FALSE(bad_policy.ok());
  EXPECT_EQ(bad_policy.status().message(),
            "r.textproto: header fail_on: 'devices' is not device, user or any");
  EXPECT_FALSE(ParseExpectation("# signature:\n", "r").ok());
  EXPECT_FALSE(ParseExpectation("# signature: a/b.c d\n", "r").ok());
}

TEST(ReproducerTest, DirectoryHoldsReproTraceAndTimeline) {
  const MinimizeResult m = MinimizedPlanted();
  const std::string dir = testing::MakeTempDir() + "/" + m.signature;
  ASSERT_TRUE(
      WriteReproducerDir(dir, m, FailOn::kDevice, "src", testing::PlantedJudgeOptions()).ok());
  EXPECT_EQ(testing::ReadText(dir + "/repro.textproto"),
            FormatReproducer(m, FailOn::kDevice, "src"));
  const std::string trace = testing::ReadText(dir + "/trace.txt");
  EXPECT_NE(trace.find("SEED=0\n"), std::string::npos) << "the seed shrinks to 0";
  EXPECT_NE(trace.find("VIOLATION V2-STOPCOPY-TO-PRECOPY-REFUSED"), std::string::npos);
  EXPECT_NE(trace.find("#0 "), std::string::npos) << "the full trace, one line per record";
  EXPECT_TRUE(testing::JsonParser(testing::ReadText(dir + "/timeline.json")).Parse().has_value());
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos)
        << "a temporary file was left: " << entry.path();
    ++files;
  }
  EXPECT_EQ(files, 3u);
}

}  // namespace
}  // namespace migsim
