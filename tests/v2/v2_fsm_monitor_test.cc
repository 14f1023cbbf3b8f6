// Goal: every rule of spec/rules/v2_fsm_rules.h fires on a device that
// breaks it and stays silent on the reference driver doing the same thing
// right (the near miss).
// Method: where a driver can break the rule, a test-only V2Device subclass
// overrides one method (the step function, SetState, GetState, Reset) and
// runs a scenario under every monitor; where only the core could break it
// (what VFIO_DEVICE_FEATURE writes back, its argument checks) or the record
// is one our model never emits, hand-made records are fed to V2FsmMonitor.
#include "spec/monitors/v2_fsm_monitor.h"

#include <cerrno>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "models/v2/v2_records.h"
#include "tests/v2/v2_test_util.h"

namespace migsim::v2 {
namespace {

using v2_testing::Has;
using v2_testing::RunV2;
using v2_testing::Scenario;
using v2_testing::V2Dev;

const std::string kStopCopyOnly = V2Dev("");
const std::string kWithP2p = V2Dev("p2p: true");
const std::string kFull = V2Dev("p2p: true pre_copy: true");

std::string Set(uint32_t state) {
  return absl::StrCat("actions { v2_set_state { device: 0 state: ", state, " } } ");
}
const std::string kGet = "actions { v2_get_state { device: 0 } } ";
const std::string kCloseFd = "actions { v2_close_fd { device: 0 } } ";

// --- deliberately wrong drivers ---------------------------------------------

// Goes RUNNING -> STOP directly although it claims P2P.
class SkipsRunningP2p : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(SkipsRunningP2p)
 protected:
  int NextStep(MigState cur, uint32_t requested, MigState* next) const override {
    if (cur == kStateRunning && requested == kStateStop) {
      *next = kStateStop;
      return 0;
    }
    return V2Device::NextStep(cur, requested, next);
  }
};

// Reaches PRE_COPY from STOP_COPY through STOP.
class ReentersPreCopy : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(ReentersPreCopy)
 protected:
  int NextStep(MigState cur, uint32_t requested, MigState* next) const override {
    if (cur == kStateStopCopy && requested == kStatePreCopy) {
      *next = kStateStop;
      return 0;
    }
    return V2Device::NextStep(cur, requested, next);
  }
};

// Walks as if every optional state were supported.
class IgnoresFlags : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(IgnoresFlags)
 protected:
  int NextStep(MigState cur, uint32_t requested, MigState* next) const override {
    return NextState(kMigrationFlagsAll, cur, requested, next);
  }
};

// Treats ERROR as a state one can walk to.
class WalksToError : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(WalksToError)
 protected:
  int NextStep(MigState cur, uint32_t requested, MigState* next) const override {
    if (requested == kStateError) {
      *next = kStateError;
      return 0;
    }
    return V2Device::NextStep(cur, requested, next);
  }
};

// Goes RUNNING -> STOP_COPY through PRE_COPY and PRE_COPY_P2P.
class SavesOnTheWay : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(SavesOnTheWay)
 protected:
  int NextStep(MigState cur, uint32_t requested, MigState* next) const override {
    if (cur == kStateRunning && requested == kStateStopCopy) {
      *next = kStatePreCopy;
      return 0;
    }
    return V2Device::NextStep(cur, requested, next);
  }
};

// Bounces between RUNNING and RUNNING_P2P when asked for STOP.
class Loops : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(Loops)
 protected:
  int NextStep(MigState cur, uint32_t requested, MigState* next) const override {
    if (requested == kStateStop) {
      *next = cur == kStateRunning ? kStateRunningP2P : kStateRunning;
      return 0;
    }
    return V2Device::NextStep(cur, requested, next);
  }
};

// Asked for STOP_COPY, stops at STOP and says it is done.
class StopsShort : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(StopsShort)
  SetStateResult SetState(World& world, uint32_t requested) override {
    return V2Device::SetState(world, requested == kStateStopCopy ? kStateStop : requested);
  }
};

// Leaves ERROR when asked for RUNNING.
class ForgetsError : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(ForgetsError)
  SetStateResult SetState(World& world, uint32_t requested) override {
    if (mig_state_ != kStateError) return V2Device::SetState(world, requested);
    mig_state_ = static_cast<MigState>(requested);
    return {};
  }
};

// Always answers GET with RUNNING.
class StaleGet : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(StaleGet)
  MigState GetState() const override { return kStateRunning; }
};

// Resets into STOP.
class ResetsToStop : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(ResetsToStop)
  void Reset(World& world) override {
    EndSession(world, kEndReset);
    mig_state_ = kStateStop;
    world.Record(kRecordDeviceReset, host(), index(), 0, {kStateStop});
  }
};

// --- hand-made records --------------------------------------------------------

class HandMade {
 public:
  explicit HandMade(const std::string& device)
      : monitor_(testing::ParseScenario(Scenario(device, ""))) {}
  void Feed(uint16_t kind, int32_t result, std::vector<uint64_t> args) {
    TraceRecord r;
    r.kind = kind;
    r.device = 0;
    r.result = result;
    for (size_t i = 0; i < args.size(); ++i) r.arg[i] = args[i];
    monitor_.OnRecord(r, {}, sink_);
  }
  std::vector<std::string> End() {
    monitor_.OnEnd(0, sink_);
    return sink_.ids;
  }
  const std::vector<std::string>& ids() const { return sink_.ids; }

 private:
  V2FsmMonitor monitor_;
  testing::CollectingSink sink_;
};

// --- tests --------------------------------------------------------------------

TEST(V2FsmMonitorTest, ArcOutsideFsmFires) {
  const std::string text = Scenario(kWithP2p, Set(kStateStop));
  EXPECT_EQ(RunV2<SkipsRunningP2p>(text).device, std::vector<std::string>{"V2-ARC-IN-FSM"});
  EXPECT_TRUE(RunV2(text).device.empty());
}

TEST(V2FsmMonitorTest, ArcWithoutSetFires) {
  HandMade m(kStopCopyOnly);
  m.Feed(kV2RecordArc, 0, {kStateRunning, kStateStop, kStateStop, kNoDataFd});
  EXPECT_EQ(m.ids(), std::vector<std::string>{"V2-ARC-IN-FSM"});
}

TEST(V2FsmMonitorTest, StopCopyToPreCopyFires) {
  const std::string text =
      Scenario(kFull, Set(kStateStopCopy) + Set(kStatePreCopy) + kCloseFd +
                          "actions { v2_close_fd { device: 0 fd: 1 } }");
  EXPECT_TRUE(Has(RunV2<ReentersPreCopy>(text).device, "V2-STOPCOPY-TO-PRECOPY-REFUSED"));
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty()) << ok.explanations.front();
  const auto returns = v2_testing::RecordsOf(*ok.world, kV2RecordSetReturn);
  ASSERT_EQ(returns.size(), 2u);
  EXPECT_EQ(returns[1].result, -EINVAL);
}

TEST(V2FsmMonitorTest, UnsupportedStateFires) {
  const std::string text = Scenario(kStopCopyOnly, Set(kStateRunningP2P) + Set(8));
  EXPECT_EQ(RunV2<IgnoresFlags>(text).device,
            std::vector<std::string>{"V2-UNSUPPORTED-STATE-REFUSED"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  EXPECT_EQ(v2_testing::DeviceAt(*ok.world, 0).mig_state(), kStateRunning);
}

TEST(V2FsmMonitorTest, SetErrorAcceptedFires) {
  const std::string text = Scenario(kStopCopyOnly, Set(kStateError));
  EXPECT_EQ(RunV2<WalksToError>(text).device, std::vector<std::string>{"V2-ERROR-NOT-SETTABLE"});
  EXPECT_TRUE(RunV2(text).device.empty());
}

TEST(V2FsmMonitorTest, UserRequestingErrorFires) {
  const v2_testing::Outcome bad = RunV2(Scenario(kStopCopyOnly, Set(kStateError)));
  EXPECT_EQ(bad.user, std::vector<std::string>{"USER-V2-NO-SET-ERROR"});
  EXPECT_TRUE(bad.device.empty());
  EXPECT_TRUE(RunV2(Scenario(kStopCopyOnly, Set(kStateStop))).user.empty());
}

TEST(V2FsmMonitorTest, PathThroughSavingGroupFires) {
  const std::string text = Scenario(kFull, Set(kStateStopCopy) + kCloseFd);
  EXPECT_TRUE(Has(RunV2<SavesOnTheWay>(text).device, "V2-PATH-SHORTEST"));
  EXPECT_TRUE(RunV2(text).device.empty());
}

TEST(V2FsmMonitorTest, LoopingDriverFires) {
  const std::string text = Scenario(kWithP2p, Set(kStateStop));
  const v2_testing::Outcome bad = RunV2<Loops>(text);
  EXPECT_TRUE(Has(bad.device, "V2-SET-RETURNS"));
  EXPECT_NE(bad.liveness.find("pending: v2 SET of d0 to STOP"), std::string::npos);
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  EXPECT_TRUE(ok.liveness.empty());
}

TEST(V2FsmMonitorTest, SetThatNeverReturnsFires) {
  HandMade m(kStopCopyOnly);
  m.Feed(kV2RecordSetBegin, 0, {kStateStop, kStateRunning});
  m.Feed(kV2RecordArc, 0, {kStateRunning, kStateStop, kStateStop, kNoDataFd});
  EXPECT_EQ(m.End(), std::vector<std::string>{"V2-SET-RETURNS"});
  HandMade near(kStopCopyOnly);
  near.Feed(kV2RecordSetBegin, 0, {kStateStop, kStateRunning});
  near.Feed(kV2RecordArc, 0, {kStateRunning, kStateStop, kStateStop, kNoDataFd});
  near.Feed(kV2RecordSetReturn, 0, {kStateStop, kNoDataFd, 1});
  EXPECT_TRUE(near.End().empty());
}

TEST(V2FsmMonitorTest, EarlyReturnFires) {
  const std::string text = Scenario(kFull, Set(kStateStopCopy) + kCloseFd);
  EXPECT_EQ(RunV2<StopsShort>(text).device, std::vector<std::string>{"V2-SET-COMPLETES"});
  EXPECT_TRUE(RunV2(text).device.empty());
}

TEST(V2FsmMonitorTest, SetReportsCurrentStateFires) {
  auto run = [](uint64_t written_back) {
    HandMade m(kStopCopyOnly);
    m.Feed(kV2RecordSetBegin, 0, {kStateStop, kStateRunning});
    m.Feed(kV2RecordArc, -EIO, {kStateRunning, kStateStop, kStateRunning, kNoDataFd});
    m.Feed(kV2RecordSetReturn, -EIO, {written_back, kNoDataFd, 1});
    return m.End();
  };
  EXPECT_EQ(run(kStateRunning), std::vector<std::string>{"V2-SET-REPORTS-CALLER-VALUE"});
  EXPECT_TRUE(run(kStateStop).empty());
}

TEST(V2FsmMonitorTest, FailedArcReachingTargetFires) {
  auto run = [](uint64_t after) {
    HandMade m(kStopCopyOnly);
    m.Feed(kV2RecordSetBegin, 0, {kStateStop, kStateRunning});
    m.Feed(kV2RecordArc, -EIO, {kStateRunning, kStateStop, after, kNoDataFd});
    m.Feed(kV2RecordSetReturn, -EIO, {kStateStop, kNoDataFd, 1});
    return m.End();
  };
  EXPECT_EQ(run(kStateStop), std::vector<std::string>{"V2-ARC-FAIL-STATE"});
  EXPECT_TRUE(run(kStateRunning).empty());
  EXPECT_TRUE(run(kStateError).empty());
}

TEST(V2FsmMonitorTest, LeavingErrorBySetFires) {
  const std::string text = Scenario(
      kStopCopyOnly,
      "actions { arm_failure { device: 0 site: STATE_TRANSITION to_error: true } } " +
          Set(kStateStop) + Set(kStateRunning));
  EXPECT_TRUE(Has(RunV2<ForgetsError>(text).device, "V2-ERROR-STICKY"));
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  EXPECT_EQ(v2_testing::DeviceAt(*ok.world, 0).mig_state(), kStateError);
}

TEST(V2FsmMonitorTest, StaleGetFires) {
  const std::string text = Scenario(kStopCopyOnly, Set(kStateStop) + std::string(kGet));
  EXPECT_EQ(RunV2<StaleGet>(text).device, std::vector<std::string>{"V2-GET-REPORTS-STATE"});
  EXPECT_TRUE(RunV2(text).device.empty());
}

TEST(V2FsmMonitorTest, ResetNotRunningFires) {
  const std::string text =
      Scenario(kStopCopyOnly, Set(kStateStop) + "actions { reset { device: 0 } } ");
  EXPECT_TRUE(Has(RunV2<ResetsToStop>(text).device, "V2-RESET-RUNNING"));
  EXPECT_TRUE(RunV2(text).device.empty());
}

TEST(V2FsmMonitorTest, CoreAcceptingGetAndSetFires) {
  constexpr uint64_t kGetSet = (1u << 16) | (1u << 17) | 2;
  HandMade m(kStopCopyOnly);
  m.Feed(kV2RecordFeature, 0, {kGetSet, 16, 0, kNoDataFd});
  m.Feed(kV2RecordFeature, 0, {(1u << 16) | 9, 12, 0, kNoDataFd});  // argsz below minsz
  EXPECT_EQ(m.ids(), (std::vector<std::string>{"V2-FEATURE-CORE-CHECKS",
                                                "V2-FEATURE-CORE-CHECKS"}));
  HandMade near(kStopCopyOnly);
  near.Feed(kV2RecordFeature, 0, {kGetSet | (1u << 18), 8, 0, kNoDataFd});  // PROBE
  near.Feed(kV2RecordFeature, -EINVAL, {kGetSet, 16, 0, kNoDataFd});
  EXPECT_TRUE(near.ids().empty());
  const v2_testing::Outcome ok = RunV2(Scenario(
      kStopCopyOnly, "actions { v2_feature { device: 0 flags: 0x30002 argsz: 16 } } "
                     "actions { v2_feature { device: 0 flags: 0x10009 argsz: 4 } } "
                     "actions { v2_feature { device: 0 flags: 0x70002 argsz: 8 } } "));
  EXPECT_TRUE(ok.device.empty());
  const auto features = v2_testing::RecordsOf(*ok.world, kV2RecordFeature);
  ASSERT_EQ(features.size(), 3u);
  EXPECT_EQ(features[0].result, -EINVAL);
  EXPECT_EQ(features[1].result, -EINVAL);
  EXPECT_EQ(features[2].result, 0);
}

TEST(V2FsmMonitorTest, WrongMigrationFlagsFires) {
  constexpr uint64_t kGetMigration = (1u << 16) | 1;
  HandMade m(kStopCopyOnly);
  m.Feed(kV2RecordFeature, 0, {kGetMigration, 16, kMigrationFlagsAll, kNoDataFd});
  EXPECT_EQ(m.ids(), std::vector<std::string>{"V2-MIGRATION-FLAGS"});
  const v2_testing::Outcome ok = RunV2(
      Scenario(kFull, "actions { v2_feature { device: 0 flags: 0x10001 argsz: 16 } } "));
  EXPECT_TRUE(ok.device.empty());
  const auto features = v2_testing::RecordsOf(*ok.world, kV2RecordFeature);
  ASSERT_EQ(features.size(), 1u);
  EXPECT_EQ(features[0].arg[2], kMigrationFlagsAll);
}

}  // namespace
}  // namespace migsim::v2
