// Goal: `migsim run --timeline` of the whole-VM scenarios is valid Chrome
// Trace Event JSON with the fields viewers need, a "migration (VMM)" track
// per host whose spans are the migration's phases in order, a channel track
// with one span per message, instants for dirty-log reads, the stop point,
// the commit and (for naive flows) the violations, and it is byte-identical
// run to run.
// Method: judge corpus/flows scenarios, render, parse with the minimal JSON
// reader of tests/tools.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/tools/json_lite.h"
#include "tests/vmm/vmm_test_util.h"
#include "tools/timeline.h"

namespace migsim {
namespace {

std::string Render(const std::string& file) {
  const proto::Scenario s = vmm_testing::Load(file);
  const JudgedRun run = vmm_testing::JudgeAll(s);
  return FormatTimelineJson(s, run.world, run.verdict);
}

TEST(VmmTimelineTest, EveryFlowScenarioParsesWithTheRequiredFields) {
  std::vector<std::string> files;
  for (const auto& e :
       std::filesystem::directory_iterator(testing::SourceDir() + "/corpus/flows")) {
    if (e.path().extension() == ".textproto")
      files.push_back("corpus/flows/" + e.path().filename().string());
  }
  ASSERT_GE(files.size(), 10u);
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    const std::string text = Render(file);
    std::optional<testing::Json> doc = testing::JsonParser(text).Parse();
    ASSERT_TRUE(doc.has_value()) << text.substr(0, 300);
    const testing::Json* events = doc->Get("traceEvents");
    ASSERT_NE(events, nullptr);
    std::set<std::string> tracks;
    std::vector<std::string> phases;
    std::set<std::string> instants;
    size_t channel_spans = 0;
    for (const testing::Json& e : events->items) {
      for (const char* key : {"name", "ph", "pid", "tid"}) ASSERT_NE(e.Get(key), nullptr) << key;
      const std::string ph = e.Get("ph")->text;
      if (ph == "M") tracks.insert(e.Get("args")->Get("name")->text);
      if (ph == "X") {
        ASSERT_NE(e.Get("ts"), nullptr);
        ASSERT_NE(e.Get("dur"), nullptr);
        EXPECT_GE(e.Get("dur")->number, 0);
        if (e.Get("cat")->text == "phase") phases.push_back(e.Get("name")->text);
        channel_spans += e.Get("cat")->text == "channel";
      }
      if (ph == "i") {
        ASSERT_NE(e.Get("ts"), nullptr);
        instants.insert(e.Get("name")->text);
      }
    }
    EXPECT_TRUE(tracks.count("migration (VMM)"));
    EXPECT_TRUE(tracks.count("migration channel"));
    ASSERT_FALSE(phases.empty());
    EXPECT_EQ(phases.front(), "setup");
    EXPECT_TRUE(instants.count("CPU dirty-log read"));
    EXPECT_TRUE(instants.count("stop point"));
    EXPECT_GT(channel_spans, 3u);
    if (file.find("naive_") != std::string::npos) {
      EXPECT_TRUE(instants.count("USER-VM-GRACE-BARRIER") ||
                  instants.count("USER-VM-DIRTY-STOP-QUIESCED"));
    }
  }
}

TEST(VmmTimelineTest, ReferencePhasesInOrderAndByteIdentical) {
  const std::string file = "corpus/flows/reference_precopy_heavy_dma.textproto";
  const std::string a = Render(file);
  EXPECT_EQ(a, Render(file));
  std::optional<testing::Json> doc = testing::JsonParser(a).Parse();
  ASSERT_TRUE(doc.has_value());
  std::vector<std::string> phases;
  for (const testing::Json& e : doc->Get("traceEvents")->items) {
    if (e.Get("ph")->text == "X" && e.Get("cat")->text == "phase") {
      phases.push_back(e.Get("name")->text);
    }
  }
  EXPECT_EQ(phases, (std::vector<std::string>{"setup", "dirty tracking", "pre-copy", "vIOMMU grace",
                                              "P2P grace", "stop-and-copy", "resume",
                                              "resume P2P grace", "running"}));
}

}  // namespace
}  // namespace migsim
