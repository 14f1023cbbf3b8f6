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

}  // namespace
}  // namespace migsim
