// Goal: the judge runs every action, reports bounds as liveness, gives the
// same hash whether records are kept or not, and refuses bad input cleanly.
#include "spec/judge.h"

#include "gtest/gtest.h"
#include "models/dma_engine_device.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

constexpr char kBusy[] = R"pb(
  format_version: 1 seed: 5
  topology {
    hosts { guest_pages: 32 vcpus: 1 vcpu_period_ns: 500 identity_map: true }
    devices { kind: DMA_ENGINE host: 0
              dma_engine { period_ns: 300 span: 131072 length: 64 write_percent: 70 } }
  }
  actions { dirty_start { host: 0 } }
  actions { vcpu_run { host: 0 vcpu: 0 } }
  actions { advance_time { ns: 20000 } }
  actions { dirty_get_bitmap { host: 0 iova: 0 size: 131072 } }
  actions { advance_time { ns: 20000 } }
  actions { dirty_get_bitmap { host: 0 iova: 0 size: 131072 } }
)pb";

TEST(JudgeTest, CleanRunOfARealLoad) {
  absl::StatusOr<JudgedRun> run = Judge(testing::ParseScenario(kBusy), {});
  ASSERT_TRUE(run.ok()) << run.status();
  const Verdict& v = run->verdict;
  EXPECT_TRUE(v.clean()) << (v.device_violations.empty() ? "" : FormatViolation(v.device_violations[0]));
  EXPECT_EQ(v.actions_run, 6);
  EXPECT_EQ(v.end_ns, 40000u);
  EXPECT_GT(v.events, 100u);
  EXPECT_EQ(v.records, run->world.trace().count());
  EXPECT_EQ(v.ExitCode(true), kExitClean);
}

TEST(JudgeTest, HashDoesNotDependOnKeepingRecords) {
  JudgeOptions keep, drop;
  drop.keep_records = false;
  absl::StatusOr<JudgedRun> a = Judge(testing::ParseScenario(kBusy), keep);
  absl::StatusOr<JudgedRun> b = Judge(testing::ParseScenario(kBusy), drop);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->verdict.trace_hash, b->verdict.trace_hash);
  EXPECT_EQ(b->world.trace().first_stored(), b->world.trace().count());
}

TEST(JudgeTest, SeedChangesTheRun) {
  proto::Scenario s = testing::ParseScenario(kBusy);
  absl::StatusOr<JudgedRun> a = Judge(s, {});
  s.set_seed(6);
  absl::StatusOr<JudgedRun> b = Judge(s, {});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->verdict.trace_hash, b->verdict.trace_hash);
}

TEST(JudgeTest, BoundIsLivenessWithExit3) {
  proto::Scenario s = testing::ParseScenario(kBusy);
  s.mutable_bounds()->set_events_max(50);
  absl::StatusOr<JudgedRun> run = Judge(s, {});
  ASSERT_TRUE(run.ok());
  EXPECT_NE(run->verdict.liveness_failure.find("pending: event bound"), std::string::npos);
  EXPECT_LT(run->verdict.actions_run, 6);
  EXPECT_EQ(run->verdict.ExitCode(false), kExitLiveness);
}

TEST(JudgeTest, BadInputIsAStatusNotACrash) {
  proto::Scenario s = testing::ParseScenario(kBusy);
  s.mutable_actions(2)->mutable_advance_time()->set_ns(~uint64_t{0});
  absl::StatusOr<JudgedRun> run = Judge(s, {});
  ASSERT_FALSE(run.ok());
  EXPECT_NE(std::string(run.status().message()).find("actions[2].advance_time.ns"),
            std::string::npos);
}

TEST(JudgeTest, DeviceOverrideReplacesFallsBackAndReportsErrors) {
  const proto::Scenario s = testing::ParseScenario(kBusy);
  absl::StatusOr<JudgedRun> plain = Judge(s, {});
  ASSERT_TRUE(plain.ok());

  JudgeOptions fallback;
  fallback.device_override = [](const proto::Device&, uint32_t, uint64_t)
      -> absl::StatusOr<std::unique_ptr<SimDevice>> { return nullptr; };
  absl::StatusOr<JudgedRun> same = Judge(s, fallback);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->verdict.trace_hash, plain->verdict.trace_hash);

  JudgeOptions quiet;  // replace the busy engine by one without background DMA
  quiet.device_override = [](const proto::Device& d, uint32_t index, uint64_t seed) {
    proto::Device copy = d;
    copy.clear_dma_engine();
    return DmaEngineDevice::Create(copy, index, seed, "override");
  };
  absl::StatusOr<JudgedRun> replaced = Judge(s, quiet);
  ASSERT_TRUE(replaced.ok());
  EXPECT_NE(replaced->verdict.trace_hash, plain->verdict.trace_hash);
  EXPECT_LT(replaced->verdict.events, plain->verdict.events);

  JudgeOptions failing;
  failing.device_override = [](const proto::Device&, uint32_t, uint64_t)
      -> absl::StatusOr<std::unique_ptr<SimDevice>> {
    return absl::InvalidArgumentError("topology.devices[0].model: 'x' is unknown");
  };
  absl::StatusOr<JudgedRun> refused = Judge(s, failing);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(std::string(refused.status().message()).find("'x' is unknown"), std::string::npos);
}

}  // namespace
}  // namespace migsim
