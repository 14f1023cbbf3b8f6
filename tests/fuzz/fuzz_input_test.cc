// Goal: FuzzInput parsing and the swarm settings (fuzz/fuzz_input.h) keep
// exactly the actions the swarm enables, in order, with every device field
// checked (device 0 included, which proto3 does not mark as set), and the
// in-place ApplySwarm agrees with ScenarioOf.
// Method: hand-made scenarios with one action per interesting case.
#include "fuzz/fuzz_input.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

constexpr char kScenario[] = R"pb(
  format_version: 1
  seed: 3
  topology {
    hosts { guest_pages: 16 vcpus: 1 }
    devices {
      kind: V2_DEVICE
      host: 0
      v2 {}
    }
    devices {
      kind: V2_DEVICE
      host: 0
      v2 {}
    }
  }
  actions { v2_set_state { device: 0 state: 1 } }
  actions { v2_set_state { device: 1 state: 1 } }
  actions { advance_time { ns: 100 } }
  actions { arm_failure { device: 1 site: DATA_READ } }
  actions { v2_push { source_device: 0 target_device: 1 } }
  actions {
    map_dma {
      host: 0
      iova: 0
      size: 4096
      bar { device: 0 offset: 0 }
    }
  }
)pb";

proto::FuzzInput Wrap(const proto::Swarm& swarm) {
  proto::FuzzInput input;
  *input.mutable_scenario() = testing::ParseScenario(kScenario);
  *input.mutable_swarm() = swarm;
  return input;
}

std::vector<int> Kept(const proto::Scenario& s) {
  std::vector<int> kinds;
  for (const proto::Action& a : s.actions()) kinds.push_back(a.kind_case());
  return kinds;
}

TEST(FuzzInputTest, ParsesBinaryAndRejectsGarbage) {
  const proto::FuzzInput input = Wrap({});
  absl::StatusOr<proto::FuzzInput> parsed = ParseFuzzInput(input.SerializeAsString());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->scenario().actions_size(), 6);
  EXPECT_FALSE(ParseFuzzInput("\xff\xff\xff garbage").ok());
}

TEST(FuzzInputTest, EmptySwarmEnablesEverything) {
  const proto::FuzzInput input = Wrap({});
  EXPECT_TRUE(SwarmEnablesAll(input.swarm()));
  EXPECT_EQ(ScenarioOf(input).actions_size(), 6);
}

TEST(FuzzInputTest, ActionKindsKeepOnlyListedKindsInOrder) {
  proto::Swarm swarm;
  swarm.add_action_kinds(proto::Action::kV2SetState);
  swarm.add_action_kinds(proto::Action::kAdvanceTime);
  EXPECT_EQ(Kept(ScenarioOf(Wrap(swarm))),
            (std::vector<int>{proto::Action::kV2SetState, proto::Action::kV2SetState,
                              proto::Action::kAdvanceTime}));
}

TEST(FuzzInputTest, DeviceZeroIsCheckedLikeAnyOther) {
  proto::Swarm swarm;
  swarm.add_devices(1);
  const proto::Scenario s = ScenarioOf(Wrap(swarm));
  // Kept: set_state on d1, advance_time (no device), arm_failure on d1.
  // Dropped: set_state on d0, the push from d0, the map of d0's BAR.
  EXPECT_EQ(Kept(s), (std::vector<int>{proto::Action::kV2SetState, proto::Action::kAdvanceTime,
                                       proto::Action::kArmFailure}));
  EXPECT_EQ(s.actions(0).v2_set_state().device(), 1u);
}

TEST(FuzzInputTest, FailureSitesFilterArmFailureOnly) {
  proto::Swarm swarm;
  swarm.add_failure_sites(proto::STATE_TRANSITION);
  const proto::Scenario s = ScenarioOf(Wrap(swarm));
  EXPECT_EQ(s.actions_size(), 5);
  for (const proto::Action& a : s.actions()) EXPECT_FALSE(a.has_arm_failure());
}

TEST(FuzzInputTest, ApplySwarmInPlaceEqualsScenarioOf) {
  proto::Swarm swarm;
  swarm.add_devices(0);
  swarm.add_action_kinds(proto::Action::kV2Push);
  swarm.add_action_kinds(proto::Action::kV2SetState);
  const proto::FuzzInput input = Wrap(swarm);
  proto::Scenario in_place = input.scenario();
  ApplySwarm(input.swarm(), in_place);
  EXPECT_EQ(in_place.SerializeAsString(), ScenarioOf(input).SerializeAsString());
  // d1 is disabled, so the push from d0 to d1 goes too.
  EXPECT_EQ(Kept(in_place), (std::vector<int>{proto::Action::kV2SetState}));
}

}  // namespace
}  // namespace migsim
