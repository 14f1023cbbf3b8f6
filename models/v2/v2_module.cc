// File: models/v2/v2_module.cc
// The v2 family's entry points (models/v2/v2_module.h): actions through
// models/v2/v2_actions.h, devices through V2Device::Create. Record rendering
// and coverage keys live in models/v2/v2_format.cc.
#include "models/v2/v2_module.h"

#include "models/v2/v2_actions.h"
#include "models/v2/v2_device.h"

namespace migsim::v2 {

bool IsAction(const proto::Action& action) {
  const int kind = action.kind_case();
  return kind >= 200 && kind <= 299;
}

absl::Status ValidateAction(const proto::Scenario& scenario, const proto::Action& action,
                            const std::string& path) {
  return ValidateV2Action(scenario, action, path);
}

bool ApplyAction(World& world, const proto::Action& action) {
  return ApplyV2Action(world, action);
}

absl::StatusOr<std::unique_ptr<SimDevice>> CreateDevice(const proto::Device& device,
                                                        uint32_t index, uint64_t seed,
                                                        const std::string& path) {
  return V2Device::Create(device, index, seed, path);
}

}  // namespace migsim::v2
