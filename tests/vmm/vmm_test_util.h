// File: tests/vmm/vmm_test_util.h
// Helpers for the whole-VM tests: load the default topology and swap its
// flow or options, add actions, judge with every monitor (keep going, so
// every violation shows), run a flow that is in no registry, and look at the
// trace the run left.
#ifndef MIGSIM_TESTS_VMM_VMM_TEST_UTIL_H_
#define MIGSIM_TESTS_VMM_VMM_TEST_UTIL_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "models/action_runner.h"
#include "models/device_factory.h"
#include "models/vmm/flow_program.h"
#include "models/vmm/migration.h"
#include "models/vmm/vmm_records.h"
#include "sim/limits.h"
#include "sim/scenario_io.h"
#include "spec/judge.h"
#include "spec/monitor_set.h"
#include "spec/rule_registry.h"
#include "tests/test_util.h"

namespace migsim::vmm_testing {

inline const char* kDefaultTopology = "corpus/topologies/default.textproto";

inline proto::Scenario Load(const std::string& relative) {
  absl::StatusOr<proto::Scenario> s = LoadScenarioFile(testing::SourceDir() + "/" + relative);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : proto::Scenario();
}

// The default topology's scenario with its migration under `flow` and
// `precopy_rounds` pre-copy rounds.
inline proto::Scenario Default(const std::string& flow = "reference", uint32_t rounds = 2) {
  proto::Scenario s = Load(kDefaultTopology);
  for (proto::Action& a : *s.mutable_actions()) {
    if (!a.has_vmm_migrate()) continue;
    a.mutable_vmm_migrate()->set_flow(flow);
    a.mutable_vmm_migrate()->mutable_options()->set_precopy_rounds(rounds);
  }
  return s;
}

// Inserts `text` (textproto actions) just before the first vmm_migrate.
inline proto::Scenario BeforeMigrate(proto::Scenario s, const std::string& text) {
  const proto::Scenario extra = testing::ParseScenario(absl::StrCat("format_version: 1 ", text));
  proto::Scenario out = s;
  out.clear_actions();
  bool done = false;
  for (const proto::Action& a : s.actions()) {
    if (!done && a.has_vmm_migrate()) {
      for (const proto::Action& e : extra.actions()) *out.add_actions() = e;
      done = true;
    }
    *out.add_actions() = a;
  }
  EXPECT_TRUE(done) << "no vmm_migrate in the scenario";
  return out;
}

// The rule IDs a verdict reports (device and user), as a set.
inline std::set<std::string> RuleIds(const Verdict& v) {
  std::set<std::string> ids;
  for (const auto* list : {&v.device_violations, &v.user_errors}) {
    for (const Violation& x : *list) ids.insert(std::string(x.rule->id));
  }
  return ids;
}

// Every explanation of a verdict, "ID: explanation", for failure messages
// and substring checks.
inline std::string Explain(const Verdict& v) {
  std::string out;
  for (const auto* list : {&v.device_violations, &v.user_errors}) {
    for (const Violation& x : *list) absl::StrAppend(&out, FormatViolation(x), "\n");
  }
  if (!v.liveness_failure.empty()) absl::StrAppend(&out, "LIVENESS ", v.liveness_failure, "\n");
  return out;
}

inline JudgedRun JudgeAll(const proto::Scenario& s, DeviceOverride override = nullptr) {
  JudgeOptions options;
  options.keep_going = true;
  options.device_override = std::move(override);
  absl::StatusOr<JudgedRun> run = Judge(s, options);
  EXPECT_TRUE(run.ok()) << run.status();
  if (!run.ok()) std::abort();
  return *std::move(run);
}

// Builds topology device `index` (a V2_DEVICE) as `Driver`, a V2Device
// subclass (a deliberately wrong driver); every other device as usual.
template <typename Driver>
DeviceOverride V2DriverAt(uint32_t index) {
  return [index](const proto::Device& d, uint32_t i,
                 uint64_t) -> absl::StatusOr<std::unique_ptr<SimDevice>> {
    if (i != index) return std::unique_ptr<SimDevice>();
    const uint64_t bar = d.bar_size() != 0 ? d.bar_size() : kBarSizeDefault;
    return std::unique_ptr<SimDevice>(new Driver(i, static_cast<uint16_t>(d.host()), bar, d.v2()));
  };
}

// The stored records of `kind`.
inline std::vector<TraceRecord> Records(const World& world, uint16_t kind) {
  std::vector<TraceRecord> out;
  const Trace& t = world.trace();
  for (uint64_t i = t.first_stored(); i < t.count(); ++i) {
    if (t.at(i).kind == kind) out.push_back(t.at(i));
  }
  return out;
}

// The outcome of the last migration (kOutcome*), or -1 when none ended.
inline int64_t LastOutcome(const World& world) {
  const std::vector<TraceRecord> ends = Records(world, vmm::kRecordMigrationEnd);
  return ends.empty() ? -1 : static_cast<int64_t>(ends.back().arg[1]);
}

// Runs `s` with its vmm_migrate replaced by `flow` (a program in no
// registry, through Migration::StartCustom) run to its end, then feeds the
// whole trace to every monitor. Returns the rule IDs reported.
struct CustomRun {
  std::vector<std::string> ids;
  std::vector<std::string> explanations;
};
inline CustomRun RunCustom(const proto::Scenario& s, const vmm::FlowDefinition& flow) {
  absl::StatusOr<World> world = CreateWorld(s);
  EXPECT_TRUE(world.ok()) << world.status();
  if (!world.ok()) return {};
  for (int i = 0; i < s.actions_size(); ++i) {
    world->set_action_index(i);
    const proto::Action& a = s.actions(i);
    if (a.has_vmm_migrate()) {
      vmm::Migration* m = vmm::Migration::Find(*world);
      m->StartCustom(*world, flow, a.vmm_migrate().options());
      m->RunToEnd(*world);
    } else if (!a.has_vmm_step() && !a.has_vmm_run()) {
      ApplyAction(*world, a);
    }
  }
  testing::CollectingSink sink;
  std::vector<std::unique_ptr<Monitor>> monitors = CreateMonitors(s);
  const Trace& t = world->trace();
  for (uint64_t i = t.first_stored(); i < t.count(); ++i) {
    for (auto& m : monitors) m->OnRecord(t.at(i), t.payload(t.at(i)), sink);
  }
  for (auto& m : monitors) m->OnEnd(world->now(), sink);
  return CustomRun{sink.ids, sink.explanations};
}

}  // namespace migsim::vmm_testing

#endif  // MIGSIM_TESTS_VMM_VMM_TEST_UTIL_H_
