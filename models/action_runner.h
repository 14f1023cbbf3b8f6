// File: models/action_runner.h
//
// ApplyAction: executes one validated scenario action of any kind against the
// World: engine actions through sim/engine_actions.h, migration actions
// through their model family. Dispatch is by the action's field number range
// (see protos/scenario.proto).
#ifndef MIGSIM_MODELS_ACTION_RUNNER_H_
#define MIGSIM_MODELS_ACTION_RUNNER_H_

#include "protos/scenario.pb.h"
#include "sim/world.h"

namespace migsim {

// Returns false when the run hit a bound (World::liveness_failure()).
// REQUIRES: the scenario holding `action` passed ValidateScenario.
bool ApplyAction(World& world, const proto::Action& action);

}  // namespace migsim

#endif  // MIGSIM_MODELS_ACTION_RUNNER_H_
