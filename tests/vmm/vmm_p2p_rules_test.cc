// Goal: the peer-to-peer rules of a whole-VM migration fire exactly when
// they should. USER-VM-GRACE-BARRIER and USER-VM-P2P-QUIET fire when the
// VMM stops a P2P target while its peers can still initiate P2P DMA (save
// side) or runs a device while a P2P target still resumes (resume side);
// VM-P2P-QUIET fires when a device the VMM quiesced initiates P2P DMA into a
// stopped peer anyway. Near misses: the reference flow's P2P traffic into a
// target in pre-copy or in its grace state, and resets of destination
// devices before the destination committed.
// Method: judge the default topology under the naive flows and the
// reference flow, and under the reference flow with a v2 device that keeps
// initiating P2P DMA in the P2P states (a deliberately wrong driver).
#include <string>

#include "gtest/gtest.h"
#include "models/v2/mig_fsm.h"
#include "models/v2/v2_device.h"
#include "sim/limits.h"
#include "tests/vmm/vmm_test_util.h"

namespace migsim {
namespace {

using vmm_testing::Default;
using vmm_testing::Explain;
using vmm_testing::JudgeAll;
using vmm_testing::RuleIds;

// A v2 driver whose P2P states forget to stop P2P DMA ("must prevent the
// device from initiating any new P2P DMA transactions").
class KeepsP2p : public v2::V2Device {
 public:
  using V2Device::V2Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::unique_ptr<SimDevice>(new KeepsP2p(*this));
  }
  Activity CurrentActivity() const override {
    if (mig_state() == v2::kStateRunningP2P || mig_state() == v2::kStatePreCopyP2P) {
      return Activity{true, true, true, true, true};
    }
    return V2Device::CurrentActivity();
  }
};

TEST(VmmP2pRulesTest, SkippedGraceFires) {
  const JudgedRun run = JudgeAll(Default("naive_skip_grace"));
  EXPECT_EQ(RuleIds(run.verdict),
            (std::set<std::string>{"USER-VM-GRACE-BARRIER", "USER-VM-P2P-QUIET"}))
      << Explain(run.verdict);
  EXPECT_NE(Explain(run.verdict).find("reached d0 in STOP_COPY"), std::string::npos)
      << Explain(run.verdict);
}

TEST(VmmP2pRulesTest, ResumeWithoutBarrierFires) {
  const JudgedRun run = JudgeAll(Default("naive_resume_no_barrier"));
  EXPECT_EQ(RuleIds(run.verdict),
            (std::set<std::string>{"USER-VM-GRACE-BARRIER", "USER-VM-P2P-QUIET"}))
      << Explain(run.verdict);
  EXPECT_NE(Explain(run.verdict).find("reached d5 in RESUMING"), std::string::npos)
      << Explain(run.verdict);
}

TEST(VmmP2pRulesTest, GraceProtocolNearMiss) {
  // The reference flow: doorbells keep reaching the target d0 while it is in
  // PRE_COPY (it accepts MMIO), none after the initiators are quiesced.
  const JudgedRun run = JudgeAll(Default("reference"));
  EXPECT_TRUE(run.verdict.clean()) << Explain(run.verdict);
  size_t into_target = 0;
  for (const TraceRecord& r : vmm_testing::Records(run.world, kRecordMmio)) {
    into_target += r.device == 0 && (r.arg[2] & kMmioFlagFromPeer) != 0;
  }
  EXPECT_GT(into_target, 3u);
}

TEST(VmmP2pRulesTest, InitiatorIgnoringGraceFires) {
  // d2 (fpga, v2 with P2P) keeps ringing d0's doorbell in RUNNING_P2P;
  // slow steps leave it time to do so after d0 stopped.
  proto::Scenario s = Default("reference");
  for (proto::Action& a : *s.mutable_actions()) {
    if (a.has_vmm_migrate()) a.mutable_vmm_migrate()->mutable_options()->set_step_ns(8000);
  }
  const JudgedRun run = JudgeAll(s, vmm_testing::V2DriverAt<KeepsP2p>(2));
  const std::set<std::string> ids = RuleIds(run.verdict);
  EXPECT_TRUE(ids.count("VM-P2P-QUIET")) << Explain(run.verdict);
  EXPECT_TRUE(ids.count("V2-P2P-NO-NEW-P2P")) << Explain(run.verdict);
  EXPECT_FALSE(ids.count("USER-VM-P2P-QUIET")) << Explain(run.verdict);
  EXPECT_FALSE(ids.count("USER-VM-GRACE-BARRIER")) << Explain(run.verdict);
  bool owned_by_device = false;
  for (const Violation& v : run.verdict.device_violations) {
    owned_by_device |= v.rule->id == "VM-P2P-QUIET" && v.device == 2;
  }
  EXPECT_TRUE(owned_by_device) << "VM-P2P-QUIET names the initiator d2";
}

TEST(VmmP2pRulesTest, InitiatorIgnoringGraceNearMiss) {
  // The same driver on the destination side only runs after the barrier:
  // no P2P reaches a device that does not accept MMIO.
  const JudgedRun run = JudgeAll(Default("reference"), vmm_testing::V2DriverAt<KeepsP2p>(7));
  EXPECT_FALSE(RuleIds(run.verdict).count("VM-P2P-QUIET")) << Explain(run.verdict);
}

}  // namespace
}  // namespace migsim
