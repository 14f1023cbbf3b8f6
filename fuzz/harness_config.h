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
//   MIGSIM_FUZZ_LOG=1  one line on stderr per input (invalid reason or
//       verdict); off by default so the fast path does no I/O.
// A bad value is an InvalidArgumentError naming the variable; the targets
// print it and exit 2 before fuzzing starts.
#ifndef MIGSIM_FUZZ_HARNESS_CONFIG_H_
#define MIGSIM_FUZZ_HARNESS_CONFIG_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "models/device_factory.h"
#include "protos/scenario.pb.h"

namespace migsim {

// Which violations the harness reports as a crash.
enum class FailOn : uint8_t {
  kDevice,  // device violations (the default)
  kUser,    // user protocol errors (VMM flows under test)
  kAny,     // either
};

// HarnessEnv: the raw values of the environment variables ("" = unset).
struct HarnessEnv {
  std::string topology;  // MIGSIM_FUZZ_TOPOLOGY
  std::string model;     // MIGSIM_FUZZ_MODEL
  std::string fail_on;   // MIGSIM_FUZZ_FAIL_ON
  std::string log;       // MIGSIM_FUZZ_LOG

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
  FailOn fail_on = FailOn::kDevice;
  bool log = false;
  // Consulted before the built-in models (planted models; tests' own).
  DeviceOverride device_override;
};

// Parses and validates `env`: loads and validates the topology file, checks
// every model name and applies it. Errors: InvalidArgumentError (or
// NotFoundError for a missing file or unknown model) whose message starts
// with the variable's name, e.g. "MIGSIM_FUZZ_FAIL_ON: 'devce' is not
// device, user or any".
absl::StatusOr<HarnessConfig> MakeHarnessConfig(const HarnessEnv& env);

// Swaps model `name` into `scenario`: a planted model (name starts with
// "planted_") or a zoo mutant. Errors: those of zoo::UseModel / UsePlantedModel.
absl::Status ApplyModel(proto::Scenario& scenario, const std::string& name);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_HARNESS_CONFIG_H_
