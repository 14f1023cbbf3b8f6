// Goal: STREAM-RESUME-EXACT (spec/rules/device_stream_rules.h) fires when a
// successful load leaves another internal state than the saved stream
// describes, or loads a stream no device saved; failed loads and exact
// loads pass. AddStreamMonitor adds the monitor only for topologies with a
// migratable device.
// Method: the monitor judges the shared records alone, so the tests feed it
// hand-made STREAM_END and RESUME_LOADED records, as any family's device
// would emit them.
#include "spec/monitors/stream_monitor.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "models/record_kinds.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

class StreamMonitorTest : public ::testing::Test {
 protected:
  void End(uint32_t device, uint64_t stream, uint64_t internal) {
    Feed(kRecordStreamEnd, device, 0, {5, 1000, stream, internal});
  }
  void Loaded(uint32_t device, int32_t result, uint64_t stream, uint64_t internal) {
    Feed(kRecordResumeLoaded, device, result, {5, stream, internal});
  }
  void Feed(uint16_t kind, uint32_t device, int32_t result, std::vector<uint64_t> args) {
    TraceRecord r;
    r.kind = kind;
    r.device = device;
    r.result = result;
    for (size_t i = 0; i < args.size(); ++i) r.arg[i] = args[i];
    monitor_.OnRecord(r, {}, sink_);
  }

  StreamMonitor monitor_;
  testing::CollectingSink sink_;
};

TEST_F(StreamMonitorTest, WrongInternalStateFires) {
  End(0, 0xabc, 0x111);
  Loaded(1, 0, 0xabc, 0x222);
  ASSERT_EQ(sink_.ids, std::vector<std::string>{"STREAM-RESUME-EXACT"});
  EXPECT_NE(sink_.explanations[0].find("device d0"), std::string::npos);
}

TEST_F(StreamMonitorTest, UnknownStreamFires) {
  End(0, 0xabc, 0x111);
  Loaded(1, 0, 0xdef, 0x111);
  EXPECT_EQ(sink_.ids, std::vector<std::string>{"STREAM-RESUME-EXACT"});
}

TEST_F(StreamMonitorTest, ExactAndFailedLoadsPass) {
  End(0, 0xabc, 0x111);
  Loaded(1, 0, 0xabc, 0x111);
  Loaded(2, -22, 0xdef, 0x999);  // a failed load is judged by the family's rules
  Loaded(3, 0, 0xabc, 0x111);    // the same stream may be resumed twice
  EXPECT_TRUE(sink_.ids.empty());
}

TEST(AddStreamMonitorTest, OnlyForMigratableDevices) {
  std::vector<std::unique_ptr<Monitor>> out;
  AddStreamMonitor(testing::ParseScenario("format_version: 1 topology { hosts { guest_pages: 1 "
                                          "} devices { kind: DMA_ENGINE } }"),
                   out);
  EXPECT_TRUE(out.empty());
  AddStreamMonitor(testing::ParseScenario("format_version: 1 topology { hosts { guest_pages: 1 "
                                          "} devices { kind: V2_DEVICE } }"),
                   out);
  EXPECT_EQ(out.size(), 1u);
}

}  // namespace
}  // namespace migsim
