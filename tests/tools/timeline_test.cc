// Goal: the timeline of a run is valid Chrome Trace Event JSON with the
// fields viewers need (name, ph, pid, tid; ts/dur on spans), one named track
// per host, vCPU, device and DMA engine, timestamps in simulated time, and
// byte-identical output for the same scenario.
// Method: judge corpus scenarios, render, parse with a minimal JSON reader.
#include "tools/timeline.h"

#include <set>
#include <string>

#include "gtest/gtest.h"
#include "sim/scenario_io.h"
#include "spec/judge.h"
#include "tests/test_util.h"
#include "tests/tools/json_lite.h"

namespace migsim {
namespace {

std::string Render(const std::string& file) {
  absl::StatusOr<proto::Scenario> s = LoadScenarioFile(testing::SourceDir() + "/" + file);
  EXPECT_TRUE(s.ok()) << s.status();
  absl::StatusOr<JudgedRun> run = Judge(*s, {});
  EXPECT_TRUE(run.ok()) << run.status();
  return FormatTimelineJson(*s, run->world, run->verdict);
}

TEST(TimelineTest, JsonHasRequiredFieldsAndTracks) {
  const std::string text = Render("corpus/engine/vcpus_and_background_dma.textproto");
  std::optional<testing::Json> doc = testing::JsonParser(text).Parse();
  ASSERT_TRUE(doc.has_value()) << text.substr(0, 300);
  const testing::Json* events = doc->Get("traceEvents");
  ASSERT_NE(events, nullptr);
  ASSERT_EQ(events->kind, testing::Json::kArray);
  std::set<std::string> tracks, phases;
  double last_dma_end = 0;
  for (const testing::Json& e : events->items) {
    for (const char* key : {"name", "ph", "pid", "tid"}) {
      ASSERT_NE(e.Get(key), nullptr) << "missing " << key;
    }
    const std::string ph = e.Get("ph")->text;
    phases.insert(ph);
    if (ph == "M") tracks.insert(e.Get("args")->Get("name")->text);
    if (ph == "X") {
      ASSERT_NE(e.Get("ts"), nullptr);
      ASSERT_NE(e.Get("dur"), nullptr);
      EXPECT_GE(e.Get("dur")->number, 0);
      if (e.Get("name")->text == "DMA") {
        last_dma_end = std::max(last_dma_end, e.Get("ts")->number + e.Get("dur")->number);
      }
    }
    if (ph == "i") ASSERT_NE(e.Get("ts"), nullptr);
  }
  EXPECT_EQ(phases, (std::set<std::string>{"M", "X", "i"}));
  for (const char* t : {"host h0 src", "vCPU 0", "vCPU 1", "d0 dma0 (dma_engine)",
                        "d0 dma0 (dma_engine) DMA", "IOMMU and dirty log"}) {
    EXPECT_TRUE(tracks.count(t)) << "no track " << t;
  }
  // The scenario lasts 25000 ns = 25 us of simulated time.
  EXPECT_GT(last_dma_end, 1.0);
  EXPECT_LE(last_dma_end, 25.0);
}

TEST(TimelineTest, ByteIdenticalAcrossRuns) {
  for (const char* f : {"corpus/engine/p2p_through_bar_window.textproto",
                        "corpus/engine/vcpus_and_background_dma.textproto"}) {
    EXPECT_EQ(Render(f), Render(f)) << f;
  }
}

TEST(JsonLiteTest, RejectsBrokenJson) {
  EXPECT_FALSE(testing::JsonParser("{\"a\":").Parse().has_value());
  EXPECT_FALSE(testing::JsonParser("[1,]").Parse().has_value());
  EXPECT_TRUE(testing::JsonParser("{\"a\":[1,2,{\"b\":\"c\\\"\"}]}").Parse().has_value());
}

}  // namespace
}  // namespace migsim
