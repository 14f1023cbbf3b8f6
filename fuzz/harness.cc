// File: fuzz/harness.cc
#include "fuzz/harness.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "fuzz/fuzz_input.h"
#include "google/protobuf/descriptor.h"
#include "sim/check.h"
#include "spec/coverage.h"
#include "spec/judge.h"

namespace migsim {
namespace {

// Replaces `scenario`'s topology-level settings with the fixed ones.
void UseFixedTopology(const proto::Scenario& fixed, proto::Scenario& scenario) {
  scenario.set_format_version(fixed.format_version());
  *scenario.mutable_topology() = fixed.topology();
  *scenario.mutable_bounds() = fixed.bounds();
}

// Lowers the run's event bound to the harness's (0 = the scenario's own).
void CapEvents(uint64_t events_max, proto::Scenario& scenario) {
  if (events_max == 0) return;
  const uint64_t own = scenario.bounds().events_max();
  if (own == 0 || own > events_max) scenario.mutable_bounds()->set_events_max(events_max);
}

std::string KindName(const proto::Scenario& scenario, int32_t action_index) {
  if (action_index < 0 || action_index >= scenario.actions_size()) return "-";
  const int kind = scenario.actions(action_index).kind_case();
  const google::protobuf::FieldDescriptor* field =
      proto::Action::descriptor()->FindFieldByNumber(kind);
  return field != nullptr ? field->name() : "-";
}

}  // namespace

absl::StatusOr<proto::Scenario> PrepareScenario(const HarnessConfig& config,
                                                const proto::FuzzInput& input) {
  proto::Scenario scenario = ScenarioOf(input);
  if (config.topology.has_value()) {
    UseFixedTopology(*config.topology, scenario);
  } else {
    for (const std::string& model : config.models) {
      if (absl::Status s = ApplyModel(scenario, model); !s.ok()) return s;
    }
  }
  CapEvents(config.events_max, scenario);
  return scenario;
}

Harness::Harness(HarnessConfig config) : config_(std::move(config)) {}

bool Harness::Prepare(absl::string_view bytes) {
  input_.Clear();
  if (!input_.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    result_.invalid = absl::InvalidArgumentError("not a binary FuzzInput");
    return false;
  }
  // ScenarioOf without a copy: the parsed scenario moves over and the swarm
  // filters it in place.
  scenario_.Swap(input_.mutable_scenario());
  ApplySwarm(input_.swarm(), scenario_);
  if (config_.topology.has_value()) {
    UseFixedTopology(*config_.topology, scenario_);
  } else {
    for (const std::string& model : config_.models) {
      if (absl::Status s = ApplyModel(scenario_, model); !s.ok()) {
        result_.invalid = s;
        return false;
      }
    }
  }
  CapEvents(config_.events_max, scenario_);
  result_.scenario = &scenario_;
  return true;
}

const HarnessResult& Harness::Run(absl::string_view bytes, absl::Span<uint8_t> coverage) {
  result_ = HarnessResult();
  if (!Prepare(bytes)) {
    if (config_.log) {
      std::fprintf(stderr, "migsim harness: invalid: %s\n", result_.invalid.ToString().c_str());
    }
    return result_;
  }
  JudgeOptions options;
  options.keep_records = false;
  options.keep_going = KeepGoingFor(config_.fail_on);
  options.device_override = config_.device_override;
  std::optional<CoverageRecorder> recorder;
  if (!coverage.empty()) {
    recorder.emplace(scenario_, coverage);
    options.observer = recorder->AsObserver();
  }
  absl::StatusOr<JudgedRun> run = Judge(scenario_, options);
  if (!run.ok()) {
    result_.invalid = run.status();
    if (config_.log) {
      std::fprintf(stderr, "migsim harness: invalid: %s\n", run.status().ToString().c_str());
    }
    return result_;
  }
  const Verdict& verdict = run->verdict;
  if (const Violation* failing = DecisiveViolation(verdict, config_.fail_on)) {
    const bool hunted = config_.only_rule.empty() || failing->rule->id == config_.only_rule;
    result_.outcome = hunted ? HarnessOutcome::kViolation : HarnessOutcome::kOtherRule;
    result_.violation = *failing;
  } else {
    result_.outcome =
        verdict.liveness_failure.empty() ? HarnessOutcome::kClean : HarnessOutcome::kLiveness;
  }
  if (config_.log) {
    std::fprintf(stderr, "migsim harness: %d actions, trace_hash=0x%016llx, %s\n",
                 verdict.actions_run, static_cast<unsigned long long>(verdict.trace_hash),
                 result_.outcome == HarnessOutcome::kViolation   ? "violation"
                 : result_.outcome == HarnessOutcome::kOtherRule ? "violation of another rule"
                 : result_.outcome == HarnessOutcome::kLiveness  ? "liveness"
                                                                 : "clean");
  }
  return result_;
}

std::string CrashLine(const proto::Scenario& scenario, const Violation& v) {
  MIGSIM_CHECK(v.rule != nullptr);
  const bool has_device =
      v.device != kNoDevice && v.device < static_cast<uint32_t>(scenario.topology().devices_size());
  std::string model = "-";
  if (has_device && !scenario.topology().devices(v.device).model().empty()) {
    model = scenario.topology().devices(v.device).model();
  }
  return absl::StrCat("==MIGSIM== VIOLATION rule=", v.rule->id, " action=", v.action_index,
                      " kind=", KindName(scenario, v.action_index),
                      " device=", has_device ? absl::StrCat(v.device) : "-", " model=", model);
}

void ReportViolationAndAbort(const HarnessResult& result, absl::string_view mutations) {
  MIGSIM_CHECK(result.outcome == HarnessOutcome::kViolation && result.scenario != nullptr);
  const std::string line = CrashLine(*result.scenario, result.violation);
  const std::string text = FormatViolation(result.violation);
  std::fprintf(stderr, "%s\n%s\n", line.c_str(), text.c_str());
  if (!mutations.empty()) {
    std::fprintf(stderr, "==MIGSIM== MUTATIONS %.*s\n", static_cast<int>(mutations.size()),
                 mutations.data());
  }
  std::fflush(stderr);
  std::abort();
}

}  // namespace migsim
