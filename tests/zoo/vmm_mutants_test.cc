// Goal: the zoo's VMM mutants are selected the way the fuzz harness selects
// models and run exactly the defect they claim. The variant table
// (models/vmm/zoo_flows.h) and the zoo's Target::kVmm entries agree; each
// defect is one small change of the flow it is applied to (a step dropped,
// moved, visiting the devices in another order, or another recovery); it
// applies to every built-in flow that holds what it changes and is bad
// input, naming the action's flow field, on the others; zoo::UseModel puts
// the name in Topology.migration.vmm_model (and only there), refusing a
// scenario without a migration; a bad vmm_model is bad input naming the
// field; the fuzz harness selects a mutant through its fixed topology
// (MIGSIM_FUZZ_MODEL); `--reference` (StripModels) clears it; the program a
// mutant runs, as the trace records it, is the transformed one; and its
// runs are deterministic.
// Method: walk vmm::VmmVariants() against vmm::Flows(); validate and judge
// scenarios built on corpus/topologies/default.textproto.
#include <algorithm>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "fuzz/harness.h"
#include "fuzz/harness_config.h"
#include "gtest/gtest.h"
#include "models/scenario_check.h"
#include "models/vmm/flow_registry.h"
#include "models/vmm/vmm_records.h"
#include "models/vmm/zoo_flows.h"
#include "models/zoo/zoo.h"
#include "sim/scenario_io.h"
#include "spec/judge.h"
#include "tests/test_util.h"
#include "tools/scenario_rewrite.h"

namespace migsim::zoo {
namespace {

proto::Scenario DefaultVm(const std::string& flow = "reference", uint32_t rounds = 0) {
  absl::StatusOr<proto::Scenario> s =
      LoadScenarioFile(testing::SourceDir() + "/corpus/topologies/default.textproto");
  EXPECT_TRUE(s.ok()) << s.status();
  if (!s.ok()) return proto::Scenario();
  for (proto::Action& a : *s->mutable_actions()) {
    if (!a.has_vmm_migrate()) continue;
    a.mutable_vmm_migrate()->set_flow(flow);
    a.mutable_vmm_migrate()->mutable_options()->set_precopy_rounds(rounds);
  }
  return *s;
}

// A program as its op names, for comparisons and messages.
std::vector<std::string> Ops(const vmm::FlowDefinition& flow) {
  std::vector<std::string> ops;
  for (const vmm::FlowStep& s : flow.program) ops.emplace_back(vmm::FlowOpName(s.op));
  return ops;
}

bool SameSteps(const vmm::FlowDefinition& a, const vmm::FlowDefinition& b) {
  if (a.program.size() != b.program.size()) return false;
  for (size_t i = 0; i < a.program.size(); ++i) {
    const vmm::FlowStep& x = a.program[i];
    const vmm::FlowStep& y = b.program[i];
    if (x.op != y.op || x.order != y.order || x.arg != y.arg || x.phase != y.phase) return false;
  }
  return a.style.recovery == b.style.recovery && a.style.recover_states == b.style.recover_states;
}

TEST(VmmMutantsTest, EveryVariantIsAZooEntryAndBack) {
  const absl::Span<const vmm::VmmVariant> variants = vmm::VmmVariants();
  ASSERT_GE(variants.size(), 6u);
  std::set<std::string> rules;
  for (const vmm::VmmVariant& v : variants) {
    const ZooEntry* e = Find(v.name);
    ASSERT_NE(e, nullptr) << v.name << " is not in the zoo";
    EXPECT_EQ(e->target, Target::kVmm) << v.name;
    EXPECT_EQ(e->description, v.description);
    EXPECT_EQ(e->clause, v.clause);
    EXPECT_EQ(e->expected_rule, v.expected_rule);
    EXPECT_TRUE(absl::StrContains(NeedsText(*e), v.needs)) << NeedsText(*e);
    EXPECT_EQ(vmm::FindVmmVariant(v.name), &v);
    rules.insert(std::string(v.expected_rule));
  }
  for (const ZooEntry& e : Entries()) {
    if (e.target == Target::kVmm) {
      EXPECT_NE(vmm::FindVmmVariant(e.name), nullptr) << e.name;
    }
  }
  // Spread over orderings (grace barrier, dirty tracking), the end of the
  // migration (RAM, streams) and rollback.
  EXPECT_GE(rules.size(), 5u);
  EXPECT_EQ(vmm::FindVmmVariant("reference"), nullptr);
  EXPECT_EQ(vmm::FindVmmVariant(""), nullptr);
  EXPECT_TRUE(vmm::ZooFlows().empty()) << "VMM mutants are selected through the topology";
}

// Each defect is one small change: the program keeps its steps (one may be
// dropped), and the result differs from the flow it was applied to.
TEST(VmmMutantsTest, EachDefectIsOneSmallChangeOfEveryFlowItFits) {
  for (const vmm::VmmVariant& v : vmm::VmmVariants()) {
    EXPECT_EQ(vmm::VmmVariantMisfit(v, vmm::ReferenceFlow()), "") << v.name;
    int fits = 0;
    for (const vmm::FlowEntry& f : vmm::Flows()) {
      const vmm::FlowDefinition flow = f.factory();
      const std::string misfit = vmm::VmmVariantMisfit(v, flow);
      if (!misfit.empty()) {
        EXPECT_TRUE(absl::StartsWith(misfit, "no "))
            << v.name << " on " << f.name << ": " << misfit;
        continue;
      }
      ++fits;
      const vmm::FlowDefinition mutated = vmm::ApplyVmmVariant(v, flow);
      EXPECT_FALSE(SameSteps(mutated, flow)) << v.name << " does not change " << f.name;
      const std::vector<std::string> ops_before = Ops(flow);
      const std::vector<std::string> ops_after = Ops(mutated);
      const std::multiset<std::string> before(ops_before.begin(), ops_before.end());
      const std::multiset<std::string> after(ops_after.begin(), ops_after.end());
      std::vector<std::string> added;
      std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                          std::back_inserter(added));
      EXPECT_TRUE(added.empty()) << v.name << " adds a step to " << f.name;
      EXPECT_LE(before.size() - after.size(), 1u) << v.name << " on " << f.name;
    }
    EXPECT_GE(fits, 1) << v.name;
  }
  // What some defects need, by name: QEMU 6.2's flow has no P2P grace step
  // on resume and no cross-device stop order to get wrong.
  const vmm::FlowDefinition qemu_v1 = vmm::QemuV1Flow();
  EXPECT_NE(vmm::VmmVariantMisfit(*vmm::FindVmmVariant("vmm_resume_container_order"), qemu_v1), "");
  EXPECT_NE(vmm::VmmVariantMisfit(*vmm::FindVmmVariant("vmm_recover_without_reset"), qemu_v1), "");
  EXPECT_EQ(vmm::VmmVariantMisfit(*vmm::FindVmmVariant("vmm_no_final_dirty_sync"), qemu_v1), "");
}

TEST(VmmMutantsTest, UseModelSetsTheMigrationsVmmModelOnly) {
  proto::Scenario s = DefaultVm();
  const proto::Scenario before = s;
  ASSERT_TRUE(UseModel(s, "vmm_no_final_dirty_sync").ok());
  EXPECT_EQ(s.topology().migration().vmm_model(), "vmm_no_final_dirty_sync");
  s.mutable_topology()->mutable_migration()->clear_vmm_model();
  EXPECT_EQ(s.SerializeAsString(), before.SerializeAsString()) << "nothing else changed";

  proto::Scenario no_vm = testing::ParseScenario(
      "format_version: 1 seed: 1 topology { hosts { guest_pages: 16 } devices { kind: V2_DEVICE } "
      "} actions { vmm_migrate { flow: \"reference\" } }");
  const proto::Scenario unchanged = no_vm;
  const absl::Status st = UseModel(no_vm, "vmm_stop_realize_order");
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(st.message(), "'vmm_stop_realize_order'")) << st;
  EXPECT_TRUE(absl::StrContains(st.message(), "topology.migration")) << st;
  EXPECT_EQ(no_vm.SerializeAsString(), unchanged.SerializeAsString())
      << "a refusal changes nothing";
}

std::string ValidationError(const proto::Scenario& s) {
  const absl::Status st = ValidateScenario(s);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
  return std::string(st.message());
}

TEST(VmmMutantsTest, BadVmmModelAndMisfitFlowAreBadInputNamingTheField) {
  proto::Scenario s = DefaultVm();
  s.mutable_topology()->mutable_migration()->set_vmm_model("no_such");
  std::string e = ValidationError(s);
  EXPECT_TRUE(absl::StrContains(e, "topology.migration.vmm_model: 'no_such' is not a VMM model"))
      << e;
  EXPECT_TRUE(absl::StrContains(e, "vmm_stop_realize_order")) << "lists the known ones: " << e;
  // A device mutant is no VMM model.
  s.mutable_topology()->mutable_migration()->set_vmm_model("v2_stop_no_drain");
  e = ValidationError(s);
  EXPECT_TRUE(absl::StrContains(e, "topology.migration.vmm_model: 'v2_stop_no_drain'")) << e;
  // An absurd name is cut, never echoed whole.
  s.mutable_topology()->mutable_migration()->set_vmm_model(std::string(5000, 'x'));
  EXPECT_LT(ValidationError(s).size(), 600u);

  // The flow a vmm_migrate starts lacks the step the mutant changes.
  proto::Scenario misfit = DefaultVm("qemu_v1");
  ASSERT_TRUE(ValidateScenario(misfit).ok());
  ASSERT_TRUE(UseModel(misfit, "vmm_resume_container_order").ok());
  int migrate = -1;
  for (int i = 0; i < misfit.actions_size() && migrate < 0; ++i) {
    if (misfit.actions(i).has_vmm_migrate()) migrate = i;
  }
  e = ValidationError(misfit);
  EXPECT_TRUE(absl::StrContains(e, absl::StrCat("actions[", migrate,
                                                "].vmm_migrate.flow: 'qemu_v1' cannot take the VMM "
                                                "model 'vmm_resume_container_order'")))
      << e;
  EXPECT_TRUE(absl::StrContains(e, "resume_grace")) << e;
  // Every mutant fits the reference flow the default topology starts.
  for (const vmm::VmmVariant& v : vmm::VmmVariants()) {
    proto::Scenario ok = DefaultVm();
    ASSERT_TRUE(UseModel(ok, v.name).ok());
    EXPECT_TRUE(ValidateScenario(ok).ok()) << v.name << ": " << ValidateScenario(ok);
  }
}

// The fuzz harness's selection: MIGSIM_FUZZ_MODEL on the campaign's fixed
// TOPOLOGY, the actions the engine's. With FAIL_ON=user the mutant's rule
// is the crash; without the model the same input runs clean.
TEST(VmmMutantsTest, HarnessSelectsAVmmMutantThroughTheFixedTopology) {
  HarnessEnv env;
  env.topology = testing::SourceDir() + "/corpus/topologies/default.textproto";
  env.fail_on = "user";
  proto::FuzzInput input;
  *input.mutable_scenario() = DefaultVm();
  input.mutable_scenario()->clear_topology();  // the fixed topology's is used
  const std::string bytes = input.SerializeAsString();

  absl::StatusOr<HarnessConfig> reference = MakeHarnessConfig(env);
  ASSERT_TRUE(reference.ok()) << reference.status();
  Harness clean(*std::move(reference));
  EXPECT_EQ(clean.Run(bytes, {}).outcome, HarnessOutcome::kClean);

  env.model = "vmm_no_final_dirty_sync";
  absl::StatusOr<HarnessConfig> config = MakeHarnessConfig(env);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->topology->topology().migration().vmm_model(), env.model);
  Harness harness(*std::move(config));
  const HarnessResult& r = harness.Run(bytes, {});
  ASSERT_EQ(r.outcome, HarnessOutcome::kViolation) << r.invalid;
  EXPECT_EQ(r.violation.rule->id, "USER-VM-RAM-MATCHES");

  // A topology without a migration cannot take a VMM mutant: bad config.
  env.topology = testing::SourceDir() + "/fuzz/topologies/default.textproto";
  const absl::StatusOr<HarnessConfig> no_vm = MakeHarnessConfig(env);
  ASSERT_FALSE(no_vm.ok());
  EXPECT_TRUE(absl::StartsWith(no_vm.status().message(), "MIGSIM_FUZZ_MODEL: ")) << no_vm.status();
  EXPECT_TRUE(absl::StrContains(no_vm.status().message(), "topology.migration")) << no_vm.status();
}

TEST(VmmMutantsTest, ReferenceRewriteClearsTheVmmModel) {
  proto::Scenario s = DefaultVm();
  ASSERT_TRUE(UseModel(s, "vmm_dirty_stop_in_grace").ok());
  StripModels(s);
  EXPECT_EQ(s.topology().migration().vmm_model(), "");
}

// The ops of the FLOW_STEP records of `world`'s trace, one per step run
// (repeats of a per-device op, and await_end's two records, collapsed).
std::vector<std::string> RecordedOps(const World& world) {
  std::vector<std::string> ops;
  const Trace& t = world.trace();
  for (uint64_t i = t.first_stored(); i < t.count(); ++i) {
    const TraceRecord& r = t.at(i);
    if (r.kind != vmm::kRecordFlowStep || r.result != 0) continue;
    const std::string op(vmm::FlowOpName(static_cast<vmm::FlowOp>(r.arg[2])));
    if (ops.empty() || ops.back() != op) ops.push_back(op);
  }
  return ops;
}

TEST(VmmMutantsTest, TheMutantRunsTheTransformedProgramDeterministically) {
  JudgeOptions keep_going;
  keep_going.keep_going = true;
  absl::StatusOr<JudgedRun> reference = Judge(DefaultVm(), keep_going);
  ASSERT_TRUE(reference.ok()) << reference.status();
  for (const vmm::VmmVariant& v : vmm::VmmVariants()) {
    proto::Scenario s = DefaultVm();
    ASSERT_TRUE(UseModel(s, v.name).ok());
    absl::StatusOr<JudgedRun> a = Judge(s, keep_going);
    absl::StatusOr<JudgedRun> b = Judge(s, keep_going);
    ASSERT_TRUE(a.ok() && b.ok()) << v.name;
    EXPECT_EQ(a->verdict.trace_hash, b->verdict.trace_hash) << v.name;
    // Without pre-copy rounds every step of the program runs once, in
    // program order, except the empty pre-copy round.
    std::vector<std::string> want;
    for (const std::string& op : Ops(vmm::ApplyVmmVariant(v, vmm::ReferenceFlow()))) {
      if (op != "precopy_round") want.push_back(op);
    }
    EXPECT_EQ(RecordedOps(a->world), want) << v.name;
    // A changed program changes the run; a changed recovery only shows
    // when something fails (vmm_recover_without_reset's trigger).
    if (Ops(vmm::ApplyVmmVariant(v, vmm::ReferenceFlow())) != Ops(vmm::ReferenceFlow()) ||
        v.name == "vmm_stop_realize_order" || v.name == "vmm_resume_container_order") {
      EXPECT_NE(a->verdict.trace_hash, reference->verdict.trace_hash) << v.name;
    }
  }
}

}  // namespace
}  // namespace migsim::zoo
