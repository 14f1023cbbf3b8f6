// File: tools/scenario_rewrite.h
//
// ScenarioRewrite: the changes the tools make to a scenario before judging
// it, in the order the fuzz harness makes them (fuzz/README.md), so that a
// crash file re-judged by `migsim fuzz` runs exactly as the engine ran it:
//   1. topology: another scenario's format_version, topology and bounds
//      replace the input's (`--topology=FILE`, the harness's
//      MIGSIM_FUZZ_TOPOLOGY; fuzz/harness.h PrepareScenario);
//   2. reference: every model choice is removed, so the scenario runs on the
//      reference models (`migsim replay --reference`): every string field
//      called `model` or ending in `_model` anywhere in the topology
//      (Device.model, a host's IOMMU model) is cleared;
//   3. models: ApplyModel (fuzz/harness_config.h: a bug zoo mutant, or one
//      of the harness's planted test models) for each name, in order
//      (`--model=A,B`, the harness's MIGSIM_FUZZ_MODEL);
//   4. events cap: bounds.events_max lowered to `events_cap` when it is
//      unset or higher (the harness's MIGSIM_FUZZ_EVENTS_MAX; the tools set
//      it to kFuzzEventsMaxDefault for a fuzz engine's input files only).
#ifndef MIGSIM_TOOLS_SCENARIO_REWRITE_H_
#define MIGSIM_TOOLS_SCENARIO_REWRITE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fuzz/seed_policy.h"
#include "protos/scenario.pb.h"

namespace migsim {

// ScenarioRewrite: a plain value; empty() when it changes nothing.
struct ScenarioRewrite {
  std::optional<proto::Scenario> topology_source;  // its topology and bounds are used
  bool reference = false;
  std::vector<std::string> models;  // model names, applied in order
  uint64_t events_cap = 0;          // 0: bounds left alone

  bool empty() const { return !topology_source && !reference && models.empty() && events_cap == 0; }

  // Applies the rewrite to `scenario`.
  // Errors: those of ApplyModel (NotFoundError for an unknown name,
  // InvalidArgumentError when no device can take it), prefixed "--model: ".
  absl::Status Apply(proto::Scenario& scenario) const;
};

// Builds a rewrite from flag values: `topology_path` ("" = none) is read
// with tools/input_file.h; `models_csv` is "NAME[,NAME]" ("" = none).
// Errors: InvalidArgumentError "--topology: <load error>", "--model: empty
// name in 'a,,b'", "--model: 'x' is neither a bug zoo mutant ...".
absl::StatusOr<ScenarioRewrite> MakeScenarioRewrite(const std::string& topology_path,
                                                    const std::string& models_csv, bool reference);

// StripModels (step 2 above) is fuzz/seed_policy.h's, included here.

}  // namespace migsim

#endif  // MIGSIM_TOOLS_SCENARIO_REWRITE_H_
