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

#include "absl/strings/str_split.h"
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
  EXPECT_EQ(names.size(), 13u);  // one per file in fuzz/mutators/ but action_list.cc
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

}  // namespace
}  // namespace migsim
