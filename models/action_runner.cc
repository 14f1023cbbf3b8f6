// File: models/action_runner.cc
#include "models/action_runner.h"

#include "models/device_actions.h"
#include "models/v1/v1_module.h"
#include "models/v2/v2_module.h"
#include "models/vmm/vmm_module.h"
#include "sim/check.h"
#include "sim/engine_actions.h"
#include "sim/scenario_validation.h"

namespace migsim {

bool ApplyAction(World& world, const proto::Action& action) {
  if (IsEngineAction(action)) return ApplyEngineAction(world, action);
  if (IsDeviceAction(action)) {
    ApplyDeviceAction(world, action);
    return world.liveness_failure().empty();
  }
  if (v1::IsAction(action)) return v1::ApplyAction(world, action);
  if (v2::IsAction(action)) return v2::ApplyAction(world, action);
  if (vmm::IsAction(action)) return vmm::ApplyAction(world, action);
  MIGSIM_CHECK(false) << "action kind " << action.kind_case() << " passed validation but has "
                      << "no runner";
  return false;
}

}  // namespace migsim
