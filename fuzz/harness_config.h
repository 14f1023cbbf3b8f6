// File: fuzz/harness_config.h
//
// HarnessConfig: what a fuzz target process reads once at start-up, from
// the environment (the contract with `migsim fuzz`, fuzz/README.md):
//   MIGSIM_FUZZ_TOPOLOGY=FILE  a scenario file (.textproto or binary .pb)
//       whose format_version, topology and bounds replace every input's, so
//       a campaign fixes the topology while the engine mutates the actions
//       and the seed; its actions are ignored.
//   MIGSIM_FUZZ_MODEL=NAME[,NAME...]  model swaps (zoo::UseModel, or one of
//       the harness's planted test models, fuzz/planted_models.h), applied
//       once to the fixed topology, or to each input's topology without one.
//   MIGSIM_FUZZ_FAIL_ON=device|user|any  which violations crash (default
//       device: device violations only; user: user protocol errors only, for
//       campaigns that target VMM flows; any: both).
//   MIGSIM_FUZZ_ONLY_RULE=ID  hunt one rule (spec/rule.h Rule.id): a run
//       whose deciding violation (spec/fail_on.h) breaks another rule is no
//       crash, and is kept out of the corpus as a crash would be
//       (HarnessOutcome::kOtherRule). The detection benchmark and
//       `migsim fuzz --only_rule` time the search for one mutant's rule
//       with it; unset (the default), every violation crashes.
//   MIGSIM_FUZZ_EVENTS_MAX=N  the most simulated events one input may run
//       (default kFuzzEventsMaxDefault; 0 keeps each scenario's own bound):
//       a scenario's bounds.events_max is lowered to it, so one input that
//       advances a ticking device by seconds costs milliseconds, not
//       seconds, and ends as a liveness failure (never a crash).
//   MIGSIM_FUZZ_LOG=1  one line on stderr per input (invalid reason or
//       verdict); off by default so the fast path does no I/O.
// A bad value is an InvalidArgumentError naming the variable; the targets
// print it and exit 2 before fuzzing starts.
#ifndef MIGSIM_FUZZ_HARNESS_CONFIG_H_
#define MIGSIM_FUZZ_HARNESS_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "models/device_factory.h"
#include "protos/scenario.pb.h"
#include "spec/fail_on.h"

namespace migsim {

// The default of MIGSIM_FUZZ_EVENTS_MAX: far above what a protocol step
// needs (the reference corpus runs at most a few hundred events) and far
// below sim/limits.h kEventsMaxDefault, which costs seconds per input.
inline constexpr uint64_t kFuzzEventsMaxDefault = 50000;

// HarnessEnv: the raw values of the environment variables ("" = unset).
struct HarnessEnv {
  std::string topology;    // MIGSIM_FUZZ_TOPOLOGY
  std::string model;       // MIGSIM_FUZZ_MODEL
  std::string fail_on;     // MIGSIM_FUZZ_FAIL_ON
  std::string log;         // MIGSIM_FUZZ_LOG
  std::string events_max;  // MIGSIM_FUZZ_EVENTS_MAX
  std::string only_rule;   // MIGSIM_FUZZ_ONLY_RULE

  // The current process environment.
  static HarnessEnv FromProcess();
};

// HarnessConfig: the parsed, validated settings. A value type.
struct HarnessConfig {
  // The fixed topology (format_version, topology, bounds; no actions), with
  // the models already swapped in; nullopt when every input brings its own.
  std::optional<proto::Scenario> topology;
  // Model names to swap into each input when there is no fixed topology.
  std::vector<std::string> models;
  FailOn fail_on = FailOn::kDevice;  // spec/fail_on.h
  // The one rule whose violations crash; "" = every rule.
  std::string only_rule;
  bool log = false;
  // Every run's bounds.events_max is lowered to this (0: left alone).
  uint64_t events_max = kFuzzEventsMaxDefault;
  // Consulted before the built-in models (planted models; tests' own).
  DeviceOverride device_override;
};

// Parses and validates `env`: loads and validates the topology file, checks
// every model name and applies it, checks the rule ID. Errors: InvalidArgumentError (or
// NotFoundError for a missing file or unknown model) whose message starts
// with the variable's name, e.g. "MIGSIM_FUZZ_FAIL_ON: 'devce' is not
// device, user or any".
absl::StatusOr<HarnessConfig> MakeHarnessConfig(const HarnessEnv& env);

// Swaps model `name` into `scenario`: a planted model (name starts with
// "planted_") or a zoo mutant. Errors: those of zoo::UseModel / UsePlantedModel.
absl::Status ApplyModel(proto::Scenario& scenario, const std::string& name);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_HARNESS_CONFIG_H_
