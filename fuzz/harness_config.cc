// File: fuzz/harness_config.cc
#include "fuzz/harness_config.h"

#include <cstdlib>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "fuzz/planted_models.h"
#include "models/scenario_check.h"
#include "models/zoo/zoo.h"
#include "sim/limits.h"
#include "sim/scenario_io.h"
#include "spec/rule_registry.h"

namespace migsim {
namespace {

std::string Getenv(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

// Prefixes `status`'s message with the variable's name, keeping its code.
absl::Status Named(const char* variable, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(variable, ": ", status.message()));
}

absl::StatusOr<FailOn> ParseFailOn(const std::string& value) {
  if (value.empty()) return FailOn::kDevice;
  if (const std::optional<FailOn> fail_on = FailOnFromName(value)) return *fail_on;
  return absl::InvalidArgumentError(
      absl::StrCat("MIGSIM_FUZZ_FAIL_ON: '", value, "' is not device, user or any"));
}

absl::StatusOr<std::vector<std::string>> ParseModels(const std::string& value) {
  std::vector<std::string> models;
  if (value.empty()) return models;
  for (absl::string_view name : absl::StrSplit(value, ',')) {
    if (name.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("MIGSIM_FUZZ_MODEL: empty name in '", value, "'"));
    }
    const bool known =
        IsPlantedName(name) ? FindPlantedModel(name) != nullptr : zoo::Find(name) != nullptr;
    if (!known) {
      return absl::NotFoundError(absl::StrCat("MIGSIM_FUZZ_MODEL: '", name,
                                              "' is neither a zoo mutant (see `migsim zoo`) nor "
                                              "a planted model (",
                                              PlantedModelNames(), ")"));
    }
    models.emplace_back(name);
  }
  return models;
}

absl::StatusOr<uint64_t> ParseEventsMax(const std::string& value) {
  if (value.empty()) return kFuzzEventsMaxDefault;
  uint64_t n = 0;
  if (!absl::SimpleAtoi(value, &n) || n > kEventsMaxLimit) {
    return absl::InvalidArgumentError(absl::StrCat(
        "MIGSIM_FUZZ_EVENTS_MAX: '", value, "' is not a number in [0, ", kEventsMaxLimit, "]"));
  }
  return n;
}

absl::StatusOr<std::string> ParseOnlyRule(const std::string& value) {
  if (value.empty() || FindRule(value) != nullptr) return value;
  return absl::NotFoundError(absl::StrCat("MIGSIM_FUZZ_ONLY_RULE: '", value,
                                          "' is not a rule ID (spec/README.md lists them)"));
}

// The fixed-topology part of the scenario at `path`, validated, models in.
absl::StatusOr<proto::Scenario> LoadTopology(const std::string& path,
                                             const std::vector<std::string>& models) {
  absl::StatusOr<proto::Scenario> loaded = LoadScenarioFile(path);
  if (!loaded.ok()) return Named("MIGSIM_FUZZ_TOPOLOGY", loaded.status());
  proto::Scenario fixed;
  fixed.set_format_version(loaded->format_version());
  fixed.set_seed(loaded->seed());
  *fixed.mutable_topology() = loaded->topology();
  *fixed.mutable_bounds() = loaded->bounds();
  for (const std::string& model : models) {
    if (absl::Status s = ApplyModel(fixed, model); !s.ok()) return Named("MIGSIM_FUZZ_MODEL", s);
  }
  if (absl::Status s = ValidateScenario(fixed); !s.ok()) {
    return Named("MIGSIM_FUZZ_TOPOLOGY",
                 absl::Status(s.code(), absl::StrCat(path, ": ", s.message())));
  }
  return fixed;
}

}  // namespace

HarnessEnv HarnessEnv::FromProcess() {
  return {Getenv("MIGSIM_FUZZ_TOPOLOGY"),   Getenv("MIGSIM_FUZZ_MODEL"),
          Getenv("MIGSIM_FUZZ_FAIL_ON"),    Getenv("MIGSIM_FUZZ_LOG"),
          Getenv("MIGSIM_FUZZ_EVENTS_MAX"), Getenv("MIGSIM_FUZZ_ONLY_RULE")};
}

absl::Status ApplyModel(proto::Scenario& scenario, const std::string& name) {
  if (IsPlantedName(name)) return UsePlantedModel(scenario, name);
  return zoo::UseModel(scenario, name);
}

absl::StatusOr<HarnessConfig> MakeHarnessConfig(const HarnessEnv& env) {
  HarnessConfig config;
  absl::StatusOr<FailOn> fail_on = ParseFailOn(env.fail_on);
  if (!fail_on.ok()) return fail_on.status();
  config.fail_on = *fail_on;
  if (!env.log.empty() && env.log != "0" && env.log != "1") {
    return absl::InvalidArgumentError(
        absl::StrCat("MIGSIM_FUZZ_LOG: '", env.log, "' is not 0 or 1"));
  }
  config.log = env.log == "1";
  absl::StatusOr<uint64_t> events_max = ParseEventsMax(env.events_max);
  if (!events_max.ok()) return events_max.status();
  config.events_max = *events_max;
  absl::StatusOr<std::string> only_rule = ParseOnlyRule(env.only_rule);
  if (!only_rule.ok()) return only_rule.status();
  config.only_rule = *std::move(only_rule);
  absl::StatusOr<std::vector<std::string>> models = ParseModels(env.model);
  if (!models.ok()) return models.status();
  if (!env.topology.empty()) {
    absl::StatusOr<proto::Scenario> fixed = LoadTopology(env.topology, *models);
    if (!fixed.ok()) return fixed.status();
    config.topology = *std::move(fixed);
  } else {
    config.models = *std::move(models);
  }
  config.device_override = PlantedOverride(nullptr);
  return config;
}

}  // namespace migsim
