// Goal: every VMM flow that follows the documents or QEMU migrates the
// default topology (corpus/topologies/default.textproto: five devices per
// host mixing v1, V1_NDMA and v2, quiescable and not, P2P, busy vCPUs and
// devices) end to end with zero violations, with and without pre-copy
// iterations and with guest and device DMA landing between the flow's
// steps; the destination then equals the source at the stop point; and a
// run is deterministic.
// Method: judge the default scenario under each flow and pre-copy setting
// with every monitor; read the VMM's records (commit digests, outcome) and
// the final World (destination devices and vCPUs running).
#include <ostream>
#include <string>

#include "gtest/gtest.h"
#include "models/vmm/flow_registry.h"
#include "tests/vmm/vmm_test_util.h"

namespace migsim {
namespace {

using vmm_testing::Default;
using vmm_testing::Explain;
using vmm_testing::JudgeAll;
using vmm_testing::Records;

struct FlowCase {
  const char* flow;
  uint32_t rounds;
};

// For readable test names in ctest and failure messages.
void PrintTo(const FlowCase& c, std::ostream* os) {
  *os << c.flow << " with " << c.rounds << " pre-copy rounds";
}

class VmmFlowCleanTest : public ::testing::TestWithParam<FlowCase> {};

TEST_P(VmmFlowCleanTest, DefaultTopologyMigratesClean) {
  const FlowCase c = GetParam();
  const JudgedRun run = JudgeAll(Default(c.flow, c.rounds));
  EXPECT_TRUE(run.verdict.clean()) << Explain(run.verdict);
  EXPECT_EQ(vmm_testing::LastOutcome(run.world), vmm::kOutcomeCompleted);
  const std::vector<TraceRecord> commits = Records(run.world, vmm::kRecordCommit);
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(commits[0].arg[1], commits[0].arg[2]) << "destination RAM differs from the source";
  EXPECT_EQ(commits[0].arg[4], 1u) << "the end of stream did not arrive";
  // Every pair's destination loaded a stream (one RESUME_LOADED each, success).
  size_t loaded = 0;
  for (const TraceRecord& r : Records(run.world, kRecordResumeLoaded)) loaded += r.result == 0;
  EXPECT_EQ(loaded, 5u);
  // The destination runs the guest's vCPUs; the source's are stopped.
  for (uint32_t v = 0; v < 2; ++v) {
    EXPECT_TRUE(run.world.hosts()[1].vcpus[v].running) << "vCPU " << v;
    EXPECT_FALSE(run.world.hosts()[0].vcpus[v].running) << "vCPU " << v;
  }
  // Pre-copy rounds asked are pre-copy rounds done: one CPU dirty-log read
  // at the start, one per round, one final (QEMU 6.2 adds one at setup).
  const size_t reads = Records(run.world, vmm::kRecordCpuDirtyRead).size();
  const size_t setup_sync = std::string(c.flow) == "qemu_v1" ? 1 : 0;
  EXPECT_EQ(reads, 2 + c.rounds + setup_sync);
}

INSTANTIATE_TEST_SUITE_P(
    AllFlows, VmmFlowCleanTest,
    ::testing::Values(FlowCase{"reference", 0}, FlowCase{"reference", 3}, FlowCase{"qemu_v1", 0},
                      FlowCase{"qemu_v1", 3}, FlowCase{"qemu_v2", 0}, FlowCase{"qemu_v2", 3},
                      FlowCase{"qemu_v2_basic", 0}, FlowCase{"qemu_v2_basic", 3}),
    [](const ::testing::TestParamInfo<FlowCase>& info) {
      return std::string(info.param.flow) + "_rounds" + std::to_string(info.param.rounds);
    });

TEST(VmmFlowsTest, DestinationEqualsSourceAfterHeavyDmaDuringPreCopy) {
  // Every device DMA-writes 16 KiB and the guest stores 64 KiB between every
  // pre-copy round, on top of the devices' own traffic.
  proto::Scenario s = Default("reference", 4);
  s.clear_actions();
  const proto::Scenario base = Default("reference", 4);
  for (const proto::Action& a : base.actions()) {
    if (a.has_vmm_step() || a.has_vmm_run()) continue;
    *s.add_actions() = a;
    if (!a.has_vmm_migrate()) continue;
    for (int round = 0; round < 12; ++round) {
      *s.add_actions() =
          testing::ParseScenario("format_version: 1 actions { vmm_step { steps: 3 } }").actions(0);
      for (uint32_t d = 0; d < 5; ++d) {
        const std::string dma =
            absl::StrCat("format_version: 1 actions { device_dma { device: ", d,
                         " iova: ", 0x10000 * (d + 1) + 0x4000 * (round % 4),
                         " length: 16384 write: true pattern: ", round * 8 + d, " } }");
        *s.add_actions() = testing::ParseScenario(dma).actions(0);
      }
      *s.add_actions() =
          testing::ParseScenario(absl::StrCat("format_version: 1 actions { guest_write { host: 0 "
                                              "vcpu: 0 gpa: ",
                                              0x300000 + 0x10000 * (round % 3),
                                              " length: 65536 pattern: ", round, " } }"))
              .actions(0);
    }
    *s.add_actions() =
        testing::ParseScenario("format_version: 1 actions { vmm_run {} }").actions(0);
  }
  const JudgedRun run = JudgeAll(s);
  EXPECT_TRUE(run.verdict.clean()) << Explain(run.verdict);
  EXPECT_EQ(vmm_testing::LastOutcome(run.world), vmm::kOutcomeCompleted);
  const std::vector<TraceRecord> stops = Records(run.world, vmm::kRecordStopPoint);
  const std::vector<TraceRecord> commits = Records(run.world, vmm::kRecordCommit);
  ASSERT_EQ(stops.size(), 1u);
  ASSERT_EQ(commits.size(), 1u);
  // The commit compares the destination with the source at the stop point...
  EXPECT_EQ(commits[0].arg[2], stops[0].arg[1]);
  EXPECT_EQ(commits[0].arg[1], commits[0].arg[2]);
  // ... and the source, stopped since, still holds that content.
  EXPECT_EQ(run.world.hosts()[0].memory.Digest(), stops[0].arg[1]);
  // Many pages were dirtied and resent after the full copy.
  uint64_t resent = 0;
  for (const TraceRecord& r : Records(run.world, vmm::kRecordChannelSend)) {
    if (r.arg[1] == vmm::kMessageRam && r.arg[0] > 4) resent += r.arg[3];
  }
  EXPECT_GT(resent, 100u);
}

TEST(VmmFlowsTest, SameScenarioSameTraceHash) {
  for (const char* flow : {"reference", "qemu_v1", "qemu_v2", "qemu_v2_basic"}) {
    const proto::Scenario s = Default(flow, 2);
    EXPECT_EQ(JudgeAll(s).verdict.trace_hash, JudgeAll(s).verdict.trace_hash) << flow;
  }
}

TEST(VmmFlowsTest, RegistryListsEveryFlowWithItsSource) {
  std::set<std::string> names;
  for (const vmm::FlowEntry& e : vmm::Flows()) {
    names.insert(std::string(e.name));
    EXPECT_FALSE(e.description.empty()) << e.name;
    EXPECT_FALSE(e.source.empty()) << e.name;
    const vmm::FlowDefinition def = e.factory();
    EXPECT_GE(def.program.size(), 10u) << e.name;
    for (const vmm::FlowStep& step : def.program) EXPECT_FALSE(step.source.empty()) << e.name;
  }
  for (const char* want : {"reference", "qemu_v1", "qemu_v2", "qemu_v2_basic", "naive_skip_grace",
                           "naive_early_dirty_stop", "naive_resume_no_barrier"}) {
    EXPECT_TRUE(names.count(want)) << want;
  }
}

}  // namespace
}  // namespace migsim
