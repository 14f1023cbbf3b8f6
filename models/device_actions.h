// File: models/device_actions.h
//
// The device actions every migratable device shares (action kinds 100..119):
// VFIO_DEVICE_RESET, open, close, ArmFailure. On a device without a migration
// interface (DMA_ENGINE) they are answered -ENOTTY and recorded.
#ifndef MIGSIM_MODELS_DEVICE_ACTIONS_H_
#define MIGSIM_MODELS_DEVICE_ACTIONS_H_

#include <string>

#include "absl/status/status.h"
#include "protos/scenario.pb.h"
#include "sim/world.h"

namespace migsim {

bool IsDeviceAction(const proto::Action& action);
absl::Status ValidateDeviceAction(const proto::Scenario& scenario, const proto::Action& action,
                                  const std::string& path);
void ApplyDeviceAction(World& world, const proto::Action& action);

}  // namespace migsim

#endif  // MIGSIM_MODELS_DEVICE_ACTIONS_H_
