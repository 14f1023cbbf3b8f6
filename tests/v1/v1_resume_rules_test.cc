// Goal: the RESUMING-protocol rules fire: a device whose data_size write
// does not consume the segment written, a device whose load does not
// reproduce the saved internal state (the family-independent
// STREAM-RESUME-EXACT), and a user who does not push the segments in their
// saved size and order. The data window is judged as region memory: bytes
// stay where the user wrote them (also before a data_offset read, and those
// a failing write moved), and a data_size write with no data_offset read in
// the session is not judged.
// Method: save a stream on device 0 with the reference model, push it into
// device 1 (a subclass overriding one RESUMING step, or the reference
// model), through JudgeWith (tests/v1/v1_harness.h).
#include "gtest/gtest.h"
#include "models/record_kinds.h"
#include "tests/v1/v1_harness.h"

namespace migsim::v1 {
namespace {

using testing::Arm;
using testing::Dev;
using testing::Drain;
using testing::JudgeWith;
using testing::Make;
using testing::Push;
using testing::Read;
using testing::Scenario;
using testing::Set;
using testing::Write;

constexpr uint32_t kR = kRunning, kS = kSaving, kZ = kResuming;

// Consumes one byte less than data_size says.
class ConsumesShortDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<ConsumesShortDevice>(*this);
  }

 protected:
  int WriteDataSize(World& world, uint64_t value, Step& step) override {
    return V1Device::WriteDataSize(world, value > 0 ? value - 1 : 0, step);
  }
};

// Loads the stream, then loses a tick of state before reporting it.
class LossyLoadDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<LossyLoadDevice>(*this);
  }

 protected:
  int FinishResuming(World& world, bool& to_error) override {
    to_error = true;
    const int r = resuming_->Finish();
    if (r == 0) {
      state_ = resuming_->staged();
      state_.Tick(1);
      RecordInternalChange(world, index(), state_, 0, kChangeResumeLoad);
    }
    world.Record(kRecordResumeLoaded, host(), index(), r,
                 {resuming_->session(), resuming_->stream_digest(), state_.Digest()});
    return r;
  }
};

// Device 0 saves a whole stream (segments of 200 bytes); device 1 resumes.
std::string SavedThen(absl::string_view variant, absl::string_view resume_actions) {
  const std::string devices =
      Dev(variant, "segment_bytes: 200") + Dev(variant, "segment_bytes: 200");
  return Scenario(devices,
                  Set(0, kS) + Drain(0) + Set(0, 0) + Set(1, kZ) + std::string(resume_actions));
}

TEST(V1ResumeRulesTest, ResumeConsumesSegmentFires) {
  const std::string s = SavedThen("V1", Push(0, 1) + Set(1, kR));
  auto bad = JudgeWith(s, {{1, Make<ConsumesShortDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1-RESUME-CONSUMES-SEGMENT"})
      << bad.Describe();
  auto good = JudgeWith(s);
  EXPECT_TRUE(good.clean()) << good.Describe();
  EXPECT_EQ(good.device(1).state(), good.device(0).state());
}

// The first saved segment (200 bytes) at data_offset 32 (V1: 32-byte header).
const std::string kFirstSegment =
    "actions { v1_window_write { device: 1 offset: 32 length: 200 from_saved: true "
    "source_device: 0 } } ";

// Found by the random reference test: the monitor dropped the bytes written
// before the data_offset read, then judged zeros as the segment.
TEST(V1ResumeRulesTest, SegmentWrittenBeforeDataOffsetReadIsConsumed) {
  const std::string s = SavedThen(
      "V1", kFirstSegment + Read(1, kOffsetDataOffset, 8) + Write(1, kOffsetDataSize, 8, 200));
  auto good = JudgeWith(s);
  EXPECT_TRUE(good.clean()) << good.Describe();
  auto bad = JudgeWith(s, {{1, Make<ConsumesShortDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1-RESUME-CONSUMES-SEGMENT"})
      << bad.Describe();
}

// Found by the random reference test: with no data_offset read in the
// session the monitor does not know where the segment lies; it used to judge
// zeros there.
TEST(V1ResumeRulesTest, DataSizeWithoutDataOffsetReadIsNotJudged) {
  auto good = JudgeWith(SavedThen("V1", kFirstSegment + Write(1, kOffsetDataSize, 8, 200)));
  EXPECT_TRUE(good.device_ids.empty()) << good.Describe();
}

// A window write that fails after two 8-byte pieces still moved 16 bytes;
// a data_size of 16 consumes exactly them.
TEST(V1ResumeRulesTest, BytesAFailingWriteMovedAreConsumed) {
  const std::string s =
      SavedThen("V1", Read(1, kOffsetDataOffset, 8) + Arm(1, "DATA_WRITE", false, 2) +
                          kFirstSegment + Write(1, kOffsetDataSize, 8, 16));
  auto good = JudgeWith(s);
  EXPECT_TRUE(good.device_ids.empty()) << good.Describe();
  auto bad = JudgeWith(s, {{1, Make<ConsumesShortDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1-RESUME-CONSUMES-SEGMENT"})
      << bad.Describe();
}

TEST(V1ResumeRulesTest, ResumeExactFiresOnLossyLoad) {
  for (const char* variant : {"V1_RFC", "V1", "V1_NDMA"}) {
    const std::string s = SavedThen(variant, Push(0, 1) + Set(1, kR));
    auto bad = JudgeWith(s, {{1, Make<LossyLoadDevice>()}});
    EXPECT_EQ(bad.device_ids, std::vector<std::string>{"STREAM-RESUME-EXACT"})
        << variant << bad.Describe();
    EXPECT_TRUE(JudgeWith(s).clean()) << variant;
  }
}

TEST(V1ResumeRulesTest, UserResumeSegmentsFires) {
  // The first saved segment (200 bytes) pushed as two of 100.
  const std::string half =
      Read(1, kOffsetDataOffset, 8) +
      "actions { v1_window_write { device: 1 offset: 32 length: 100 from_saved: true "
      "source_device: 0 } } " +
      Write(1, kOffsetDataSize, 8, 100);
  auto bad = JudgeWith(SavedThen("V1_NDMA", half + half));
  EXPECT_EQ(bad.user_ids, std::vector<std::string>{"USER-V1-RESUME-SEGMENTS"}) << bad.Describe();
  EXPECT_TRUE(bad.device_ids.empty()) << bad.Describe();
  // Garbage is no saved segment either, and the device refuses it.
  const std::string garbage =
      Read(1, kOffsetDataOffset, 8) +
      "actions { v1_window_write { device: 1 offset: 32 length: 64 pattern: 7 } } " +
      Write(1, kOffsetDataSize, 8, 64);
  auto junk = JudgeWith(SavedThen("V1", garbage));
  EXPECT_EQ(junk.user_ids, std::vector<std::string>{"USER-V1-RESUME-SEGMENTS"}) << junk.Describe();
  EXPECT_TRUE(junk.device_ids.empty()) << junk.Describe();
  auto good = JudgeWith(SavedThen("V1_NDMA", Push(0, 1) + Set(1, kR)));
  EXPECT_TRUE(good.clean()) << good.Describe();
}

}  // namespace
}  // namespace migsim::v1
