// File: tests/tools/signature_test.cc
//
// Goal: a signature (spec/signature.h) is stable, filesystem-safe and says
// rule, model and where: the arc for a violation raised while a SET walks
// the v2 FSM, else the action kind, "end" after the last action, the host's
// IOMMU model for host rules. Method: judge planted-bug and corpus
// scenarios, pin the exact strings, and build violations by hand for the
// corner cases.
#include "spec/signature.h"

#include <string>

#include "gtest/gtest.h"
#include "spec/judge.h"
#include "spec/rule_registry.h"
#include "tests/test_util.h"
#include "tests/tools/planted_models.h"
#include "tools/outcome.h"

namespace migsim {
namespace {

TEST(SignatureTest, PartsAreFilesystemSafe) {
  EXPECT_EQ(SignaturePart("v2_reference"), "v2_reference");
  EXPECT_EQ(SignaturePart("V2-ARC-IN-FSM"), "V2-ARC-IN-FSM");
  EXPECT_EQ(SignaturePart("a/b c.d\\e\n"), "a_b_c_d_e_");
  EXPECT_EQ(SignaturePart(""), "none");
  EXPECT_EQ(SignaturePart(std::string(100, 'x')).size(), 64u);
  EXPECT_EQ((SignatureParts{"R", "m", "w"}).ToString(), "R.m.w");
}

TEST(SignatureTest, V2SetViolationIsNamedByItsArcAndIsStable) {
  const proto::Scenario s = testing::ParseScenario(testing::kPlantedPreCopyScenario);
  const std::string expected =
      "V2-STOPCOPY-TO-PRECOPY-REFUSED.test_reenters_precopy.STOP_COPY-to-STOP";
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<Outcome> o = JudgeOutcome(s, testing::PlantedJudgeOptions(), FailOn::kDevice);
    ASSERT_TRUE(o.ok()) << o.status();
    EXPECT_EQ(o->signature, expected);
    EXPECT_EQ(o->rule, "V2-STOPCOPY-TO-PRECOPY-REFUSED");
  }
}

TEST(SignatureTest, OtherViolationsAreNamedByTheirActionKind) {
  const proto::Scenario s = testing::ParseScenario(R"pb(
    format_version: 1
    topology {
      hosts { guest_pages: 4 }
      devices {
        kind: V1_DEVICE
        v1 { variant: V1 }
      }
    }
    actions { v2_get_state { device: 0 } }
    actions { v1_read { device: 0 offset: 0 width: 8 } }
  )pb");
  absl::StatusOr<Outcome> o = JudgeOutcome(s, {}, FailOn::kUser);
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->signature, "USER-V1-FIELD-WIDTH.v1_reference.v1_read");
  absl::StatusOr<Outcome> device_only = JudgeOutcome(s, {}, FailOn::kDevice);
  ASSERT_TRUE(device_only.ok());
  EXPECT_TRUE(device_only->clean()) << device_only->Describe();
}

TEST(SignatureTest, EndOfRunAndHostRulesAndMissingRecords) {
  const proto::Scenario s = testing::ParseScenario(R"pb(
    format_version: 1
    topology {
      hosts { guest_pages: 4 }
      devices { kind: V2_DEVICE }
    }
    actions { v2_set_state { device: 0 state: 1 } }
  )pb");
  absl::StatusOr<JudgedRun> run = Judge(s, {});
  ASSERT_TRUE(run.ok()) << run.status();
  Violation v;
  v.rule = FindRule("V2-PATH-SHORTEST");
  v.device = 0;
  v.action_index = -1;
  EXPECT_EQ(SignatureOf(s, run->world, v).ToString(), "V2-PATH-SHORTEST.v2_reference.end");
  // The SET walked RUNNING -> STOP: a violation pinned to its last record
  // names that arc.
  v.action_index = 0;
  v.record_index = run->world.trace().count() - 1;
  EXPECT_EQ(SignatureOf(s, run->world, v).where, "RUNNING-to-STOP");
  Violation host;
  host.rule = FindRule("IOMMU-DIRTY-LOGS-DMA-WRITES");
  host.device = kNoDevice;
  host.action_index = 0;
  EXPECT_EQ(SignatureOf(s, run->world, host).model, "iommu_reference");
  // Without stored records the arc cannot be seen: the action kind it is.
  run->world.trace().Discard();
  EXPECT_EQ(SignatureOf(s, run->world, v).where, "v2_set_state");
}

TEST(SignatureTest, HostRulesNameTheHostsIommuModel) {
  const proto::Scenario s = testing::ParseScenario(R"pb(
    format_version: 1
    topology {
      hosts { guest_pages: 2 identity_map: true iommu_model: "iommu_dirty_first_page_only" }
      devices { kind: DMA_ENGINE }
    }
    actions { dirty_start {} }
    actions { device_dma { iova: 4033 length: 64 write: true } }
    actions { advance_time { ns: 500 } }
    actions { dirty_get_bitmap { size: 8192 } }
  )pb");
  absl::StatusOr<Outcome> o = JudgeOutcome(s, {}, FailOn::kDevice);
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->signature,
            "IOMMU-DIRTY-LOGS-DMA-WRITES.iommu_dirty_first_page_only.dirty_get_bitmap");
  proto::Scenario reference = s;
  reference.mutable_topology()->mutable_hosts(0)->clear_iommu_model();
  absl::StatusOr<Outcome> clean = JudgeOutcome(reference, {}, FailOn::kDevice);
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->clean()) << clean->Describe();
}

TEST(SignatureTest, WholeVmRulesTheVmmOwnsNameTheVmmModel) {
  proto::Scenario s = testing::ParseScenario(R"pb(
    format_version: 1
    topology {
      hosts { guest_pages: 4 }
      hosts { guest_pages: 4 }
      devices { kind: V2_DEVICE host: 0 }
      devices { kind: V2_DEVICE host: 1 }
      migration { source_host: 0 destination_host: 1
                  pairs { source_device: 0 destination_device: 1 } }
    }
  )pb");
  absl::StatusOr<JudgedRun> run = Judge(s, {});
  ASSERT_TRUE(run.ok()) << run.status();
  Violation v;
  v.rule = FindRule("USER-VM-GRACE-BARRIER");
  ASSERT_NE(v.rule, nullptr);
  v.device = 0;  // a device named by the violation is still the flow's fault
  v.action_index = -1;
  EXPECT_EQ(SignatureOf(s, run->world, v).ToString(), "USER-VM-GRACE-BARRIER.vmm_reference.end");
  s.mutable_topology()->mutable_migration()->set_vmm_model("vmm_stop_realize_order");
  EXPECT_EQ(SignatureOf(s, run->world, v).model, "vmm_stop_realize_order");
  // A whole-VM rule the device owns names the device's model.
  v.rule = FindRule("VM-DEVICE-MATCHES");
  ASSERT_NE(v.rule, nullptr);
  EXPECT_EQ(SignatureOf(s, run->world, v).model, "v2_reference");
}

}  // namespace
}  // namespace migsim
