// File: models/scenario_check.h
//
// ValidateScenario: the whole-scenario validator. It runs the engine's
// checks (sim/scenario_validation.h), then checks every action: engine actions
// by the engine, migration actions by their model family. Errors are
// InvalidArgumentError starting with the field path ("actions[3].map_dma.host:
// 7 names no host (the topology has 2)").
#ifndef MIGSIM_MODELS_SCENARIO_CHECK_H_
#define MIGSIM_MODELS_SCENARIO_CHECK_H_

#include "absl/status/status.h"
#include "protos/scenario.pb.h"

namespace migsim {

absl::Status ValidateScenario(const proto::Scenario& scenario);

}  // namespace migsim

#endif  // MIGSIM_MODELS_SCENARIO_CHECK_H_
