// File: tests/tools/input_file_test.cc
//
// Goal: LoadInputFile reads every kind of file the tools meet (text, binary
// Scenario, a fuzz engine's binary FuzzInput with or without an extension)
// into the scenario that runs, and names the file in every error. Method:
// write each kind to a temporary directory.
#include "tools/input_file.h"

#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "protos/fuzz_input.pb.h"
#include "tests/test_util.h"
#include "tests/tools/tool_test_util.h"

namespace migsim {
namespace {

using google::protobuf::util::MessageDifferencer;

constexpr char kText[] = R"pb(
  format_version: 1
  topology {
    hosts { guest_pages: 4 }
    devices { kind: V2_DEVICE }
  }
  actions { v2_get_state { device: 0 } }
  actions { v2_set_state { device: 0 state: 1 } }
)pb";

TEST(InputFileTest, TextAndBinaryScenarios) {
  const std::string dir = testing::MakeTempDir();
  const proto::Scenario s = testing::ParseScenario(kText);
  testing::WriteText(dir + "/a.textproto", kText);
  testing::WriteText(dir + "/a.pb", s.SerializeAsString());
  testing::WriteText(dir + "/a.repro", kText);  // unknown extension, text bytes
  for (const char* name : {"/a.textproto", "/a.pb", "/a.repro"}) {
    absl::StatusOr<InputFile> f = LoadInputFile(dir + name);
    ASSERT_TRUE(f.ok()) << f.status();
    EXPECT_TRUE(MessageDifferencer::Equals(f->scenario, s)) << name;
  }
  EXPECT_EQ(LoadInputFile(dir + "/a.pb")->format, InputFormat::kBinaryScenario);
  EXPECT_EQ(LoadInputFile(dir + "/a.repro")->format, InputFormat::kText);
  EXPECT_EQ(LoadInputFile(dir + "/a.repro")->text, kText);
}

TEST(InputFileTest, FuzzInputsBecomeTheScenarioThatRan) {
  const std::string dir = testing::MakeTempDir();
  proto::FuzzInput input;
  *input.mutable_scenario() = testing::ParseScenario(kText);
  input.mutable_swarm()->add_action_kinds(proto::Action::kV2SetState);
  testing::WriteText(dir + "/crash-0123abcd", input.SerializeAsString());
  testing::WriteText(dir + "/seed.fuzz", input.SerializeAsString());
  testing::WriteText(dir + "/v2_seed.pb", input.SerializeAsString());  // as migsim_seeds names it
  for (const char* name : {"/crash-0123abcd", "/seed.fuzz", "/v2_seed.pb"}) {
    absl::StatusOr<InputFile> f = LoadInputFile(dir + name);
    ASSERT_TRUE(f.ok()) << f.status();
    EXPECT_EQ(f->format, InputFormat::kFuzzInput);
    ASSERT_EQ(f->scenario.actions_size(), 1) << "the swarm drops the v2_get_state";
    EXPECT_TRUE(f->scenario.actions(0).has_v2_set_state());
  }
}

TEST(InputFileTest, ErrorsNameTheFile) {
  const std::string dir = testing::MakeTempDir();
  testing::WriteText(dir + "/bad.textproto", "format_version: 1\nnonsense {\n");
  testing::WriteText(dir + "/junk", std::string("\x0a\xff\xff\xff\xff\xff\xff\x01{", 9));
  testing::WriteText(dir + "/junk.fuzz", std::string("\xff\xff", 2));
  absl::StatusOr<InputFile> text = LoadInputFile(dir + "/bad.textproto");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(std::string(text.status().message()).rfind(dir + "/bad.textproto:2:", 0), 0u)
      << text.status();
  absl::StatusOr<InputFile> junk = LoadInputFile(dir + "/junk");
  ASSERT_FALSE(junk.ok());
  EXPECT_NE(std::string(junk.status().message()).find("/junk: not a text Scenario ("),
            std::string::npos)
      << junk.status();
  EXPECT_NE(std::string(junk.status().message()).find("nor a binary FuzzInput"), std::string::npos);
  EXPECT_FALSE(LoadInputFile(dir + "/junk.fuzz").ok());
  EXPECT_EQ(LoadInputFile(dir + "/missing.textproto").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace migsim
