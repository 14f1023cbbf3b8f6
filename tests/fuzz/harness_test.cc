// Goal: the harness (fuzz/harness.h) turns bytes into a verdict the engines
// act on: garbage and bad scenarios are kInvalid (never a crash), reference
// scenarios run clean, a planted device bug and an armed failure that
// breaks a rule are kViolation with the rule and action named, FAIL_ON
// selects device or user violations, ONLY_RULE turns other rules'
// violations into kOtherRule, and a fixed topology replaces each
// input's own. The environment contract fails loudly on bad values, and
// the crash line has exactly the agreed form.
// Method: corpus scenarios and small hand-made ones wrapped as FuzzInputs;
// planted models (fuzz/planted_models.h); a death test for the abort path.
#include "fuzz/harness.h"

#include <cstdio>
#include <string>

#include "fuzz/planted_models.h"
#include "gtest/gtest.h"
#include "sim/scenario_io.h"
#include "spec/coverage.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

std::string CorpusPath(const std::string& name) { return testing::SourceDir() + "/corpus/" + name; }

std::string Bytes(const proto::Scenario& scenario, const proto::Swarm& swarm = {}) {
  proto::FuzzInput input;
  *input.mutable_scenario() = scenario;
  *input.mutable_swarm() = swarm;
  return input.SerializeAsString();
}

proto::Scenario Load(const std::string& name) {
  absl::StatusOr<proto::Scenario> s = LoadScenarioFile(CorpusPath(name));
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : proto::Scenario();
}

HarnessConfig Config(HarnessEnv env) {
  absl::StatusOr<HarnessConfig> config = MakeHarnessConfig(env);
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *config : HarnessConfig();
}

// A v2 device driven into STOP, then asked by the guest for a DMA.
constexpr char kStopThenDma[] = R"pb(
  format_version: 1
  seed: 9
  topology {
    hosts { guest_pages: 64 vcpus: 1 identity_map: true }
    devices {
      kind: V2_DEVICE
      host: 0
      v2 {}
    }
  }
  actions { v2_set_state { device: 0 state: 1 } }
  actions { device_dma { device: 0 iova: 0x2000 length: 64 write: true pattern: 5 } }
  actions { advance_time { ns: 2000 } }
)pb";

TEST(HarnessTest, GarbageAndBadScenariosAreInvalid) {
  Harness harness(Config({}));
  EXPECT_EQ(harness.Run("\x0a\xff\xff\xff", {}).outcome, HarnessOutcome::kInvalid);
  proto::Scenario bad = testing::ParseScenario(kStopThenDma);
  bad.mutable_actions(1)->mutable_device_dma()->set_device(5);
  const HarnessResult& r = harness.Run(Bytes(bad), {});
  EXPECT_EQ(r.outcome, HarnessOutcome::kInvalid);
  EXPECT_NE(std::string(r.invalid.message()).find("actions[1].device_dma.device"),
            std::string::npos)
      << r.invalid;
  EXPECT_EQ(harness.Run("", {}).outcome, HarnessOutcome::kInvalid);  // no topology at all
}

TEST(HarnessTest, ReferenceCorpusRunsCleanAndRecordsCoverage) {
  Harness harness(Config({}));
  CoverageMap map;
  for (const char* name : {"v2/stop_copy_save_resume.textproto", "v1/v1_ndma_p2p_quiesce.textproto",
                           "engine/p2p_through_bar_window.textproto"}) {
    const HarnessResult& r =
        harness.Run(Bytes(Load(name)), absl::MakeSpan(map.data(), kCoverageSlots));
    EXPECT_EQ(r.outcome, HarnessOutcome::kClean) << name << " " << r.invalid;
  }
  EXPECT_GT(map.HitCount(), 20u);
}

TEST(HarnessTest, PlantedDeviceBugIsAViolationNamingRuleAndAction) {
  HarnessEnv env;
  env.model = "planted_v2_dma_in_stop";
  Harness harness(Config(env));
  const HarnessResult& r = harness.Run(Bytes(testing::ParseScenario(kStopThenDma)), {});
  ASSERT_EQ(r.outcome, HarnessOutcome::kViolation) << r.invalid;
  EXPECT_EQ(r.violation.rule->id, "V2-STOP-NO-DMA");
  ASSERT_NE(r.scenario, nullptr);
  EXPECT_EQ(CrashLine(*r.scenario, r.violation),
            "==MIGSIM== VIOLATION rule=V2-STOP-NO-DMA action=" +
                std::to_string(r.violation.action_index) +
                " kind=" + (r.violation.action_index == 1 ? "device_dma" : "advance_time") +
                " device=0 model=planted_v2_dma_in_stop");
  // Near miss: the reference model declines the DMA.
  Harness reference(Config({}));
  EXPECT_EQ(reference.Run(Bytes(testing::ParseScenario(kStopThenDma)), {}).outcome,
            HarnessOutcome::kClean);
}

TEST(HarnessTest, PlantedModelOnATopologyWithoutItsKindIsInvalid) {
  HarnessEnv env;
  env.model = "planted_v2_dma_in_stop";
  Harness harness(Config(env));
  const HarnessResult& r = harness.Run(Bytes(Load("engine/p2p_through_bar_window.textproto")), {});
  EXPECT_EQ(r.outcome, HarnessOutcome::kInvalid);
  EXPECT_NE(std::string(r.invalid.message()).find("V2_DEVICE"), std::string::npos) << r.invalid;
}

TEST(HarnessTest, SwarmDisablingTheBuggyStepAvoidsTheViolation) {
  HarnessEnv env;
  env.model = "planted_v2_dma_in_stop";
  Harness harness(Config(env));
  proto::Swarm swarm;
  swarm.add_action_kinds(proto::Action::kV2SetState);
  swarm.add_action_kinds(proto::Action::kAdvanceTime);
  EXPECT_EQ(harness.Run(Bytes(testing::ParseScenario(kStopThenDma), swarm), {}).outcome,
            HarnessOutcome::kClean);
}

TEST(HarnessTest, FailOnSelectsDeviceOrUserViolations) {
  const std::string user_errors = Bytes(Load("v1/v1_user_protocol_errors.textproto"));
  HarnessEnv env;
  EXPECT_EQ(Harness(Config(env)).Run(user_errors, {}).outcome, HarnessOutcome::kClean);
  env.fail_on = "user";
  Harness user(Config(env));
  const HarnessResult& r = user.Run(user_errors, {});
  ASSERT_EQ(r.outcome, HarnessOutcome::kViolation);
  EXPECT_EQ(r.violation.rule->owner, Owner::kUser);
  EXPECT_EQ(r.violation.rule->id.substr(0, 5), "USER-");
  env.fail_on = "any";
  EXPECT_EQ(Harness(Config(env)).Run(user_errors, {}).outcome, HarnessOutcome::kViolation);
  // A device violation does not crash a `user` campaign.
  env.fail_on = "user";
  env.model = "planted_v2_dma_in_stop";
  EXPECT_EQ(Harness(Config(env)).Run(Bytes(testing::ParseScenario(kStopThenDma)), {}).outcome,
            HarnessOutcome::kClean);
}

TEST(HarnessTest, OnlyRuleCrashesOnItsRuleAlone) {
  const std::string stop_then_dma = Bytes(testing::ParseScenario(kStopThenDma));
  HarnessEnv env;
  env.model = "planted_v2_dma_in_stop";  // raises V2-STOP-NO-DMA
  env.only_rule = "V2-STOP-NO-DMA";
  Harness hunted(Config(env));
  const HarnessResult& r = hunted.Run(stop_then_dma, {});
  ASSERT_EQ(r.outcome, HarnessOutcome::kViolation);
  EXPECT_EQ(r.violation.rule->id, "V2-STOP-NO-DMA");
  // The same violation is another rule's when the campaign hunts a different one.
  env.only_rule = "V2-PATH-SHORTEST";
  Harness other(Config(env));
  const HarnessResult& o = other.Run(stop_then_dma, {});
  ASSERT_EQ(o.outcome, HarnessOutcome::kOtherRule);
  EXPECT_EQ(o.violation.rule->id, "V2-STOP-NO-DMA");
  // A clean run stays clean.
  env.model = "";
  EXPECT_EQ(Harness(Config(env)).Run(stop_then_dma, {}).outcome, HarnessOutcome::kClean);
}

TEST(HarnessTest, ArmedFailureInResumeIsNotAViolation) {
  // The reference model fails the way the texts allow: no crash.
  proto::Scenario s = Load("v2/stop_copy_save_resume.textproto");
  proto::Action* arm = s.mutable_actions()->Add();
  arm->mutable_arm_failure()->set_device(1);
  arm->mutable_arm_failure()->set_site(proto::RESUME_LOAD);
  s.mutable_actions()->SwapElements(0, s.actions_size() - 1);
  Harness harness(Config({}));
  EXPECT_EQ(harness.Run(Bytes(s), {}).outcome, HarnessOutcome::kClean);
}

TEST(HarnessTest, FixedTopologyReplacesEachInputsTopology) {
  HarnessEnv env;
  env.topology = CorpusPath("v2/p2p_two_devices.textproto");
  Harness harness(Config(env));
  ASSERT_TRUE(harness.config().topology.has_value());
  EXPECT_EQ(harness.config().topology->actions_size(), 0);
  // A v1 seed's actions on device 3 exist in the 4-device fixed topology.
  proto::Scenario other = Load("v1/v1_error_and_reset.textproto");
  const HarnessResult& r = harness.Run(Bytes(other), {});
  ASSERT_NE(r.scenario, nullptr);
  EXPECT_EQ(r.scenario->topology().devices_size(), 4);
  EXPECT_EQ(r.scenario->seed(), other.seed());
  EXPECT_NE(r.outcome, HarnessOutcome::kViolation);
  // An action beyond the fixed topology's devices is bad input.
  proto::Scenario far = testing::ParseScenario(kStopThenDma);
  far.mutable_actions(0)->mutable_v2_set_state()->set_device(9);
  EXPECT_EQ(harness.Run(Bytes(far), {}).outcome, HarnessOutcome::kInvalid);
}

TEST(HarnessTest, DefaultCampaignTopologyLoadsAndRunsSeeds) {
  HarnessEnv env;
  env.topology = testing::SourceDir() + "/fuzz/topologies/default.textproto";
  Harness harness(Config(env));
  ASSERT_TRUE(harness.config().topology.has_value());
  EXPECT_EQ(harness.config().topology->topology().devices_size(), 4);
  EXPECT_EQ(harness.Run(Bytes(testing::ParseScenario(kStopThenDma)), {}).outcome,
            HarnessOutcome::kClean);
}

TEST(HarnessTest, EventBoundKeepsEveryRunShort) {
  // Seconds of a device ticking every microsecond: 10^6 events unbounded.
  proto::Scenario s = testing::ParseScenario(R"pb(
    format_version: 1
    seed: 3
    topology {
      hosts { guest_pages: 64 identity_map: true }
      devices {
        kind: V2_DEVICE
        host: 0
        v2 { internals { tick_ns: 1000 dma_iova: 0x5000 } }
      }
    }
    actions { advance_time { ns: 8589939592 } }
  )pb");
  Harness harness(Config({}));
  const HarnessResult& r = harness.Run(Bytes(s), {});
  EXPECT_EQ(r.outcome, HarnessOutcome::kLiveness);
  ASSERT_NE(r.scenario, nullptr);
  EXPECT_EQ(r.scenario->bounds().events_max(), kFuzzEventsMaxDefault);
  // A tighter bound of the scenario's own is kept; 0 leaves it alone.
  s.mutable_bounds()->set_events_max(10);
  EXPECT_EQ(harness.Run(Bytes(s), {}).scenario->bounds().events_max(), 10u);
  HarnessEnv env;
  env.events_max = "0";
  proto::FuzzInput input;
  *input.mutable_scenario() = s;
  input.mutable_scenario()->clear_bounds();
  absl::StatusOr<proto::Scenario> own = PrepareScenario(Config(env), input);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->bounds().events_max(), 0u);
  env.events_max = "lots";
  absl::StatusOr<HarnessConfig> bad = MakeHarnessConfig(env);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(std::string(bad.status().message()).rfind("MIGSIM_FUZZ_EVENTS_MAX: 'lots'", 0), 0u);
}

TEST(HarnessTest, PrepareScenarioIsWhatRuns) {
  HarnessEnv env;
  env.model = "planted_v2_keeps_session_in_stop";
  const HarnessConfig config = Config(env);
  proto::FuzzInput input;
  *input.mutable_scenario() = testing::ParseScenario(kStopThenDma);
  absl::StatusOr<proto::Scenario> prepared = PrepareScenario(config, input);
  ASSERT_TRUE(prepared.ok());
  EXPECT_EQ(prepared->topology().devices(0).model(), "planted_v2_keeps_session_in_stop");
}

TEST(HarnessTest, BadEnvironmentNamesTheVariable) {
  HarnessEnv env;
  env.fail_on = "devce";
  absl::StatusOr<HarnessConfig> c = MakeHarnessConfig(env);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "MIGSIM_FUZZ_FAIL_ON: 'devce' is not device, user or any");
  env = {};
  env.model = "no_such_model";
  c = MakeHarnessConfig(env);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(std::string(c.status().message()).rfind("MIGSIM_FUZZ_MODEL: 'no_such_model'", 0), 0u)
      << c.status();
  env = {};
  env.topology = "/nonexistent/topology.textproto";
  c = MakeHarnessConfig(env);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(std::string(c.status().message()).rfind("MIGSIM_FUZZ_TOPOLOGY: ", 0), 0u) << c.status();
  env = {};
  env.only_rule = "V2-NO-SUCH-RULE";
  c = MakeHarnessConfig(env);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(
      c.status().message(),
      "MIGSIM_FUZZ_ONLY_RULE: 'V2-NO-SUCH-RULE' is not a rule ID (spec/README.md lists them)");
  env = {};
  env.log = "yes";
  EXPECT_FALSE(MakeHarnessConfig(env).ok());
  env = {};
  env.topology = CorpusPath("engine/p2p_through_bar_window.textproto");
  env.model = "planted_v2_dma_in_stop";  // no v2 device in that topology
  c = MakeHarnessConfig(env);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(std::string(c.status().message()).rfind("MIGSIM_FUZZ_MODEL: ", 0), 0u) << c.status();
}

TEST(HarnessDeathTest, ViolationAbortsWithTheCrashLine) {
  HarnessEnv env;
  env.model = "planted_v2_dma_in_stop";
  Harness harness(Config(env));
  const std::string bytes = Bytes(testing::ParseScenario(kStopThenDma));
  EXPECT_DEATH(
      {
        const HarnessResult& r = harness.Run(bytes, {});
        if (r.outcome == HarnessOutcome::kViolation) ReportViolationAndAbort(r);
      },
      "==MIGSIM== VIOLATION rule=V2-STOP-NO-DMA action=[0-9]+ kind=[a-z_0-9]+ device=0 "
      "model=planted_v2_dma_in_stop\nV2-STOP-NO-DMA \\(004_ca0a322ccd212e3d.txt: ");
}

TEST(PlantedModelsTest, NamesAreInTheirNamespaceAndSwapIntoTheirKind) {
  for (const PlantedModel& m : PlantedModels()) {
    EXPECT_TRUE(IsPlantedName(m.name)) << m.name;
    EXPECT_EQ(FindPlantedModel(m.name), &m);
  }
  proto::Scenario s = Load("v2/p2p_two_devices.textproto");
  ASSERT_TRUE(UsePlantedModel(s, "planted_v2_keeps_session_in_stop").ok());
  for (const proto::Device& d : s.topology().devices()) {
    EXPECT_EQ(d.model(), "planted_v2_keeps_session_in_stop");
  }
  EXPECT_EQ(UsePlantedModel(s, "planted_nothing").code(), absl::StatusCode::kNotFound);
}

TEST(PlantedModelsTest, EveryPlantedModelRaisesItsExpectedRule) {
  // STOP_COPY, back to STOP, then a read on the saving data_fd.
  constexpr char kSaveAndLeave[] = R"pb(
    format_version: 1
    seed: 9
    topology {
      hosts { guest_pages: 64 vcpus: 1 identity_map: true }
      devices {
        kind: V2_DEVICE
        host: 0
        v2 {}
      }
    }
    actions { v2_set_state { device: 0 state: 3 } }
    actions { v2_set_state { device: 0 state: 1 } }
    actions { v2_read { device: 0 fd: 0 length: 64 } }
    actions { device_dma { device: 0 iova: 0x2000 length: 64 write: true pattern: 5 } }
    actions { advance_time { ns: 2000 } }
  )pb";
  for (const PlantedModel& m : PlantedModels()) {
    HarnessEnv env;
    env.model = std::string(m.name);
    Harness harness(Config(env));
    const HarnessResult& r = harness.Run(Bytes(testing::ParseScenario(kSaveAndLeave)), {});
    ASSERT_EQ(r.outcome, HarnessOutcome::kViolation) << m.name;
    EXPECT_EQ(r.violation.rule->id, m.expected_rule) << m.name;
  }
  EXPECT_EQ(Harness(Config({})).Run(Bytes(testing::ParseScenario(kSaveAndLeave)), {}).outcome,
            HarnessOutcome::kClean);
}

}  // namespace
}  // namespace migsim
