// Goal: the false alarms that fuzzing the reference models found in the
// whole-VM family stay fixed. Each test is a finding of `migsim fuzz` on the
// reference models (minimized, then rewritten on the default topology),
// judged with every monitor: it must run clean, and the behaviour the fix
// added is asserted directly, so that the test fails on the code before the
// fix.
// Method: the default topology (corpus/topologies/default.textproto) with
// the finding's actions; the verdict's device and user lists; the trace's
// records.
#include <string>

#include "gtest/gtest.h"
#include "models/record_kinds.h"
#include "models/v2/mig_fsm.h"
#include "models/v2/v2_records.h"
#include "sim/trace.h"
#include "tests/vmm/vmm_test_util.h"

namespace migsim {
namespace {

using vmm_testing::Explain;
using vmm_testing::JudgeAll;
using vmm_testing::Records;

proto::Scenario WithActions(const std::string& actions) {
  proto::Scenario s = vmm_testing::Load(vmm_testing::kDefaultTopology);
  s.clear_actions();
  *s.mutable_actions() = testing::ParseScenario("format_version: 1 " + actions).actions();
  return s;
}

// Found by AFL++ with --fail_on=any (USER-VM-RAM-MATCHES): a second
// migration after a completed one. The destination host then runs the VM
// the first migration moved there, and the reference flow filled its RAM
// while its vCPUs kept storing into it. A destination VM is a fresh one that
// has not run (002's resume flow: "a fresh device"; QEMU's destination is a
// new process), so destination setup stops whatever runs there first.
TEST(VmmFuzzFindingsTest, SecondMigrationStartsFromAFreshDestination) {
  const JudgedRun run =
      JudgeAll(WithActions("actions { vcpu_run { host: 0 vcpu: 0 } } "
                           "actions { advance_time { ns: 10000 } } "
                           "actions { vmm_migrate { flow: \"reference\" run_to_end: true } } "
                           "actions { vmm_migrate { flow: \"reference\" run_to_end: true } } "
                           "actions { advance_time { ns: 10000 } }"));
  EXPECT_TRUE(run.verdict.clean()) << Explain(run.verdict);
  const std::vector<TraceRecord> ends = Records(run.world, vmm::kRecordMigrationEnd);
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_EQ(ends[1].arg[1], vmm::kOutcomeCompleted);
  // The second migration's setup stopped the vCPU the first one started on
  // the destination, before it filled the destination's RAM.
  const std::vector<TraceRecord> starts = Records(run.world, vmm::kRecordMigrationStart);
  ASSERT_EQ(starts.size(), 2u);
  bool stopped = false;
  for (const TraceRecord& r : Records(run.world, kRecordVcpuStop)) {
    if (r.host == 1 && r.time_ns >= starts[1].time_ns) stopped = true;
  }
  EXPECT_TRUE(stopped) << "the destination's vCPU kept running into migration #2";
}

// Found by AFL++ with --fail_on=any (USER-VM-P2P-QUIET): an armed failure
// makes the GPU's RUNNING -> PRE_COPY arc fail into ERROR (the driver's
// discretion the header allows), and in the step before the VMM's recovery
// resets it the NIC's doorbells reach the GPU's BAR. The VMM did not enter
// ERROR (no user may request it), so 002's "suspend these accesses before
// entering any device_state where MMIO is not permitted" does not make those
// accesses its error.
TEST(VmmFuzzFindingsTest, PeerAccessIntoDeviceThatFailedIntoErrorIsNoUserError) {
  const JudgedRun run = JudgeAll(
      WithActions("actions { arm_failure { device: 0 site: STATE_TRANSITION to_error: true } } "
                  "actions { vcpu_run { host: 0 vcpu: 0 } } "
                  "actions { advance_time { ns: 10000 } } "
                  "actions { vmm_migrate { flow: \"reference\" run_to_end: true } } "
                  "actions { advance_time { ns: 10000 } }"));
  EXPECT_TRUE(run.verdict.clean()) << Explain(run.verdict);
  EXPECT_EQ(vmm_testing::LastOutcome(run.world), vmm::kOutcomeFailed);
  // The run does reach the case: a peer's MMIO into d0 between the arc that
  // failed into ERROR and the reset that recovered it.
  SimTime error_at = 0;
  SimTime reset_at = 0;
  for (const TraceRecord& r : Records(run.world, v2::kV2RecordArc)) {
    if (r.device == 0 && r.arg[2] == v2::kStateError && error_at == 0) error_at = r.time_ns;
  }
  for (const TraceRecord& r : Records(run.world, kRecordDeviceReset)) {
    if (r.device == 0 && r.time_ns >= error_at && reset_at == 0) reset_at = r.time_ns;
  }
  ASSERT_GT(error_at, 0u);
  size_t accesses = 0;
  for (const TraceRecord& r : Records(run.world, kRecordMmio)) {
    const bool from_peer = (r.arg[2] & kMmioFlagFromPeer) != 0;
    accesses += r.device == 0 && from_peer && r.time_ns > error_at && r.time_ns < reset_at;
  }
  EXPECT_GT(accesses, 0u);
}

// The near miss of the case above: the same doorbells into a GPU the VMM
// itself stopped (the reference flow without its grace states) are still
// the VMM's error.
TEST(VmmFuzzFindingsTest, PeerAccessIntoDeviceTheVmmStoppedIsStillAUserError) {
  proto::Scenario s = vmm_testing::Default("naive_skip_grace");
  const JudgedRun run = JudgeAll(s);
  EXPECT_TRUE(vmm_testing::RuleIds(run.verdict).count("USER-VM-P2P-QUIET")) << Explain(run.verdict);
}

// Found by libFuzzer on fuzz/topologies/v1_ndma.textproto (VM-DEVICE-
// MATCHES): a migration is started, then the user (not the flow) puts the
// V1_NDMA source in SAVING and drains its stream to the end; the flow then
// runs the source again (SAVING | RUNNING) before its stop point. "When the
// migration window reaches an end of stream the saving is concluded and
// there is no further data" (002): the device rightly sends nothing more,
// so the destination loads the state at that end, not at the stop point.
// That is no device violation (the stream's own exactness is
// STREAM-RESUME-EXACT's business, and it holds).
TEST(VmmFuzzFindingsTest, StreamEndedBeforeTheStopPointNeedNotDescribeIt) {
  const proto::Scenario s = testing::ParseScenario(R"pb(
    format_version: 1
    topology {
      hosts { name: "src" guest_pages: 128 }
      hosts { name: "dst" guest_pages: 128 }
      devices {
        name: "ndma"
        kind: V1_DEVICE
        v1 {
          variant: V1_NDMA
          internals { tick_ns: 100 }
        }
      }
      devices {
        name: "ndma"
        host: 1
        kind: V1_DEVICE
        v1 { variant: V1_NDMA }
      }
      migration {
        destination_host: 1
        pairs { destination_device: 1 }
      }
    }
    actions { vmm_migrate { flow: "qemu_v2" } }
    actions { v1_set_state { value: 2 } }
    actions { v1_drain {} }
    actions { vmm_run {} }
  )pb");
  const JudgedRun run = JudgeAll(s);
  EXPECT_TRUE(run.verdict.device_violations.empty()) << Explain(run.verdict);
  // The case is reached: the source's END precedes the stop point, and the
  // state loaded differs from the source's at the stop point.
  const std::vector<TraceRecord> ends = Records(run.world, kRecordStreamEnd);
  const std::vector<TraceRecord> stops = Records(run.world, vmm::kRecordStopPoint);
  const std::vector<TraceRecord> loads = Records(run.world, kRecordResumeLoaded);
  ASSERT_EQ(ends.size(), 1u);
  ASSERT_EQ(stops.size(), 1u);
  ASSERT_EQ(loads.size(), 1u);
  EXPECT_LT(ends[0].time_ns, stops[0].time_ns);
  EXPECT_EQ(loads[0].result, 0);
  EXPECT_EQ(loads[0].arg[2], ends[0].arg[3]);
  ASSERT_EQ(run.world.trace().payload(stops[0]).size(), 1u);
  EXPECT_NE(loads[0].arg[2], run.world.trace().payload(stops[0])[0]);
}

// Found while making the regression corpus (USER-VM-COMPLETE-OR-ROLLBACK on
// the reference flow): the user closed a source device, then asked for a
// migration; the flow's first SET on it failed (-EBADF) and the migration
// failed. A rollback restores the VM that was there; a device closed before
// the migration began is not the VMM's to run again. The other source
// devices must still be running (the rule still judges them).
TEST(VmmFuzzFindingsTest, DeviceClosedBeforeAFailedMigrationNeedNotRunAfterIt) {
  const auto rollback_errors = [](const JudgedRun& run) {
    int n = 0;
    for (const Violation& v : run.verdict.user_errors) {
      n += v.rule->id == absl::string_view("USER-VM-COMPLETE-OR-ROLLBACK");
    }
    return n;
  };
  // (Closing the GPU, a P2P target, is a user error of its own:
  // USER-VM-P2P-QUIET; not this rule's.)
  const JudgedRun run = JudgeAll(WithActions(
      "actions { close { device: 0 } } "
      "actions { vmm_migrate { flow: \"reference\" run_to_end: true } }"));
  EXPECT_EQ(rollback_errors(run), 0) << Explain(run.verdict);
  EXPECT_TRUE(run.verdict.device_violations.empty()) << Explain(run.verdict);
  EXPECT_EQ(vmm_testing::LastOutcome(run.world), vmm::kOutcomeFailed);
  // The near miss: a device closed during the failed migration (the user
  // closes it while the flow runs) was open when it began: the rule judges it.
  const JudgedRun closed_late = JudgeAll(WithActions(
      "actions { vmm_migrate { flow: \"reference\" } } "
      "actions { vmm_step { steps: 3 } } "
      "actions { close { device: 0 } } "
      "actions { vmm_run {} }"));
  EXPECT_EQ(vmm_testing::LastOutcome(closed_late.world), vmm::kOutcomeFailed);
  EXPECT_GE(rollback_errors(closed_late), 1) << Explain(closed_late.verdict);
}

}  // namespace
}  // namespace migsim
