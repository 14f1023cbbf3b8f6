// File: models/action_runner.cc
#include "models/action_runner.h"

#include "sim/check.h"
#include "sim/engine_actions.h"
#include "sim/scenario_validation.h"

namespace migsim {

bool ApplyAction(World& world, const proto::Action& action) {
  if (IsEngineAction(action)) return ApplyEngineAction(world, action);
  MIGSIM_CHECK(false) << "action kind " << action.kind_case() << " passed validation but has "
                      << "no runner";
  return false;
}

}  // namespace migsim
