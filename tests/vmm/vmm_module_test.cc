// Goal: the whole-VM family's entry points: bad input is refused with the
// field path and the value (topology.migration, every vmm_* action and fault
// field), records render readably with protocol coverage keys and timeline
// phases, the rules are registered with a test that exists and a row in
// spec/README.md, and the runtime answers (a second migration while one
// runs, a step with none, a flow that never ends) are recorded, not
// skipped.
// Method: call ValidateScenario / CreateWorld on edited default scenarios,
// FormatRecord / CoverageKey / PhaseAfter on records of a real run, read the
// test sources and spec/README.md.
#include "models/vmm/vmm_module.h"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "fuzz/fuzz_input.h"
#include "gtest/gtest.h"
#include "models/record_format.h"
#include "models/scenario_check.h"
#include "models/vmm/migration_channel.h"
#include "spec/family_rules.h"
#include "tests/vmm/vmm_test_util.h"

namespace migsim {
namespace {

using vmm_testing::Default;

std::string Error(const proto::Scenario& s) {
  const absl::Status st = ValidateScenario(s);
  return st.ok() ? "ok" : std::string(st.message());
}

proto::Scenario WithAction(const std::string& text) {
  return vmm_testing::BeforeMigrate(Default(), text);
}

TEST(VmmModuleTest, BadTopologyNamesTheField) {
  proto::Scenario s = Default();
  s.mutable_topology()->mutable_migration()->set_destination_host(0);
  EXPECT_EQ(Error(s), "topology.migration.destination_host: 0 is the source host too");
  s = Default();
  s.mutable_topology()->mutable_migration()->set_source_host(5);
  EXPECT_EQ(Error(s), "topology.migration.source_host: 5 names no host (the topology has 2)");
  s = Default();
  s.mutable_topology()->mutable_migration()->mutable_pairs(1)->set_destination_device(1);
  EXPECT_EQ(Error(s),
            "topology.migration.pairs[1].destination_device: 1 is on host 0, not the destination "
            "host 1");
  s = Default();
  s.mutable_topology()->mutable_migration()->mutable_pairs(1)->set_destination_device(5);
  EXPECT_EQ(Error(s),
            "topology.migration.pairs[1].destination_device: 5 is already in another pair");
  s = Default();
  s.mutable_topology()->mutable_migration()->mutable_pairs(0)->set_destination_device(6);
  s.mutable_topology()->mutable_migration()->mutable_pairs(1)->set_destination_device(5);
  EXPECT_EQ(Error(s),
            "topology.migration.pairs[0].destination_device: 6 is not a compatible device for 0 "
            "(kind, v1 variant and internal state size must match)");
  s = Default();
  s.mutable_topology()->mutable_hosts(1)->set_guest_pages(2048);
  EXPECT_EQ(Error(s),
            "topology.migration.destination_host: guest RAM differs from the source's (2048 pages "
            "of 4096 B vs 1024 of 4096 B)");
  s = Default();
  s.mutable_topology()->mutable_migration()->clear_pairs();
  EXPECT_EQ(Error(s), "topology.migration.pairs: at least one pair");
  s = Default();
  s.mutable_topology()->mutable_migration()->mutable_channel()->set_ram_pages_per_message(5000);
  EXPECT_EQ(Error(s),
            "topology.migration.channel.ram_pages_per_message: 5000 exceeds the limit 4096");
}

TEST(VmmModuleTest, BadActionsNameTheField) {
  proto::Scenario s = Default();
  for (proto::Action& a : *s.mutable_actions()) {
    if (a.has_vmm_migrate()) a.mutable_vmm_migrate()->set_flow("qemu_v9");
  }
  EXPECT_EQ(Error(s).substr(0, 67),
            "actions[3].vmm_migrate.flow: 'qemu_v9' is not a known flow (known: ");
  EXPECT_NE(Error(s).find("reference, qemu_v1, qemu_v2"), std::string::npos);
  EXPECT_EQ(Error(WithAction("actions { vmm_step { steps: 0 } }")),
            "actions[3].vmm_step.steps: 0 is outside [1, 1000000]");
  EXPECT_EQ(Error(WithAction("actions { arm_channel_fault { } }")),
            "actions[3].arm_channel_fault.channel_fault: 0 is not DROP, CORRUPT, TRUNCATE, "
            "REORDER or DELAY");
  EXPECT_EQ(Error(WithAction("actions { arm_channel_fault { channel_fault: DELAY } }")),
            "actions[3].arm_channel_fault.delay_ns: 0 is outside [1, 1000000000]");
  EXPECT_EQ(Error(WithAction("actions { arm_channel_fault { channel_fault: DROP delay_ns: 5 } }")),
            "actions[3].arm_channel_fault.delay_ns: 5: only DELAY takes a delay");
  s = Default();
  for (proto::Action& a : *s.mutable_actions()) {
    if (a.has_vmm_migrate()) a.mutable_vmm_migrate()->mutable_options()->set_precopy_rounds(5000);
  }
  EXPECT_EQ(Error(s), "actions[3].vmm_migrate.options.precopy_rounds: 5000 exceeds the limit 1000");
}

// Without topology.migration the VMM has nothing to migrate: every migration
// action is answered -ENODEV at run time and changes nothing (not bad input,
// so fuzzed action lists run on any topology).
TEST(VmmModuleTest, MigrationActionsWithoutAMigrationTopologyAnswerEnodev) {
  proto::Scenario s = Default();
  s.mutable_topology()->clear_migration();
  s.add_actions()->mutable_vmm_step()->set_steps(3);
  s.add_actions()->mutable_vmm_run();
  s.add_actions()->mutable_arm_channel_fault()->set_channel_fault(proto::DROP);
  const JudgedRun run = vmm_testing::JudgeAll(s);
  int refused = 0;
  const Trace& t = run.world.trace();
  for (uint64_t i = t.first_stored(); i < t.count(); ++i) {
    const TraceRecord& r = t.at(i);
    if (r.kind < kVmmRecordFirst || r.kind >= vmm::kVmmRecordKindEnd) continue;
    EXPECT_EQ(r.result, -ENODEV) << RecordKindName(r.kind);
    ++refused;
  }
  int migration_actions = 0;  // the default's own and the three added above
  for (const proto::Action& a : s.actions()) {
    migration_actions += vmm::IsAction(a);
  }
  EXPECT_GE(migration_actions, 4);
  EXPECT_EQ(refused, migration_actions);
  EXPECT_TRUE(run.verdict.device_violations.empty());
  EXPECT_TRUE(run.verdict.liveness_failure.empty());
}

TEST(VmmModuleTest, RecordsRenderWithCoverageAndPhases) {
  const JudgedRun run = vmm_testing::JudgeAll(Default());
  std::map<std::string, std::string> first;  // kind name -> first rendering
  std::set<uint32_t> step_keys;
  std::vector<std::string> phases;
  const Trace& t = run.world.trace();
  for (uint64_t i = t.first_stored(); i < t.count(); ++i) {
    const TraceRecord& r = t.at(i);
    if (r.kind < kVmmRecordFirst || r.kind >= vmm::kVmmRecordKindEnd) continue;
    first.try_emplace(RecordKindName(r.kind), FormatRecord(r, t.payload(r)));
    if (r.kind == vmm::kRecordFlowStep) step_keys.insert(*vmm::CoverageKey(r));
    if (auto p = vmm::PhaseAfter(r)) phases.push_back(*p);
  }
  EXPECT_EQ(first["VMM_MIGRATION_START"].find(" #1 flow=reference to=h1 pairs=5"),
            first["VMM_MIGRATION_START"].find(" #1"));
  EXPECT_NE(first["VMM_CHANNEL_SEND"].find("ram first_page=0 pages=256"), std::string::npos)
      << first["VMM_CHANNEL_SEND"];
  EXPECT_NE(first["VMM_STOP_POINT"].find("pages=1024 devices=5"), std::string::npos);
  EXPECT_NE(first["VMM_COMMIT"].find("differ=0 end=1"), std::string::npos);
  EXPECT_NE(first["VMM_MIGRATION_END"].find("completed"), std::string::npos);
  EXPECT_EQ(phases, (std::vector<std::string>{"setup", "dirty tracking", "pre-copy", "vIOMMU grace",
                                              "P2P grace", "stop-and-copy", "resume",
                                              "resume P2P grace", "running", "ended: completed"}));
  EXPECT_GE(step_keys.size(), 15u);  // one key per op reached
  EXPECT_EQ(vmm::PhaseName(99), "?");
}

TEST(VmmModuleTest, RuntimeAnswersAreRecorded) {
  // A second start while one runs is refused (-EBUSY); a step with no
  // migration says so (-ENOENT); a bound on steps is a liveness failure.
  const proto::Scenario s =
      vmm_testing::BeforeMigrate(Default(), "actions { vmm_step { steps: 1 } }");
  proto::Scenario twice = s;
  twice.clear_actions();
  for (const proto::Action& a : s.actions()) {
    *twice.add_actions() = a;
    if (a.has_vmm_migrate()) *twice.add_actions() = a;
  }
  const JudgedRun run = vmm_testing::JudgeAll(twice);
  const std::vector<TraceRecord> starts =
      vmm_testing::Records(run.world, vmm::kRecordMigrationStart);
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_EQ(starts[0].result, 0);
  EXPECT_EQ(starts[1].result, -EBUSY);
  EXPECT_TRUE(run.verdict.clean()) << vmm_testing::Explain(run.verdict);
  bool no_migration = false;
  for (const TraceRecord& r : vmm_testing::Records(run.world, vmm::kRecordFlowStep)) {
    no_migration |= r.result == -ENOENT;
  }
  EXPECT_TRUE(no_migration);

  proto::Scenario bounded = Default();
  for (proto::Action& a : *bounded.mutable_actions()) {
    if (a.has_vmm_migrate()) a.mutable_vmm_migrate()->mutable_options()->set_steps_max(30);
  }
  const JudgedRun stuck = vmm_testing::JudgeAll(bounded);
  EXPECT_EQ(stuck.verdict.liveness_failure.rfind("pending: flow 'reference' at step ", 0), 0u)
      << stuck.verdict.liveness_failure;
}

TEST(VmmModuleTest, ChannelKeepsOrderAndDigests) {
  vmm::ChannelMessage m;
  m.kind = vmm::kMessageRam;
  m.first_page = 7;
  m.pages = {1, 2, 3};
  const uint64_t d = vmm::ContentDigest(m);
  m.pages[1] = 4;
  EXPECT_NE(vmm::ContentDigest(m), d);
  m.pages[1] = 2;
  m.first_page = 8;
  EXPECT_NE(vmm::ContentDigest(m), d);  // the same content at other pages differs
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(VmmModuleTest, RulesHaveTestsAndReadmeRows) {
  std::string sources;
  for (const auto& e : std::filesystem::directory_iterator(testing::SourceDir() + "/tests/vmm")) {
    if (e.path().extension() == ".cc") sources += ReadAll(e.path().string());
  }
  const std::string readme = ReadAll(testing::SourceDir() + "/spec/README.md");
  ASSERT_NE(readme.find("\n## Whole-VM rules"), std::string::npos);
  EXPECT_EQ(vmm::Rules().size(), 8u);
  for (const Rule* rule : vmm::Rules()) {
    SCOPED_TRACE(std::string(rule->id));
    const std::string test(rule->test);
    const size_t dot = test.find('.');
    ASSERT_NE(dot, std::string::npos);
    EXPECT_NE(
        sources.find(absl::StrCat("TEST(", test.substr(0, dot), ", ", test.substr(dot + 1), ")")),
        std::string::npos)
        << "no test " << test;
    const size_t row = readme.find(absl::StrCat("| ", rule->id, " |"));
    ASSERT_NE(row, std::string::npos) << "no README row";
    const std::string line = readme.substr(row, readme.find('\n', row) - row);
    EXPECT_NE(line.find(absl::StrCat("| ", rule->test, " |")), std::string::npos) << line;
    EXPECT_NE(line.find(rule->owner == Owner::kDevice ? "| device |" : "| user |"),
              std::string::npos)
        << line;
  }
}

}  // namespace
}  // namespace migsim

namespace migsim {
namespace {

TEST(VmmModuleTest, SwarmFiltersChannelFaultsByKind) {
  // fuzz/fuzz_input.h's swarm reads the field named channel_fault.
  proto::Swarm swarm;
  swarm.add_channel_faults(proto::DROP);
  const proto::Scenario s = testing::ParseScenario(
      "format_version: 1 actions { arm_channel_fault { channel_fault: DROP } } "
      "actions { arm_channel_fault { channel_fault: CORRUPT } }");
  EXPECT_TRUE(SwarmAllows(swarm, s.actions(0)));
  EXPECT_FALSE(SwarmAllows(swarm, s.actions(1)));
  EXPECT_TRUE(SwarmAllows(proto::Swarm(), s.actions(1)));
}

}  // namespace
}  // namespace migsim
