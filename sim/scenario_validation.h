// File: sim/scenario_validation.h
//
// Validation of the engine-level parts of a Scenario: format version, bounds,
// topology (hosts, devices, P2P windows) and engine actions (action kinds
// 1..99). Every error is absl::InvalidArgumentError whose message starts with
// the field path and names the value, e.g.
//   "topology.hosts[0].guest_pages: 4194304 exceeds the limit 1048576"
// Values the modelled kernel itself judges (alignment of an IOVA, overlap of
// mappings, a bitmap page size) are not validated here: they reach the model,
// which answers with an errno the oracle can check.
#ifndef MIGSIM_SIM_SCENARIO_VALIDATION_H_
#define MIGSIM_SIM_SCENARIO_VALIDATION_H_

#include <string>

#include "absl/status/status.h"
#include "protos/scenario.pb.h"

namespace migsim {

// Validates format_version, bounds, the topology and the number of actions.
// Device kinds are not checked here (models know them).
absl::Status ValidateEngineScenario(const proto::Scenario& scenario);

// True when `action` is an engine-level action (kinds 1..99).
bool IsEngineAction(const proto::Action& action);

// Validates one engine-level action; `path` is its field path
// ("actions[7]"). REQUIRES: IsEngineAction(action) and a valid topology.
absl::Status ValidateEngineAction(const proto::Scenario& scenario, const proto::Action& action,
                                  const std::string& path);

// "path: message" as an InvalidArgumentError (shared by every validator).
absl::Status FieldError(const std::string& path, const std::string& message);

}  // namespace migsim

#endif  // MIGSIM_SIM_SCENARIO_VALIDATION_H_
