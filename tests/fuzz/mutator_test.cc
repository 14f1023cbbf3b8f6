// Goal: the structure-aware mutator keeps its contract. Every operator
// keeps the message parseable; the list-level operators keep a valid seed
// valid and the value-level ones mostly do; an operator that returns true
// really changed the input and one that returns false did not; crossover
// children are made of their parents' actions; the byte-level entry points
// are deterministic for a fixed seed, respect max_size, recover from
// garbage, repair indices into a fixed topology and record the operator
// sequence.
// Method: every reference corpus scenario as a seed, many seeded trials per
// operator, the scenario validator (models/scenario_check.h) as the judge
// of validity.
#include "fuzz/mutator.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "fuzz/action_validator.h"
#include "fuzz/field_roles.h"
#include "fuzz/fresh_input.h"
#include "fuzz/fuzz_input.h"
#include "fuzz/harness.h"
#include "fuzz/operator_registry.h"
#include "gtest/gtest.h"
#include "models/scenario_check.h"
#include "sim/scenario_io.h"
#include "tests/fuzz/fuzz_test_util.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

using fuzz_testing::CorpusSeeds;

// Operators whose every result on a valid seed must still validate: they
// only move, copy or drop whole actions, or change the seed and the swarm.
const std::set<std::string> kKeepValid = {"EraseActions",    "DuplicateAction", "SwapActions",
                                          "SpliceActions",   "MutateSwarm",     "MutateSeed",
                                          "CrossOverActions"};

bool Valid(const proto::FuzzInput& input) { return ValidateScenario(ScenarioOf(input)).ok(); }

TEST(MutatorTest, RegistryNamesAreUniqueAndEveryOperatorIsListed) {
  std::set<std::string> names;
  for (const MutationOperator& op : Operators()) {
    EXPECT_TRUE(names.insert(std::string(op.name)).second) << op.name;
    EXPECT_EQ(FindOperator(op.name), &op);
  }
  EXPECT_EQ(names.size(), 16u);  // one per file in fuzz/mutators/ but action_list.cc
  EXPECT_EQ(FindOperator("NoSuchOperator"), nullptr);
}

TEST(MutatorTest, EachOperatorKeepsTheMessageValidAndReallyChangesIt) {
  const std::vector<proto::FuzzInput> seeds = CorpusSeeds();
  ASSERT_GE(seeds.size(), 10u);
  for (const MutationOperator& op : Operators()) {
    int applied = 0;
    int valid = 0;
    for (size_t s = 0; s < seeds.size(); ++s) {
      for (uint64_t trial = 0; trial < 20; ++trial) {
        proto::FuzzInput input = seeds[s];
        const std::string before = input.SerializeAsString();
        Prng prng(trial * 1000 + s);
        const proto::FuzzInput& donor = seeds[(s + 1 + trial) % seeds.size()];
        MutationContext context{prng, TopologyShape::Of(input.scenario().topology()), &donor};
        // As the engine targets run them: fresh actions validated on the
        // input's topology (fuzz/action_validator.h).
        const ActionFilter filter = MakeActionValidator(seeds[s].scenario());
        context.action_filter = &filter;
        const bool changed = op.fn(input, context);
        const std::string after = input.SerializeAsString();
        if (!changed) {
          EXPECT_EQ(after, before) << op.name << " returned false but changed the input";
          continue;
        }
        ++applied;
        EXPECT_NE(after, before) << op.name << " returned true without a change";
        proto::FuzzInput reparsed;
        ASSERT_TRUE(reparsed.ParseFromString(after)) << op.name;
        if (Valid(input)) {
          ++valid;
        } else if (kKeepValid.count(std::string(op.name)) != 0) {
          ADD_FAILURE() << op.name
                        << " made an invalid scenario: " << ValidateScenario(ScenarioOf(input))
                        << " from seed " << s;
        }
      }
    }
    EXPECT_GT(applied, 0) << op.name << " never applied";
    // Value operators may pick an invalid boundary (width 3, length 0) on
    // purpose, but most of what they make must still run.
    EXPECT_GE(valid * 10, applied * 6) << op.name << ": " << valid << " of " << applied;
  }
}

TEST(MutatorTest, ShrinkOnlyNeverGrowsTheInput) {
  Mutator mutator;
  for (const proto::FuzzInput& seed : CorpusSeeds()) {
    proto::FuzzInput input = seed;
    Prng prng(7);
    for (int i = 0; i < 30; ++i) {
      const size_t before = input.ByteSizeLong();
      const int actions = input.scenario().actions_size();
      if (!mutator.Shrink(input, prng)) break;
      EXPECT_LE(input.scenario().actions_size(), actions);
      EXPECT_LE(input.ByteSizeLong(), before + 10);  // a varint may re-encode, not grow
    }
  }
  for (absl::string_view name : mutator.sequence()) {
    EXPECT_TRUE(FindOperator(name)->shrinks) << name;
  }
}

TEST(MutatorTest, CrossOverChildIsMadeOfItsParentsActions) {
  const std::vector<proto::FuzzInput> seeds = CorpusSeeds();
  Mutator mutator;
  int crossed = 0;
  for (size_t i = 0; i + 1 < seeds.size(); ++i) {
    proto::FuzzInput child = seeds[i];
    Prng prng(i);
    mutator.ClearSequence();
    ASSERT_TRUE(mutator.CrossOver(child, seeds[i + 1], prng));
    if (mutator.sequence().front() != "CrossOverActions") continue;
    ++crossed;
    // Every action is one of the first parent's, or one of the second's
    // with its indices repaired into the first parent's topology.
    const TopologyShape shape = TopologyShape::Of(seeds[i].scenario().topology());
    std::set<std::string> parents;
    for (const proto::Action& a : seeds[i].scenario().actions()) {
      parents.insert(a.SerializeAsString());
    }
    for (proto::Action b : seeds[i + 1].scenario().actions()) {
      if (RepairIndices(b, shape).fits) parents.insert(b.SerializeAsString());
    }
    for (const proto::Action& c : child.scenario().actions()) {
      EXPECT_EQ(parents.count(c.SerializeAsString()), 1u) << "child of seeds " << i;
    }
    EXPECT_TRUE(Valid(child)) << ValidateScenario(ScenarioOf(child));
  }
  EXPECT_GT(crossed, 5);
}

// 50 chained MutateBytes calls (seed = step), each output the next input.
std::vector<std::pair<std::string, std::string>> Chain(const std::string& start) {
  Mutator mutator;
  std::string data = start;
  std::vector<std::pair<std::string, std::string>> out;
  for (uint64_t step = 0; step < 50; ++step) {
    const size_t in = data.size();
    data.resize(1 << 16);
    const size_t size =
        mutator.MutateBytes(reinterpret_cast<uint8_t*>(data.data()), in, data.size(), step, 2);
    data.resize(size);
    out.emplace_back(data, mutator.SequenceString());
  }
  return out;
}

TEST(MutatorTest, BytesAreDeterministicForAFixedSeed) {
  const std::string start = CorpusSeeds()[3].SerializeAsString();
  const auto first = Chain(start);
  EXPECT_EQ(first, Chain(start));
  std::set<std::string> distinct;
  for (const auto& [bytes, sequence] : first) {
    distinct.insert(bytes);
    for (absl::string_view name : absl::StrSplit(sequence, '-')) {
      EXPECT_TRUE(FindOperator(name) != nullptr || name == "FreshInput") << name;
    }
  }
  EXPECT_GT(distinct.size(), 40u);
}

TEST(MutatorTest, GarbageBecomesAFreshValidInput) {
  Mutator mutator;
  std::string data = "this is not a FuzzInput \xff\xff\xff";
  data.resize(4096);
  const size_t size =
      mutator.MutateBytes(reinterpret_cast<uint8_t*>(data.data()), 27, data.size(), 1);
  proto::FuzzInput input;
  ASSERT_TRUE(input.ParseFromArray(data.data(), static_cast<int>(size)));
  EXPECT_EQ(mutator.sequence().front(), "FreshInput");
  EXPECT_GE(input.scenario().actions_size(), 1);
  EXPECT_TRUE(ValidateScenario([] {
                proto::Scenario s;
                s.set_format_version(1);
                *s.mutable_topology() = FallbackTopology();
                return s;
              }())
                  .ok());
  EXPECT_EQ(mutator.MutateBytes(reinterpret_cast<uint8_t*>(data.data()), 0, data.size(), 2) > 0,
            true);
}

TEST(MutatorTest, OutputNeverExceedsMaxSize) {
  Mutator mutator;
  for (const proto::FuzzInput& seed : CorpusSeeds()) {
    std::string data = seed.SerializeAsString();
    const size_t max_size = data.size() / 2 + 1;
    const std::string original = data;
    data.resize(std::max(data.size(), max_size));
    const size_t size =
        mutator.MutateBytes(reinterpret_cast<uint8_t*>(data.data()), original.size(), max_size, 5);
    EXPECT_LE(size, max_size);
  }
}

TEST(MutatorTest, IndicesAreRepairedIntoTheFixedTopology) {
  MutatorOptions options;
  absl::StatusOr<proto::Scenario> fixed =
      LoadScenarioFile(testing::SourceDir() + "/corpus/v2/stop_copy_save_resume.textproto");
  ASSERT_TRUE(fixed.ok());
  options.fixed_topology = fixed->topology();  // 2 devices, 1 host, 1 vCPU
  Mutator mutator(options);
  for (const proto::FuzzInput& seed : CorpusSeeds()) {
    std::string data = seed.SerializeAsString();
    const size_t original = data.size();
    data.resize(1 << 17);
    const size_t size =
        mutator.MutateBytes(reinterpret_cast<uint8_t*>(data.data()), original, data.size(), 3);
    proto::FuzzInput out;
    ASSERT_TRUE(out.ParseFromArray(data.data(), static_cast<int>(size)));
    proto::Scenario run = ScenarioOf(out);
    *run.mutable_topology() = fixed->topology();
    *run.mutable_bounds() = fixed->bounds();
    // Only a value operator's deliberate boundary may make it invalid; an
    // index out of range never does.
    const absl::Status status = ValidateScenario(run);
    if (!status.ok()) {
      EXPECT_EQ(std::string(status.message()).find("names no"), std::string::npos) << status;
    }
  }
}

// A two-device v2 topology and `actions` (text of Action messages).
proto::FuzzInput TwoV2Devices(absl::string_view actions) {
  proto::FuzzInput input;
  *input.mutable_scenario() = testing::ParseScenario(absl::StrCat(
      "format_version: 1 topology { hosts { guest_pages: 16 vcpus: 1 identity_map: true } "
      "devices { kind: V2_DEVICE v2 {} } devices { kind: V2_DEVICE v2 {} } } ",
      actions));
  return input;
}

TEST(MutatorTest, ReuseArgumentsMakesAReadAtTheOffsetJustWritten) {
  const MutationOperator* reuse = FindOperator("ReuseArguments");
  ASSERT_NE(reuse, nullptr);
  int same_place = 0;
  for (uint64_t trial = 0; trial < 40; ++trial) {
    proto::FuzzInput input = TwoV2Devices(
        "actions { v1_write { device: 1 offset: 4 width: 4 value: 7 } } "
        "actions { v1_read { device: 0 offset: 24 width: 8 } }");
    Prng prng(trial);
    MutationContext context{prng, TopologyShape::Of(input.scenario().topology())};
    if (!reuse->fn(input, context)) continue;
    const proto::V1RegionWrite& w = input.scenario().actions(0).v1_write();
    const proto::V1RegionRead& r = input.scenario().actions(1).v1_read();
    // Every shared field moved one way or the other; `value` has no twin.
    EXPECT_EQ(w.device(), r.device());
    EXPECT_EQ(w.offset(), r.offset());
    EXPECT_EQ(w.width(), r.width());
    EXPECT_EQ(w.value(), 7u);
    same_place += r.offset() == 4 ? 1 : 0;
  }
  EXPECT_GT(same_place, 5);
}

TEST(MutatorTest, InsertRacingActionPutsAStateChangeRightAfterDmaOnItsDevice) {
  const MutationOperator* race = FindOperator("InsertRacingAction");
  ASSERT_NE(race, nullptr);
  std::set<std::string> kinds;
  for (uint64_t trial = 0; trial < 60; ++trial) {
    proto::FuzzInput input = TwoV2Devices(
        "actions { v2_get_state { device: 0 } } "
        "actions { device_dma { device: 1 iova: 4096 length: 64 write: true } } "
        "actions { v2_get_state { device: 0 } }");
    Prng prng(trial);
    MutationContext context{prng, TopologyShape::Of(input.scenario().topology())};
    ASSERT_TRUE(race->fn(input, context)) << trial;
    ASSERT_EQ(input.scenario().actions_size(), 4);
    const proto::Action& inserted = input.scenario().actions(2);
    ASSERT_NE(inserted.kind_case(), proto::Action::KIND_NOT_SET);
    const google::protobuf::FieldDescriptor* kind =
        proto::Action::descriptor()->FindFieldByNumber(inserted.kind_case());
    kinds.insert(kind->name());
    const auto& sub = inserted.GetReflection()->GetMessage(inserted, kind);
    const auto* device = sub.GetDescriptor()->FindFieldByName("device");
    ASSERT_NE(device, nullptr) << kind->name();
    EXPECT_EQ(sub.GetReflection()->GetUInt32(sub, device), 1u) << kind->name();
  }
  EXPECT_EQ(kinds.count("device_dma"), 0u) << "a state change, not more DMA";
  EXPECT_GE(kinds.size(), 3u) << "v2_set_state, v1_set_state, reset, close";
  EXPECT_EQ(kinds.count("v2_set_state"), 1u);
}

TEST(MutatorTest, FreshActionsFollowTheSwarm) {
  proto::FuzzInput input = TwoV2Devices("actions { v2_get_state { device: 0 } }");
  input.mutable_swarm()->add_action_kinds(proto::Action::kV2SetState);
  input.mutable_swarm()->add_action_kinds(proto::Action::kDeviceDma);
  Mutator mutator;
  const MutationOperator* insert = FindOperator("InsertAction");
  int enabled = 0, inserted = 0;
  for (uint64_t trial = 0; trial < 200; ++trial) {
    proto::FuzzInput copy = input;
    Prng prng(trial);
    MutationContext context{prng, TopologyShape::Of(copy.scenario().topology())};
    context.swarm_kinds = {proto::Action::kV2SetState, proto::Action::kDeviceDma};
    if (!insert->fn(copy, context)) continue;
    ++inserted;
    for (const proto::Action& a : copy.scenario().actions()) {
      enabled += a.has_v2_set_state() || a.has_device_dma() ? 1 : 0;
    }
  }
  // 7 in 8 from the swarm's kinds; the rest from all of them.
  EXPECT_GT(enabled * 10, inserted * 8) << enabled << " of " << inserted;
  EXPECT_LT(enabled, inserted) << "now and then a kind outside the swarm";
}

TEST(MutatorTest, GuestMmioOffsetsAreTheDeviceRegisters) {
  const google::protobuf::FieldDescriptor* offset =
      proto::GuestMmio::descriptor()->FindFieldByName("offset");
  ASSERT_EQ(RoleOf(*offset), FieldRole::kBarOffset);
  std::set<uint64_t> seen;
  Prng prng(3);
  for (int i = 0; i < 2000; ++i) seen.insert(DrawForField(*offset, {}, prng));
  for (uint64_t reg = 0; reg < 0x80; reg += 8) EXPECT_EQ(seen.count(reg), 1u) << reg;
}

}  // namespace
}  // namespace migsim
