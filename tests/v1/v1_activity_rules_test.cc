// Goal: the activity rules of the v1 oracle (what a device may do while
// !RUNNING, RUNNING|NDMA and ERROR, and the drain before a quiescing write
// returns) fire on devices that break them, and the user's "no MMIO to a
// !RUNNING device" is reported apart without hiding a device violation.
// Method: JudgeWith (tests/v1/v1_harness.h) on a busy device (a tick every
// 1000 ns issuing ring DMA that completes 500 ns later), with a subclass of
// the reference model overriding one step, against the reference model.
#include "gtest/gtest.h"
#include "tests/v1/v1_harness.h"

namespace migsim::v1 {
namespace {

using testing::Advance;
using testing::Arm;
using testing::Dev;
using testing::JudgeWith;
using testing::kBusy;
using testing::Make;
using testing::Scenario;
using testing::Set;

constexpr uint32_t kR = kRunning, kS = kSaving, kN = kNdma;

// Returns from NDMA / !RUNNING transitions without completing DMA in flight.
class NoDrainDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<NoDrainDevice>(*this);
  }

 protected:
  size_t Quiesce(World&) override { return 0; }
};

// Keeps working whatever its state.
class KeepsRunningDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<KeepsRunningDevice>(*this);
  }
  Activity CurrentActivity() const override { return Activity{true, true, true, true, true}; }
};

// Ignores NDMA.
class NdmaIgnoredDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<NdmaIgnoredDevice>(*this);
  }
  Activity CurrentActivity() const override {
    if ((state_bits_ & kRunning) != 0) return Activity{true, true, true, true, true};
    return V1Device::CurrentActivity();
  }
};

// Resumes full operation in ERROR.
class RunsInErrorDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<RunsInErrorDevice>(*this);
  }
  Activity CurrentActivity() const override {
    if (state_bits_ == kError) return Activity{true, true, true, true, true};
    return V1Device::CurrentActivity();
  }
};

// Applies MMIO while stopped.
class MmioWhileStoppedDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<MmioWhileStoppedDevice>(*this);
  }
  Activity CurrentActivity() const override {
    Activity a = V1Device::CurrentActivity();
    a.accept_mmio = true;
    return a;
  }
};

constexpr absl::string_view kMmioWrite =
    "actions { vcpu_run { host: 0 vcpu: 0 } } "
    "actions { guest_mmio { device: 0 vcpu: 0 offset: 8 width: 8 write: true value: 5 } } ";

TEST(V1ActivityRulesTest, StopStopsFires) {
  for (const char* variant : {"V1", "V1_RFC"}) {
    const std::string in_flight = Scenario(Dev(variant, kBusy), Advance(1200) + Set(0, 0));
    auto no_drain = JudgeWith(in_flight, {{0, Make<NoDrainDevice>()}});
    EXPECT_EQ(no_drain.device_ids, std::vector<std::string>{"V1-STOP-STOPS"})
        << variant << no_drain.Describe();
    const std::string ticking = Scenario(Dev(variant, kBusy), Set(0, kS) + Advance(3000));
    auto runs = JudgeWith(ticking, {{0, Make<KeepsRunningDevice>()}});
    EXPECT_TRUE(runs.Fired("V1-STOP-STOPS")) << variant << runs.Describe();
    EXPECT_TRUE(JudgeWith(in_flight).clean()) << variant;
    EXPECT_TRUE(JudgeWith(ticking).clean()) << variant;
  }
}

TEST(V1ActivityRulesTest, NdmaStopQuietFires) {
  const std::string s = Scenario(Dev("V1_NDMA", kBusy), Set(0, kS) + Advance(3000));
  auto bad = JudgeWith(s, {{0, Make<KeepsRunningDevice>()}});
  EXPECT_TRUE(bad.Fired("V1NDMA-STOP-QUIET")) << bad.Describe();
  auto good = JudgeWith(s);
  EXPECT_TRUE(good.clean()) << good.Describe();
}

TEST(V1ActivityRulesTest, NdmaNoNewDmaFires) {
  const std::string s = Scenario(Dev("V1_NDMA", absl::StrCat("ndma_capable: true ", kBusy)),
                                 Set(0, kN | kR) + Advance(3000));
  auto bad = JudgeWith(s, {{0, Make<NdmaIgnoredDevice>()}});
  EXPECT_TRUE(bad.Fired("V1NDMA-NDMA-NO-NEW-DMA")) << bad.Describe();
  auto good = JudgeWith(s);  // ticks (internal changes) go on, DMA does not
  EXPECT_TRUE(good.clean()) << good.Describe();
  EXPECT_GT(good.device(0).state().counter(), 0u);
}

TEST(V1ActivityRulesTest, NdmaQuiesceDrainedFires) {
  const std::string dev = Dev("V1_NDMA", absl::StrCat("ndma_capable: true ", kBusy));
  for (uint32_t target : {kN | kR, kS}) {
    const std::string s = Scenario(dev, Advance(1200) + Set(0, target));
    auto bad = JudgeWith(s, {{0, Make<NoDrainDevice>()}});
    EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1NDMA-QUIESCE-DRAINED"})
        << target << bad.Describe();
    auto good = JudgeWith(s);
    EXPECT_TRUE(good.clean()) << target << good.Describe();
  }
}

TEST(V1ActivityRulesTest, NdmaErrorAsNdmaFires) {
  const std::string capable = Dev("V1_NDMA", absl::StrCat("ndma_capable: true ", kBusy));
  const std::string to_error = Arm(0, "STATE_TRANSITION", true) + Set(0, kS) + Advance(3000);
  auto runs = JudgeWith(Scenario(capable, to_error), {{0, Make<RunsInErrorDevice>()}});
  EXPECT_TRUE(runs.Fired("V1NDMA-ERROR-AS-NDMA")) << runs.Describe();
  auto no_drain =
      JudgeWith(Scenario(capable, Advance(1200) + Arm(0, "STATE_TRANSITION", true) + Set(0, kS)),
                {{0, Make<NoDrainDevice>()}});
  EXPECT_EQ(no_drain.device_ids, std::vector<std::string>{"V1NDMA-ERROR-AS-NDMA"})
      << no_drain.Describe();
  // Near misses: without the NDMA capability ERROR is "largely undefined".
  auto incapable =
      JudgeWith(Scenario(Dev("V1_NDMA", kBusy), to_error), {{0, Make<RunsInErrorDevice>()}});
  EXPECT_TRUE(incapable.clean()) << incapable.Describe();
  auto good = JudgeWith(Scenario(capable, to_error));
  EXPECT_TRUE(good.clean()) << good.Describe();
}

TEST(V1ActivityRulesTest, UserNoMmioStoppedFires) {
  auto bad = JudgeWith(Scenario(Dev("V1_NDMA"), Set(0, 0) + std::string(kMmioWrite)));
  EXPECT_EQ(bad.user_ids, std::vector<std::string>{"USER-V1NDMA-NO-MMIO-STOPPED"})
      << bad.Describe();
  EXPECT_TRUE(bad.device_ids.empty()) << bad.Describe();
  auto running = JudgeWith(Scenario(Dev("V1_NDMA"), std::string(kMmioWrite)));
  EXPECT_TRUE(running.clean()) << running.Describe();
  auto v1 = JudgeWith(Scenario(Dev("V1"), Set(0, 0) + std::string(kMmioWrite)));
  EXPECT_TRUE(v1.clean()) << v1.Describe();  // 001 does not ask it of the user
  // Peer-to-peer DMA from a running device into a stopped one.
  const std::string p2p = absl::StrCat(
      "devices { host: 0 kind: V1_DEVICE v1 { variant: V1_NDMA internals { tick_ns: 1000 ",
      "dma_iova: 4096 p2p_iova: 1048576 p2p_every: 1 } } } ", Dev("V1_NDMA"),
      " p2p_windows { target_device: 1 iova: 1048576 bar_offset: 0 size: 4096 }");
  auto peer = JudgeWith(Scenario(p2p, Set(1, 0) + Advance(2000)));
  EXPECT_TRUE(peer.Fired("USER-V1NDMA-NO-MMIO-STOPPED")) << peer.Describe();
  EXPECT_TRUE(peer.device_ids.empty()) << peer.Describe();
}

TEST(V1ActivityRulesTest, UserErrorDoesNotHideDeviceViolation) {
  auto both = JudgeWith(Scenario(Dev("V1_NDMA"), Set(0, 0) + std::string(kMmioWrite)),
                        {{0, Make<MmioWhileStoppedDevice>()}});
  EXPECT_EQ(both.user_ids, std::vector<std::string>{"USER-V1NDMA-NO-MMIO-STOPPED"})
      << both.Describe();
  EXPECT_EQ(both.device_ids, std::vector<std::string>{"V1NDMA-STOP-QUIET"}) << both.Describe();
}

}  // namespace
}  // namespace migsim::v1
