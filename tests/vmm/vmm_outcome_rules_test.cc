// Goal: USER-VM-COMPLETE-OR-ROLLBACK fires on a silent half-state and only
// then: a flow that "completes" without starting the destination's vCPUs
// leaves a VM that runs nowhere; a migration that fails, at any point and in
// every VMM's way, ends with the source running (QEMU's vm_start on
// failure), and QEMU 6.2's hw_error on a device in ERROR is a loud abort,
// not judged.
// Method: run the reference program without its kStartVcpus step (a flow in
// no registry); arm failures at several points under every flow.
#include <string>

#include "gtest/gtest.h"
#include "models/vmm/flow_registry.h"
#include "tests/vmm/vmm_test_util.h"

namespace migsim {
namespace {

using vmm_testing::Default;
using vmm_testing::Explain;
using vmm_testing::JudgeAll;
using vmm_testing::RuleIds;

TEST(VmmOutcomeRulesTest, HalfStateFires) {
  const vmm::FlowDefinition flow = vmm::WithoutStep(vmm::ReferenceFlow(), vmm::FlowOp::kStartVcpus);
  const vmm_testing::CustomRun run = vmm_testing::RunCustom(Default(), flow);
  std::string all;
  for (const std::string& e : run.explanations) all += e + "\n";
  EXPECT_EQ(run.ids, std::vector<std::string>{"USER-VM-COMPLETE-OR-ROLLBACK"}) << all;
  EXPECT_NE(all.find("vCPU 0 does not run on the destination"), std::string::npos) << all;
}

TEST(VmmOutcomeRulesTest, CustomReferenceNearMiss) {
  const vmm_testing::CustomRun run = vmm_testing::RunCustom(Default(), vmm::ReferenceFlow());
  EXPECT_TRUE(run.ids.empty()) << (run.explanations.empty() ? "" : run.explanations[0]);
}

TEST(VmmOutcomeRulesTest, FailuresRollBackCleanly) {
  const char* failures[] = {
      "device: 0 site: STATE_TRANSITION skip: 2 to_error: true",  // source, into ERROR
      "device: 3 site: STATE_TRANSITION skip: 1",                 // source v1, keeps its state
      "device: 1 site: DATA_READ skip: 3",                        // pre-copy read
      "device: 2 site: DATA_READ skip: 0",                        // stop-copy read
      "device: 8 site: DATA_WRITE skip: 2",                       // destination write
      "device: 6 site: RESUME_LOAD",                              // destination load
      "device: 9 site: STATE_TRANSITION to_error: true",          // destination setup
  };
  for (const char* flow : {"reference", "qemu_v2", "qemu_v2_basic", "qemu_v1"}) {
    for (const char* failure : failures) {
      SCOPED_TRACE(absl::StrCat(flow, " / ", failure));
      const JudgedRun run = JudgeAll(vmm_testing::BeforeMigrate(
          Default(flow), absl::StrCat("actions { arm_failure { ", failure, " } }")));
      EXPECT_TRUE(run.verdict.clean()) << Explain(run.verdict);
      const int64_t outcome = vmm_testing::LastOutcome(run.world);
      // QEMU 6.2 aborts (hw_error) when a v1 device is left in ERROR: after a
      // failure armed with to_error, or a V1_NDMA device refusing its stream
      // (002: "If the migration data is invalid then the ERROR state must be
      // set.").
      const std::string f = failure;
      const bool qemu_v1_error =
          std::string(flow) == "qemu_v1" &&
          (f.find("to_error") != std::string::npos || f.find("RESUME_LOAD") != std::string::npos);
      if (qemu_v1_error) {
        EXPECT_TRUE(outcome == vmm::kOutcomeAborted || outcome == vmm::kOutcomeFailed);
        continue;
      }
      ASSERT_EQ(outcome, vmm::kOutcomeFailed);
      for (uint32_t v = 0; v < 2; ++v) {
        EXPECT_TRUE(run.world.hosts()[0].vcpus[v].running);
        EXPECT_FALSE(run.world.hosts()[1].vcpus[v].running);
      }
    }
  }
}

TEST(VmmOutcomeRulesTest, QemuV1AbortsOnError) {
  // hw_error(): the VMM gives up loudly; its data_fds go with the process.
  const JudgedRun run = JudgeAll(vmm_testing::BeforeMigrate(
      Default("qemu_v1"),
      "actions { arm_failure { device: 1 site: STATE_TRANSITION skip: 1 to_error: true } }"));
  EXPECT_EQ(vmm_testing::LastOutcome(run.world), vmm::kOutcomeAborted);
  EXPECT_TRUE(run.verdict.clean()) << Explain(run.verdict);
}

}  // namespace
}  // namespace migsim
