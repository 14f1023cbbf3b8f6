// Goal: every device_state / header rule of the v1 oracle fires on a device
// that breaks it and stays silent on the reference model doing the same
// thing (the near miss), for the variants the rule applies to.
// Method: each test runs a scenario through JudgeWith (tests/v1/v1_harness.h)
// once with a deliberately wrong subclass of the reference V1Device that
// overrides one step, or with an armed failure, and once with the reference
// model, and compares the rule IDs reported.
#include <cerrno>

#include "gtest/gtest.h"
#include "models/v1/v1_records.h"
#include "tests/v1/v1_harness.h"

namespace migsim::v1 {
namespace {

using testing::Arm;
using testing::Dev;
using testing::JudgeWith;
using testing::Make;
using testing::Read;
using testing::Reset;
using testing::Scenario;
using testing::Set;
using testing::Write;

// Accepts any header access whatever its width.
class AnyWidthDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<AnyWidthDevice>(*this);
  }

 protected:
  int CheckFieldAccess(uint64_t, uint32_t, bool) const override { return 0; }
};

// The reserved field reads back garbage.
class DirtyReservedDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<DirtyReservedDevice>(*this);
  }

 protected:
  int ReadReserved(World&, uint64_t& value) override {
    value = 0xdead;
    return 0;
  }
};

// A write to the reserved field lands in device_state.
class ReservedAliasDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<ReservedAliasDevice>(*this);
  }

 protected:
  int WriteReserved(World& world, uint64_t value) override {
    return WriteDeviceState(world, static_cast<uint32_t>(value));
  }
};

// Returns success from device_state writes without transitioning.
class LazyWriteDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<LazyWriteDevice>(*this);
  }

 protected:
  int WriteDeviceState(World&, uint32_t) override { return 0; }
};

// A failed write stops the device instead of keeping the prior state.
class FailToStopDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<FailToStopDevice>(*this);
  }

 protected:
  int FailWrite(World& world, uint32_t from, int result, bool) override {
    Quiesce(world);
    CommitState(world, from, kStop);
    return result;
  }
};

// A failed write always enters SAVING|RESUMING, even on the RFC.
class FailToErrorDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<FailToErrorDevice>(*this);
  }

 protected:
  int FailWrite(World& world, uint32_t from, int result, bool) override {
    Quiesce(world);
    DiscardSessions();
    CommitState(world, from, kError);
    return result;
  }
};

// Accepts every device_state value.
class AcceptAllDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<AcceptAllDevice>(*this);
  }

 protected:
  int RefuseTransition(uint32_t, uint32_t) const override { return 0; }
};

// A fresh open leaves the device stopped.
class OpenStoppedDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<OpenStoppedDevice>(*this);
  }
  void Open(World& world) override {
    V1Device::Open(world);
    state_bits_ = kStop;  // after recording RUNNING: the record lies
  }
};

// VFIO_DEVICE_RESET keeps device_state.
class ResetKeepsStateDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<ResetKeepsStateDevice>(*this);
  }
  void Reset(World& world) override {
    const uint32_t keep = state_bits_;
    Quiesce(world);
    DiscardSessions();
    state_bits_ = keep;
    world.Record(kRecordDeviceReset, host(), index(), 0, {state_bits_});
  }
};

// Stops itself on its first tick in pre-copy.
class SelfStoppingDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<SelfStoppingDevice>(*this);
  }
  void OnEvent(World& world, const Event& event) override {
    V1Device::OnEvent(world, event);
    if (state_bits_ == (kSaving | kRunning)) CommitState(world, state_bits_, kSaving);
  }
};

// Same, without recording it.
class SilentlyStoppingDevice : public SelfStoppingDevice {
 public:
  using SelfStoppingDevice::SelfStoppingDevice;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<SilentlyStoppingDevice>(*this);
  }
  void OnEvent(World& world, const Event& event) override {
    V1Device::OnEvent(world, event);
    if (state_bits_ == (kSaving | kRunning)) state_bits_ = kSaving;
  }
};

// Performs the bit-group actions in reverse priority order.
class ReversedActionsDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<ReversedActionsDevice>(*this);
  }

 protected:
  std::vector<BitAction> PlanActions(uint32_t from, uint32_t to) const override {
    std::vector<BitAction> plan = V1Device::PlanActions(from, to);
    std::reverse(plan.begin(), plan.end());
    return plan;
  }
};

// Refuses RESUMING while SAVING ("stop first").
class NoResumeFromSavingDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<NoResumeFromSavingDevice>(*this);
  }

 protected:
  int RefuseTransition(uint32_t from, uint32_t to) const override {
    if ((to & kResuming) != 0 && (from & kSaving) != 0) return -EBUSY;
    return V1Device::RefuseTransition(from, to);
  }
};

// Refuses stop-and-copy until pre-copy data is drained.
class DemandsDrainDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<DemandsDrainDevice>(*this);
  }

 protected:
  int RefuseTransition(uint32_t from, uint32_t to) const override {
    if (from == (kSaving | kRunning) && to == kSaving && saving_ &&
        saving_->PendingBytes(state_, false) > 0) {
      return -EBUSY;
    }
    return V1Device::RefuseTransition(from, to);
  }
};

// Ignores a failed stream load.
class IgnoresBadStreamDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<IgnoresBadStreamDevice>(*this);
  }

 protected:
  int FinishResuming(World& world, bool& to_error) override {
    V1Device::FinishResuming(world, to_error);
    return 0;
  }
};

// Keeps RESUMING after a failed load, as 001 allows and 002 does not.
class KeepsResumingDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<KeepsResumingDevice>(*this);
  }

 protected:
  int FinishResuming(World& world, bool& to_error) override {
    const int r = V1Device::FinishResuming(world, to_error);
    to_error = false;
    return r;
  }
};

constexpr uint32_t kR = kRunning, kS = kSaving, kZ = kResuming, kN = kNdma;

TEST(V1StateRulesTest, FieldWidthFires) {
  const std::string s = Scenario(Dev("V1"), Read(0, 0, 8) + Write(0, 8, 4, 1));
  auto bad = JudgeWith(s, {{0, Make<AnyWidthDevice>()}});
  EXPECT_TRUE(bad.Fired("V1-FIELD-WIDTH")) << bad.Describe();
  auto good = JudgeWith(s);
  EXPECT_TRUE(good.device_ids.empty()) << good.Describe();
  EXPECT_TRUE(good.Fired("USER-V1-FIELD-WIDTH"));
}

TEST(V1StateRulesTest, UserFieldWidthFires) {
  auto bad = JudgeWith(Scenario(Dev("V1_NDMA"), Read(0, 2, 2)));
  EXPECT_EQ(bad.user_ids, std::vector<std::string>{"USER-V1-FIELD-WIDTH"}) << bad.Describe();
  auto good = JudgeWith(Scenario(Dev("V1_NDMA"), Read(0, 0, 4) + Read(0, 8, 8)));
  EXPECT_TRUE(good.clean()) << good.Describe();
}

TEST(V1StateRulesTest, ReservedFieldFires) {
  const std::string s = Scenario(Dev("V1"), Read(0, 4, 4));
  auto bad = JudgeWith(s, {{0, Make<DirtyReservedDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1-RESERVED-FIELD"}) << bad.Describe();
  const std::string w = Scenario(Dev("V1"), Write(0, 4, 4, 0));
  auto alias = JudgeWith(w, {{0, Make<ReservedAliasDevice>()}});
  EXPECT_TRUE(alias.Fired("V1-RESERVED-FIELD")) << alias.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
  EXPECT_TRUE(JudgeWith(w).clean());
}

TEST(V1StateRulesTest, StateCommitsFires) {
  for (const char* variant : {"V1", "V1_RFC"}) {
    const std::string s = Scenario(Dev(variant), Set(0, kS | kR) + Read(0, 0, 4));
    auto bad = JudgeWith(s, {{0, Make<LazyWriteDevice>()}});
    EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1-STATE-COMMITS"})
        << variant << bad.Describe();
    EXPECT_TRUE(JudgeWith(s).clean()) << variant;
  }
}

TEST(V1StateRulesTest, NdmaStateCommitsFires) {
  const std::string s = Scenario(Dev("V1_NDMA", "ndma_capable: true"), Set(0, kN | kR));
  auto bad = JudgeWith(s, {{0, Make<LazyWriteDevice>()}});
  EXPECT_TRUE(bad.Fired("V1NDMA-STATE-COMMITS")) << bad.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
}

TEST(V1StateRulesTest, FailedWriteStateFires) {
  const std::string s = Scenario(Dev("V1"), Arm(0, "STATE_TRANSITION", false) + Set(0, kS | kR));
  auto bad = JudgeWith(s, {{0, Make<FailToStopDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1-FAILED-WRITE-STATE"}) << bad.Describe();
  auto prior = JudgeWith(s);
  EXPECT_TRUE(prior.clean()) << prior.Describe();
  auto error = JudgeWith(Scenario(Dev("V1"), Arm(0, "STATE_TRANSITION", true) + Set(0, kS | kR)));
  EXPECT_TRUE(error.clean()) << error.Describe();
  EXPECT_EQ(error.device(0).device_state(), kError);
}

TEST(V1StateRulesTest, NdmaFailedWriteStateFires) {
  const std::string s =
      Scenario(Dev("V1_NDMA"), Arm(0, "STATE_TRANSITION", false) + Set(0, kS | kR));
  auto bad = JudgeWith(s, {{0, Make<FailToStopDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1NDMA-FAILED-WRITE-STATE"})
      << bad.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
}

TEST(V1StateRulesTest, RfcFailedWriteStateFires) {
  const std::string s = Scenario(Dev("V1_RFC"), Arm(0, "STATE_TRANSITION", true) + Set(0, kS | kR));
  auto bad = JudgeWith(s, {{0, Make<FailToErrorDevice>()}});
  EXPECT_TRUE(bad.Fired("V1RFC-FAILED-WRITE-STATE")) << bad.Describe();
  auto good = JudgeWith(s);  // the RFC has no error state: to_error is not honoured
  EXPECT_TRUE(good.clean()) << good.Describe();
  EXPECT_EQ(good.device(0).device_state(), kR);
}

TEST(V1StateRulesTest, ErrorOnlyOnFailureFires) {
  for (const char* variant : {"V1", "V1_NDMA"}) {
    const std::string s = Scenario(Dev(variant), Set(0, kError));
    auto bad = JudgeWith(s, {{0, Make<AcceptAllDevice>()}});
    EXPECT_TRUE(bad.Fired("V1-ERROR-ONLY-ON-FAILURE")) << variant << bad.Describe();
    EXPECT_TRUE(JudgeWith(s).clean()) << variant;  // refused: -EINVAL, prior state
  }
}

TEST(V1StateRulesTest, InvalidUnreachableFires) {
  const std::string s = Scenario(Dev("V1"), Set(0, kZ | kR) + Set(0, kS | kZ | kR));
  auto bad = JudgeWith(s, {{0, Make<AcceptAllDevice>()}});
  EXPECT_TRUE(bad.Fired("V1-INVALID-UNREACHABLE")) << bad.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
}

TEST(V1StateRulesTest, RfcInvalidUnreachableFires) {
  const std::string s = Scenario(Dev("V1_RFC"), Set(0, kS | kZ));
  auto bad = JudgeWith(s, {{0, Make<AcceptAllDevice>()}});
  EXPECT_TRUE(bad.Fired("V1RFC-INVALID-UNREACHABLE")) << bad.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
  // Near miss: 003 does not forbid RESUMING | RUNNING.
  auto rfc_allows = JudgeWith(Scenario(Dev("V1_RFC"), Set(0, kZ | kR) + Read(0, 0, 4)),
                              {{0, Make<AcceptAllDevice>()}});
  EXPECT_TRUE(rfc_allows.clean()) << rfc_allows.Describe();
}

TEST(V1StateRulesTest, NdmaInvalidUnreachableFires) {
  const std::string s =
      Scenario(Dev("V1_NDMA", "ndma_capable: true"), Set(0, kR | 0x10) + Set(0, kN | kS | kZ));
  auto bad = JudgeWith(s, {{0, Make<AcceptAllDevice>()}}, /*keep_going=*/true);
  EXPECT_TRUE(bad.Fired("V1NDMA-INVALID-UNREACHABLE")) << bad.Describe();
  // NDMA without the capability is a reserved bit.
  auto no_cap =
      JudgeWith(Scenario(Dev("V1_NDMA"), Set(0, kN | kR)), {{0, Make<AcceptAllDevice>()}});
  EXPECT_TRUE(no_cap.Fired("V1NDMA-INVALID-UNREACHABLE")) << no_cap.Describe();
  auto good = JudgeWith(s);  // refused; writing a reserved bit is the user's error
  EXPECT_TRUE(good.device_ids.empty()) << good.Describe();
  EXPECT_EQ(good.user_ids, std::vector<std::string>{"USER-V1-RMW"}) << good.Describe();
}

TEST(V1StateRulesTest, NdmaResumingRunningFires) {
  const std::string s = Scenario(Dev("V1_NDMA"), Set(0, kZ | kR));
  auto bad = JudgeWith(s, {{0, Make<AcceptAllDevice>()}});
  EXPECT_TRUE(bad.Fired("V1NDMA-RESUMING-RUNNING")) << bad.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
}

TEST(V1StateRulesTest, DefaultRunningFires) {
  const std::string s = Scenario(
      Dev("V1"), "actions { close { device: 0 } } actions { open { device: 0 } } " + Read(0, 0, 4));
  auto bad = JudgeWith(s, {{0, Make<OpenStoppedDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1-DEFAULT-RUNNING"}) << bad.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
}

TEST(V1StateRulesTest, NdmaOpenRunningFires) {
  const std::string s =
      Scenario(Dev("V1_NDMA"),
               "actions { close { device: 0 } } actions { open { device: 0 } } " + Read(0, 0, 4));
  auto bad = JudgeWith(s, {{0, Make<OpenStoppedDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1NDMA-OPEN-RUNNING"}) << bad.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
}

TEST(V1StateRulesTest, NdmaResetRunningFires) {
  const std::string s = Scenario(Dev("V1_NDMA"), Set(0, kS | kR) + Reset(0) + Read(0, 0, 4));
  auto bad = JudgeWith(s, {{0, Make<ResetKeepsStateDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1NDMA-RESET-RUNNING"}) << bad.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
  // Near miss: reset from ERROR returns RUNNING.
  auto from_error = JudgeWith(Scenario(
      Dev("V1_NDMA"), Arm(0, "STATE_TRANSITION", true) + Set(0, kS) + Reset(0) + Read(0, 0, 4)));
  EXPECT_TRUE(from_error.clean()) << from_error.Describe();
  EXPECT_EQ(from_error.device(0).device_state(), kR);
}

TEST(V1StateRulesTest, NdmaNoAsyncFires) {
  const std::string s = Scenario(Dev("V1_NDMA", testing::kBusy),
                                 Set(0, kS | kR) + testing::Advance(1500) + Read(0, 0, 4));
  auto recorded = JudgeWith(s, {{0, Make<SelfStoppingDevice>()}});
  EXPECT_EQ(recorded.device_ids, std::vector<std::string>{"V1NDMA-NO-ASYNC"})
      << recorded.Describe();
  auto silent =
      JudgeWith(Scenario(Dev("V1_NDMA", testing::kBusy),
                         Set(0, kS | kR) + Read(0, 0, 4) + testing::Advance(1500) + Read(0, 0, 4)),
                {{0, Make<SilentlyStoppingDevice>()}});
  EXPECT_EQ(silent.device_ids, std::vector<std::string>{"V1NDMA-NO-ASYNC"}) << silent.Describe();
  auto v1 = JudgeWith(
      Scenario(Dev("V1", testing::kBusy), Set(0, kS | kR) + testing::Advance(1500) + Read(0, 0, 4)),
      {{0, Make<SelfStoppingDevice>()}});
  EXPECT_EQ(v1.device_ids, std::vector<std::string>{"V1-STATE-COMMITS"}) << v1.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
}

TEST(V1StateRulesTest, NdmaPriorityOrderFires) {
  const std::string s = Scenario(Dev("V1_NDMA", "ndma_capable: true"),
                                 Set(0, kN | kS | kR) + Set(0, kS) + Set(0, kZ) + Set(0, kN | kR));
  auto bad = JudgeWith(s, {{0, Make<ReversedActionsDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1NDMA-PRIORITY-ORDER"}) << bad.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
  // Near miss: V1 (001) prescribes no order.
  auto v1 =
      JudgeWith(Scenario(Dev("V1"), Set(0, kS) + Set(0, kZ)), {{0, Make<ReversedActionsDevice>()}});
  EXPECT_TRUE(v1.clean()) << v1.Describe();
}

TEST(V1StateRulesTest, NdmaResumingAlwaysFires) {
  const std::string s = Scenario(Dev("V1_NDMA"), Set(0, kS | kR) + Set(0, kZ));
  auto bad = JudgeWith(s, {{0, Make<NoResumeFromSavingDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1NDMA-RESUMING-ALWAYS"}) << bad.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
  // Near misses: V1 does not promise it; an armed failure may refuse it.
  auto v1 = JudgeWith(Scenario(Dev("V1"), Set(0, kS | kR) + Set(0, kZ)),
                      {{0, Make<NoResumeFromSavingDevice>()}});
  EXPECT_TRUE(v1.clean()) << v1.Describe();
  auto armed = JudgeWith(
      Scenario(Dev("V1_NDMA"), Set(0, kS | kR) + Arm(0, "STATE_TRANSITION", false) + Set(0, kZ)));
  EXPECT_TRUE(armed.clean()) << armed.Describe();
  // A closed device fd refuses every access (-EBADF) before a migration
  // driver sees it: no driver duty applies (the random reference test found
  // this false alarm).
  auto closed = JudgeWith(Scenario(Dev("V1_NDMA"), "actions { close { device: 0 } } " +
                                                       Write(0, kOffsetDeviceState, 4, kZ) +
                                                       Write(0, kOffsetDeviceState, 4, kS)));
  EXPECT_TRUE(closed.device_ids.empty()) << closed.Describe();
}

TEST(V1StateRulesTest, PrecopyNotRequiredZeroFires) {
  const std::string s =
      Scenario(Dev("V1", testing::kBusy), Set(0, kS | kR) + testing::SaveIteration(0) + Set(0, kS));
  auto bad = JudgeWith(s, {{0, Make<DemandsDrainDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1-PRECOPY-NOT-REQUIRED-ZERO"})
      << bad.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
  auto armed = JudgeWith(
      Scenario(Dev("V1_NDMA"), Set(0, kS | kR) + Arm(0, "STATE_TRANSITION", false) + Set(0, kS)));
  EXPECT_TRUE(armed.clean()) << armed.Describe();
}

TEST(V1StateRulesTest, NdmaResumeInvalidFailsFires) {
  // RESUMING with no data at all, then RUNNING: the stream is incomplete.
  const std::string s = Scenario(Dev("V1_NDMA"), Set(0, kZ) + Set(0, kR));
  auto bad = JudgeWith(s, {{0, Make<IgnoresBadStreamDevice>()}});
  EXPECT_TRUE(bad.Fired("V1NDMA-RESUME-INVALID-FAILS")) << bad.Describe();
  auto good = JudgeWith(s);
  EXPECT_TRUE(good.clean()) << good.Describe();
  EXPECT_EQ(good.device(0).device_state(), kError);
}

TEST(V1StateRulesTest, NdmaResumeInvalidErrorFires) {
  const std::string s = Scenario(Dev("V1_NDMA"), Set(0, kZ) + Set(0, kR));
  auto bad = JudgeWith(s, {{0, Make<KeepsResumingDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1NDMA-RESUME-INVALID-ERROR"})
      << bad.Describe();
  // Near miss: 001 lets a V1 device keep RESUMING.
  auto v1 = JudgeWith(Scenario(Dev("V1"), Set(0, kZ) + Set(0, kR)));
  EXPECT_TRUE(v1.clean()) << v1.Describe();
  EXPECT_EQ(v1.device(0).device_state(), kZ);
}

TEST(V1StateRulesTest, UserReadModifyWriteFires) {
  auto blind = JudgeWith(Scenario(Dev("V1"), Write(0, 0, 4, kS | kR)));
  EXPECT_EQ(blind.user_ids, std::vector<std::string>{"USER-V1-RMW"}) << blind.Describe();
  auto reserved = JudgeWith(Scenario(Dev("V1"), Read(0, 0, 4) + Write(0, 0, 4, kR | 0x100)));
  EXPECT_EQ(reserved.user_ids, std::vector<std::string>{"USER-V1-RMW"}) << reserved.Describe();
  EXPECT_TRUE(reserved.device_ids.empty()) << reserved.Describe();
  auto rmw = JudgeWith(Scenario(Dev("V1"), Read(0, 0, 4) + Write(0, 0, 4, kS | kR)));
  EXPECT_TRUE(rmw.clean()) << rmw.Describe();
}

TEST(V1StateRulesTest, UserErrorNeedsResetFires) {
  const std::string to_error = Arm(0, "STATE_TRANSITION", true) + Set(0, kS);
  auto bad = JudgeWith(Scenario(Dev("V1"), to_error + Set(0, kR)));
  EXPECT_EQ(bad.user_ids, std::vector<std::string>{"USER-V1-ERROR-NEEDS-RESET"}) << bad.Describe();
  EXPECT_TRUE(bad.device_ids.empty()) << bad.Describe();
  auto good = JudgeWith(Scenario(Dev("V1"), to_error + Reset(0) + Set(0, kS)));
  EXPECT_TRUE(good.clean()) << good.Describe();
}

}  // namespace
}  // namespace migsim::v1
