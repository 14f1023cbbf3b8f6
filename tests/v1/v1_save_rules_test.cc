// Goal: the SAVING-protocol rules of the v1 oracle fire on devices that
// break them (data_offset placement, data_size and window bytes, side
// effects of pending_bytes, end of stream, reset discarding the window) and
// the user's "no iteration after pending_bytes read 0" is reported.
// Method: JudgeWith (tests/v1/v1_harness.h) with subclasses of the reference
// model overriding one SAVING step, against the reference model doing the
// same accesses.
#include <algorithm>

#include "gtest/gtest.h"
#include "models/record_kinds.h"
#include "tests/v1/v1_harness.h"

namespace migsim::v1 {
namespace {

using testing::Dev;
using testing::Drain;
using testing::JudgeWith;
using testing::Make;
using testing::Read;
using testing::Reset;
using testing::SaveIteration;
using testing::Scenario;
using testing::Set;

constexpr uint32_t kR = kRunning, kS = kSaving;

// Points data_offset into the header.
class OffsetInHeaderDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<OffsetInHeaderDevice>(*this);
  }

 protected:
  int ReadDataOffset(World& world, uint64_t& value, Step& step) override {
    const int r = V1Device::ReadDataOffset(world, value, step);
    if (step == Step::kSaveB) value = kOffsetPendingBytes;
    return r;
  }
};

// Points data_offset 8 bytes into the mmapped data section.
class UnalignedOffsetDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<UnalignedOffsetDevice>(*this);
  }

 protected:
  int ReadDataOffset(World& world, uint64_t& value, Step& step) override {
    const int r = V1Device::ReadDataOffset(world, value, step);
    if (step != Step::kSaveB) return r;
    value += 8;
    if (saving_->writer().produced() != shifted_at_) {  // a new segment: move it too
      shifted_at_ = saving_->writer().produced();
      std::copy_backward(window_.begin(), window_.end() - 8, window_.end());
    }
    return r;
  }

 private:
  uint64_t shifted_at_ = 0;
};

// Every pending_bytes read of a stopped device counts down.
class PendingCountsDownDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<PendingCountsDownDevice>(*this);
  }

 protected:
  int ReadPendingBytes(World& world, uint64_t& value, Step& step) override {
    const int r = V1Device::ReadPendingBytes(world, value, step);
    if ((state_bits_ & kRunning) == 0 && value > reads_) value -= ++reads_;
    return r;
  }

 private:
  uint64_t reads_ = 0;
};

// data_size one byte short of the segment.
class ShortSizeDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<ShortSizeDevice>(*this);
  }

 protected:
  int ReadDataSize(World& world, uint64_t& value, Step& step) override {
    const int r = V1Device::ReadDataSize(world, value, step);
    if (value > 0) --value;
    return r;
  }
};

// Flips a byte of each segment after announcing it.
class CorruptWindowDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<CorruptWindowDevice>(*this);
  }

 protected:
  int ReadDataOffset(World& world, uint64_t& value, Step& step) override {
    const int r = V1Device::ReadDataOffset(world, value, step);
    if (step == Step::kSaveB) window_[0] ^= 0xFF;
    return r;
  }
};

// Reports end of stream as soon as the device stops.
class EarlyEndDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<EarlyEndDevice>(*this);
  }

 protected:
  int ReadPendingBytes(World& world, uint64_t& value, Step& step) override {
    const int r = V1Device::ReadPendingBytes(world, value, step);
    if ((state_bits_ & kRunning) == 0 && !lied_) {
      value = 0;
      lied_ = true;
    }
    return r;
  }

 private:
  bool lied_ = false;
};

// VFIO_DEVICE_RESET keeps the SAVING session, which then carries on.
class ResetKeepsStreamDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<ResetKeepsStreamDevice>(*this);
  }
  void Reset(World& world) override {
    Quiesce(world);
    state_bits_ = kRunning;
    world.Record(kRecordDeviceReset, host(), index(), 0, {state_bits_});
  }

 protected:
  void StartSaving(World& world) override {
    if (!saving_) V1Device::StartSaving(world);
  }
};

TEST(V1SaveRulesTest, DataOffsetInRegionFires) {
  const std::string s = Scenario(Dev("V1"), Set(0, kS | kR) + SaveIteration(0));
  auto bad = JudgeWith(s, {{0, Make<OffsetInHeaderDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1-DATA-OFFSET-IN-REGION"}) << bad.Describe();
  auto good = JudgeWith(s);
  EXPECT_TRUE(good.clean()) << good.Describe();
}

TEST(V1SaveRulesTest, DataOffsetMmapAlignedFires) {
  const std::string s =
      Scenario(Dev("V1_NDMA", "sparse_mmap: true"), Set(0, kS | kR) + SaveIteration(0));
  auto bad = JudgeWith(s, {{0, Make<UnalignedOffsetDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1-DATA-OFFSET-MMAP-ALIGNED"})
      << bad.Describe();
  auto good = JudgeWith(s);
  EXPECT_TRUE(good.clean()) << good.Describe();
  // Near miss: a trapped data section needs no alignment.
  auto trapped = JudgeWith(Scenario(Dev("V1_NDMA"), Set(0, kS | kR) + SaveIteration(0)),
                           {{0, Make<UnalignedOffsetDevice>()}});
  EXPECT_TRUE(trapped.device_ids.empty()) << trapped.Describe();
}

TEST(V1SaveRulesTest, PendingNoSideEffectsFires) {
  const std::string s = Scenario(Dev("V1"), Set(0, kS) + Read(0, 8, 8) + Read(0, 8, 8));
  auto bad = JudgeWith(s, {{0, Make<PendingCountsDownDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1-PENDING-NO-SIDE-EFFECTS"})
      << bad.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
  // Near misses: pending_bytes is volatile while RUNNING; the RFC does not say it.
  auto running = JudgeWith(Scenario(Dev("V1"), Set(0, kS | kR) + Read(0, 8, 8) + Read(0, 8, 8)),
                           {{0, Make<PendingCountsDownDevice>()}});
  EXPECT_TRUE(running.clean()) << running.Describe();
  auto rfc = JudgeWith(Scenario(Dev("V1_RFC"), Set(0, kS) + Read(0, 8, 8) + Read(0, 8, 8)),
                       {{0, Make<PendingCountsDownDevice>()}});
  EXPECT_TRUE(rfc.clean()) << rfc.Describe();
}

TEST(V1SaveRulesTest, SaveSegmentReadFires) {
  const std::string s = Scenario(Dev("V1_RFC"), Set(0, kS) + Drain(0));
  auto short_size = JudgeWith(s, {{0, Make<ShortSizeDevice>()}});
  EXPECT_TRUE(short_size.Fired("V1-SAVE-SEGMENT-READ")) << short_size.Describe();
  auto corrupt = JudgeWith(s, {{0, Make<CorruptWindowDevice>()}});
  EXPECT_TRUE(corrupt.Fired("V1-SAVE-SEGMENT-READ")) << corrupt.Describe();
  for (const std::string& id : corrupt.device_ids) EXPECT_EQ(id, "V1-SAVE-SEGMENT-READ");
  auto good = JudgeWith(s);
  EXPECT_TRUE(good.clean()) << good.Describe();
}

TEST(V1SaveRulesTest, PendingZeroIsEndFires) {
  for (const char* variant : {"V1", "V1_RFC"}) {
    const std::string s =
        Scenario(Dev(variant), Set(0, kS | kR) + Set(0, kS) + Drain(0) + Drain(0));
    auto bad = JudgeWith(s, {{0, Make<EarlyEndDevice>()}}, /*keep_going=*/true);
    EXPECT_TRUE(bad.Fired("V1-PENDING-ZERO-IS-END")) << variant << bad.Describe();
    EXPECT_GE(bad.device_ids.size(), 2u) << "data after the end: " << bad.Describe();
    auto good = JudgeWith(s);
    EXPECT_TRUE(good.clean()) << variant << good.Describe();
  }
}

TEST(V1SaveRulesTest, NdmaEndOfStreamFires) {
  const std::string s = Scenario(Dev("V1_NDMA"), Set(0, kS) + Drain(0));
  auto bad = JudgeWith(s, {{0, Make<EarlyEndDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1NDMA-END-OF-STREAM"}) << bad.Describe();
  auto good = JudgeWith(s);
  EXPECT_TRUE(good.clean()) << good.Describe();
}

TEST(V1SaveRulesTest, UserNoIterateAtZeroFires) {
  const std::string drained = Set(0, kS) + Drain(0);
  auto bad = JudgeWith(Scenario(Dev("V1"), drained + Read(0, 16, 8)));
  EXPECT_EQ(bad.user_ids, std::vector<std::string>{"USER-V1-NO-ITERATE-AT-ZERO"}) << bad.Describe();
  EXPECT_TRUE(bad.device_ids.empty()) << bad.Describe();
  auto good = JudgeWith(Scenario(Dev("V1"), drained + SaveIteration(0)));
  EXPECT_TRUE(good.clean()) << good.Describe();
}

TEST(V1SaveRulesTest, NdmaResetDiscardsWindowFires) {
  const std::string s = Scenario(Dev("V1_NDMA"), Set(0, kS | kR) + SaveIteration(0) + Reset(0) +
                                                     Set(0, kS | kR) + SaveIteration(0));
  auto bad = JudgeWith(s, {{0, Make<ResetKeepsStreamDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1NDMA-RESET-DISCARDS-WINDOW"})
      << bad.Describe();
  auto good = JudgeWith(s);
  EXPECT_TRUE(good.clean()) << good.Describe();
}

}  // namespace
}  // namespace migsim::v1
