// Goal: the reference v2 device does what the uAPI says end to end: save on
// one device and resume on another reproduces the internal state exactly for
// every pair of flag combinations (with and without pre-copy rounds while
// the source keeps changing); reset returns RUNNING and ends the session;
// armed failures leave the states the texts allow; an action aimed at a
// device without mig_ops is only recorded (-ENOTTY); a closed device fd
// refuses ioctls; bad input names the field.
// Method: run scenarios on the reference driver under every monitor (they
// must stay clean) and assert on the World and the records; compare the
// two devices' internal states and the digests the stream records carry.
#include <cerrno>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "models/device_factory.h"
#include "models/v2/v2_records.h"
#include "tests/v2/v2_test_util.h"

namespace migsim::v2 {
namespace {

using v2_testing::RecordsOf;
using v2_testing::RunV2;
using v2_testing::Scenario;

std::string Set(uint32_t device, uint32_t state) {
  return absl::StrCat("actions { v2_set_state { device: ", device, " state: ", state, " } } ");
}
std::string Advance(uint64_t ns) {
  return absl::StrCat("actions { advance_time { ns: ", ns, " } } ");
}
std::string Params(uint32_t flags) {
  return absl::StrCat((flags & kMigrationP2P) ? "p2p: true " : "",
                      (flags & kMigrationPreCopy) ? "pre_copy: true " : "");
}
const std::string kSaveToEnd = "actions { v2_save_to_end { device: 0 read_bytes: 1000 } } ";
const std::string kGet0 = "actions { v2_get_state { device: 0 } } ";

// A source that keeps changing (ticks with DMA) and a destination.
std::string Migration(uint32_t source_flags, uint32_t target_flags) {
  const std::string devices = absl::StrCat(
      "devices { kind: V2_DEVICE host: 0 v2 { ", Params(source_flags),
      "internals { tick_ns: 1000 dma_iova: 0x1000 state_words: 256 } } } ",
      "devices { kind: V2_DEVICE host: 0 v2 { ", Params(target_flags),
      "internals { state_words: 256 } } } ");
  std::string actions = Advance(3500);
  if (source_flags & kMigrationPreCopy) {
    actions += Set(0, kStatePreCopy) + kSaveToEnd + Advance(2000) +
               "actions { v2_precopy_info { device: 0 } } " + kSaveToEnd + Advance(2000);
  }
  actions += Set(0, kStateStopCopy) + kSaveToEnd + Set(1, kStateResuming) +
             "actions { v2_push { source_device: 0 target_device: 1 piece_bytes: 700 } } " +
             Set(1, kStateStop) + Set(1, kStateRunning) +
             "actions { v2_close_fd { device: 0 } } actions { v2_close_fd { device: 1 } } ";
  return Scenario(devices, actions);
}

TEST(V2DeviceTest, SaveAndResumeEveryFlagCombination) {
  for (uint32_t source : kDefinedFlagSets) {
    for (uint32_t target : kDefinedFlagSets) {
      SCOPED_TRACE(FlagsName(source) + " => " + FlagsName(target));
      const v2_testing::Outcome run = RunV2(Migration(source, target));
      ASSERT_TRUE(run.world != nullptr);
      EXPECT_TRUE(run.device.empty() && run.user.empty())
          << (run.explanations.empty() ? "" : run.explanations.front());
      const World& world = *run.world;
      const V2Device& src = v2_testing::DeviceAt(world, 0);
      const V2Device& dst = v2_testing::DeviceAt(world, 1);
      EXPECT_TRUE(dst.state() == src.state());
      EXPECT_EQ(dst.mig_state(), kStateRunning);
      const auto ends = RecordsOf(world, kRecordStreamEnd, 0);
      const auto loads = RecordsOf(world, kRecordResumeLoaded, 1);
      ASSERT_EQ(ends.size(), 1u);
      ASSERT_EQ(loads.size(), 1u);
      EXPECT_EQ(loads[0].result, 0);
      EXPECT_EQ(loads[0].arg[1], ends[0].arg[2]);  // the same stream
      EXPECT_EQ(loads[0].arg[2], ends[0].arg[3]);  // the internal state it describes
      EXPECT_EQ(ends[0].arg[3], src.state().Digest());
      uint64_t saved = 0;
      for (const TraceRecord& r : RecordsOf(world, kRecordStreamSave, 0)) saved += r.arg[2];
      EXPECT_EQ(saved, ends[0].arg[1]);
    }
  }
}

TEST(V2DeviceTest, ResetReturnsRunningAndEndsTheSession) {
  const v2_testing::Outcome run = RunV2(Scenario(
      "devices { kind: V2_DEVICE host: 0 v2 { } } ",
      Set(0, kStateStopCopy) + "actions { reset { device: 0 } } " +
          "actions { v2_read { device: 0 length: 64 } } " + kGet0 +
          "actions { v2_close_fd { device: 0 } } "));
  EXPECT_TRUE(run.device.empty() && run.user.empty());
  const auto ends = RecordsOf(*run.world, kV2RecordSessionEnd);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].arg[1], kEndReset);
  EXPECT_EQ(RecordsOf(*run.world, kV2RecordRead)[0].result, -ENODEV);
  EXPECT_EQ(RecordsOf(*run.world, kV2RecordGetState)[0].arg[0], kStateRunning);
}

TEST(V2DeviceTest, FailedArcShowsAStepOfThePath) {
  const v2_testing::Outcome run = RunV2(Scenario(
      "devices { kind: V2_DEVICE host: 0 v2 { p2p: true } } ",
      "actions { arm_failure { device: 0 site: STATE_TRANSITION match_arc: true arc_from: 5 "
      "arc_to: 1 } } " +
          Set(0, kStateStopCopy) + kGet0));
  EXPECT_TRUE(run.device.empty() && run.user.empty());
  const auto ret = RecordsOf(*run.world, kV2RecordSetReturn);
  ASSERT_EQ(ret.size(), 1u);
  EXPECT_EQ(ret[0].result, -EIO);
  EXPECT_EQ(ret[0].arg[0], kStateStopCopy);  // the caller's value, not the state
  EXPECT_EQ(ret[0].arg[1], kNoDataFd);
  EXPECT_EQ(RecordsOf(*run.world, kV2RecordGetState)[0].arg[0], kStateRunningP2P);
}

TEST(V2DeviceTest, FailedResumeLoadGoesToErrorUntilReset) {
  const std::string devices =
      "devices { kind: V2_DEVICE host: 0 v2 { } } devices { kind: V2_DEVICE host: 0 v2 { } } ";
  const v2_testing::Outcome run = RunV2(Scenario(
      devices,
      Set(0, kStateStopCopy) + kSaveToEnd + Set(1, kStateResuming) +
          "actions { v2_push { source_device: 0 target_device: 1 } } "
          "actions { arm_failure { device: 1 site: RESUME_LOAD errno_value: 22 to_error: true "
          "} } " +
          Set(1, kStateStop) + "actions { v2_write { device: 1 length: 8 } } " +
          Set(1, kStateRunning) + "actions { reset { device: 1 } } " + Set(1, kStateStop) +
          "actions { v2_close_fd { device: 0 } } actions { v2_close_fd { device: 1 } } "));
  EXPECT_TRUE(run.device.empty() && run.user.empty())
      << (run.explanations.empty() ? "" : run.explanations.front());
  const auto arcs = RecordsOf(*run.world, kV2RecordArc, 1);
  ASSERT_GE(arcs.size(), 4u);
  EXPECT_EQ(arcs[2].result, -EINVAL);  // RESUMING -> STOP
  EXPECT_EQ(arcs[2].arg[2], kStateError);
  EXPECT_EQ(RecordsOf(*run.world, kV2RecordWrite, 1).back().result, -ENODEV);
  const auto ret = RecordsOf(*run.world, kV2RecordSetReturn, 1);
  EXPECT_EQ(ret[2].result, -EINVAL);  // SET RUNNING from ERROR
  EXPECT_EQ(ret[3].result, 0);        // after reset
  EXPECT_EQ(v2_testing::DeviceAt(*run.world, 1).mig_state(), kStateStop);
}

TEST(V2DeviceTest, ActionOnADeviceWithoutMigOpsIsOnlyRecorded) {
  const v2_testing::Outcome run = RunV2(Scenario(
      "devices { kind: DMA_ENGINE host: 0 } ",
      Set(0, kStateStop) + "actions { v2_read { device: 0 length: 8 } } "
                           "actions { v2_close_fd { device: 0 } } "
                           "actions { v2_push { source_device: 0 target_device: 0 } } "));
  EXPECT_TRUE(run.device.empty() && run.user.empty());
  const World& world = *run.world;
  ASSERT_EQ(world.trace().count(), 3u);
  EXPECT_EQ(world.trace().at(0).kind, kV2RecordFeature);
  EXPECT_EQ(world.trace().at(1).kind, kV2RecordRead);
  EXPECT_EQ(world.trace().at(2).kind, kV2RecordDataClose);
  for (uint64_t i = 0; i < 3; ++i) EXPECT_EQ(world.trace().at(i).result, -ENOTTY);
}

TEST(V2DeviceTest, ClosedDeviceFdRefusesIoctls) {
  const v2_testing::Outcome run = RunV2(Scenario(
      "devices { kind: V2_DEVICE host: 0 v2 { } } ",
      Set(0, kStateStopCopy) + "actions { close { device: 0 } } " + Set(0, kStateStop) +
          "actions { v2_read { device: 0 length: 8 } } actions { open { device: 0 } } " +
          kGet0 + "actions { v2_close_fd { device: 0 } } "));
  EXPECT_TRUE(run.device.empty() && run.user.empty());
  EXPECT_EQ(RecordsOf(*run.world, kV2RecordFeature)[1].result, -EBADF);
  EXPECT_EQ(RecordsOf(*run.world, kV2RecordRead)[0].result, -ENODEV);
  EXPECT_EQ(RecordsOf(*run.world, kV2RecordGetState)[0].arg[0], kStateRunning);
}

TEST(V2DeviceTest, CopiedWorldContinuesIdentically) {
  const v2_testing::Outcome run = RunV2(Scenario(
      "devices { kind: V2_DEVICE host: 0 v2 { pre_copy: true internals { tick_ns: 1000 "
      "dma_iova: 0x1000 } } } ",
      Advance(2500) + Set(0, kStatePreCopy) + "actions { v2_read { device: 0 length: 300 } }"));
  World copy(*run.world);
  EXPECT_EQ(copy.Digest(), run.world->Digest());
  std::vector<uint8_t> a;
  std::vector<uint8_t> b;
  auto& original = dynamic_cast<V2Device&>(run.world->device(0));
  auto& cloned = dynamic_cast<V2Device&>(copy.device(0));
  EXPECT_EQ(original.ReadFd(*run.world, 0, 500, a), cloned.ReadFd(copy, 0, 500, b));
  EXPECT_EQ(a, b);
  EXPECT_EQ(copy.trace().hash(), run.world->trace().hash());
  EXPECT_EQ(copy.Digest(), run.world->Digest());
}

TEST(V2DeviceTest, BadInputNamesTheField) {
  auto error = [](const std::string& text) {
    absl::StatusOr<World> w = CreateWorld(testing::ParseScenario(text));
    return w.ok() ? std::string("ok") : std::string(w.status().message());
  };
  EXPECT_EQ(error(Scenario("devices { kind: V2_DEVICE host: 0 model: \"mtty\" }", "")),
            "topology.devices[0].model: 'mtty' is not a known model");
  EXPECT_EQ(error(Scenario("devices { kind: V2_DEVICE host: 0 v2 { internals { state_words: 40 "
                           "} } }", ""))
                .substr(0, 48),
            "topology.devices[0].v2.internals.state_words: 40");
  const std::string dev = "devices { kind: V2_DEVICE host: 0 }";
  EXPECT_EQ(error(Scenario(dev, "actions { v2_read { device: 0 length: 0 } }")),
            "actions[0].v2_read.length: 0 is outside [1, 1048576]");
  EXPECT_EQ(error(Scenario(dev, "actions { v2_push { source_device: 0 target_device: 3 } }")),
            "actions[0].v2_push.target_device: 3 names no device (the topology has 1)");
  EXPECT_EQ(error(Scenario(dev, "actions { v2_log_report { device: 0 bitmap_preset: 16777216 "
                                "} }")),
            "actions[0].v2_log_report.bitmap_preset[0]: 16777216 exceeds the limit 16777215");
  EXPECT_EQ(error(Scenario(dev, Set(0, 99))), "ok");  // the device judges the value
}

}  // namespace
}  // namespace migsim::v2
