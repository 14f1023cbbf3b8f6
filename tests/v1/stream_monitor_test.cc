// Goal: STREAM-RESUME-EXACT (spec/rules/device_stream_rules.h) fires when a
// successful load leaves another internal state than the source device was
// in when it ended the stream (as its INTERNAL_CHANGE records show; END's
// own claim only when none was recorded), or loads a stream no device saved;
// failed loads, exact loads and changes of the source before (pre-copy) or
// after the stream pass. AddStreamMonitor adds the monitor only for
// topologies with a migratable device.
// Method: the monitor judges the shared records alone, so the tests feed it
// hand-made INTERNAL_CHANGE, STREAM_END and RESUME_LOADED records, as any
// family's device would emit them.
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
  // Stream bytes [offset, offset + length) of session 5 handed to the user.
  void Saved(uint32_t device, uint64_t offset, uint64_t length) {
    Feed(kRecordStreamSave, device, 0, {5, offset, length, 0});
  }
  void Changed(uint32_t device, uint64_t internal) {
    Feed(kRecordInternalChange, device, 0, {internal, 0, kChangeTick});
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

  // Collects rule IDs and explanations, and the device each is reported on.
  class Sink final : public ViolationSink {
   public:
    void Report(const Rule& rule, uint32_t device, uint16_t, std::string explanation) override {
      ids.push_back(std::string(rule.id));
      devices.push_back(device);
      explanations.push_back(std::move(explanation));
    }
    std::vector<std::string> ids;
    std::vector<uint32_t> devices;
    std::vector<std::string> explanations;
  };

  StreamMonitor monitor_;
  Sink sink_;
};

TEST_F(StreamMonitorTest, WrongInternalStateFires) {
  End(0, 0xabc, 0x111);
  Loaded(1, 0, 0xabc, 0x222);
  ASSERT_EQ(sink_.ids, std::vector<std::string>{"STREAM-RESUME-EXACT"});
  EXPECT_NE(sink_.explanations[0].find("device d0"), std::string::npos);
}

// Issue 3 of the bug zoo: the source recorded internal state 0x111 and
// ended its stream claiming 0x222; the destination loads 0x222, just what
// END claims. The stream left part of the source's state out: the source
// is at fault.
TEST_F(StreamMonitorTest, StreamMissingSourceStateFires) {
  Changed(0, 0x111);
  End(0, 0xabc, 0x222);
  Loaded(1, 0, 0xabc, 0x222);
  ASSERT_EQ(sink_.ids, std::vector<std::string>{"STREAM-RESUME-EXACT"});
  EXPECT_EQ(sink_.devices, std::vector<uint32_t>{0});
  EXPECT_NE(sink_.explanations[0].find("0x111"), std::string::npos) << sink_.explanations[0];
}

// A load that matches neither is the resuming device's.
TEST_F(StreamMonitorTest, LoadMatchingNeitherIsTheResumingDevices) {
  Changed(0, 0x111);
  End(0, 0xabc, 0x222);
  Loaded(1, 0, 0xabc, 0x333);
  ASSERT_EQ(sink_.ids, std::vector<std::string>{"STREAM-RESUME-EXACT"});
  EXPECT_EQ(sink_.devices, std::vector<uint32_t>{1});
}

// Near miss: the source changes while it streams pre-copy data (legal), the
// stream describes its state at the end, and the source changes again after
// it (running again after a failed migration); the destination's own
// changes before it loads do not count either.
TEST_F(StreamMonitorTest, ChangesBeforeAndAfterTheStreamPass) {
  Changed(0, 0x100);
  Changed(1, 0x500);
  Changed(0, 0x111);
  End(0, 0xabc, 0x111);
  Changed(0, 0x999);
  Loaded(1, 0, 0xabc, 0x111);
  EXPECT_TRUE(sink_.ids.empty()) << sink_.explanations[0];
  // A second stream of the same device is judged against its own end.
  End(0, 0xdef, 0x999);
  Loaded(2, 0, 0xdef, 0x999);
  EXPECT_TRUE(sink_.ids.empty()) << sink_.explanations[0];
}

// Found by fuzzing the V1_NDMA reference (scripts/false_alarms.sh): the
// user stopped a pre-copy source (SAVING) and read stream bytes up to and
// into END; a flow then set it SAVING|RUNNING again, it ran, and END's last
// bytes were read after it stopped once more. The stream was ending when
// END's first byte was handed out ("this indicates the end of the device
// migration stream and the device must not generate any new migration
// data", 000): it must restore the state of that moment, not the later one.
TEST_F(StreamMonitorTest, SourceRunningAgainAfterEndBeganPasses) {
  Changed(0, 0x111);
  Saved(0, 0, 990);  // END is the last 24 bytes of 1000: it began at 976
  Changed(0, 0x999);
  Saved(0, 990, 10);
  End(0, 0xabc, 0x111);
  Loaded(1, 0, 0xabc, 0x111);
  EXPECT_TRUE(sink_.ids.empty()) << sink_.explanations[0];
}

// Near miss: changes made before END's first byte was handed out are the
// stream's to carry, even when END itself was encoded earlier.
TEST_F(StreamMonitorTest, ChangeBeforeEndBeganFires) {
  Changed(0, 0x111);
  Saved(0, 0, 900);
  Changed(0, 0x999);
  Saved(0, 900, 100);
  End(0, 0xabc, 0x111);
  Loaded(1, 0, 0xabc, 0x111);
  ASSERT_EQ(sink_.ids, std::vector<std::string>{"STREAM-RESUME-EXACT"});
  EXPECT_EQ(sink_.devices, std::vector<uint32_t>{0});
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
