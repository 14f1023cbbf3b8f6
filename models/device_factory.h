// File: models/device_factory.h
//
// CreateDevice: the models layer's DeviceFactory (sim/world_builder.h). It
// maps topology.devices[i].kind to a model and validates that model's
// parameters, naming the field on error. CreateWorld validates a whole
// scenario and builds its World with this factory.
#ifndef MIGSIM_MODELS_DEVICE_FACTORY_H_
#define MIGSIM_MODELS_DEVICE_FACTORY_H_

#include <cstdint>
#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "protos/scenario.pb.h"
#include "sim/sim_device.h"
#include "sim/world.h"

namespace migsim {

// Errors: InvalidArgumentError naming "topology.devices[<index>]..." for an
// unset or unknown kind or bad model parameters.
absl::StatusOr<std::unique_ptr<SimDevice>> CreateDevice(const proto::Device& device,
                                                        uint32_t index, uint64_t seed);

// A factory consulted before CreateDevice, for models outside the built-in
// set (test-only models, users' own models, zoo mutants under test). It
// returns nullptr to leave a device to CreateDevice.
using DeviceOverride = std::function<absl::StatusOr<std::unique_ptr<SimDevice>>(
    const proto::Device& device, uint32_t index, uint64_t seed)>;

// ValidateScenario (models/scenario_check.h) then BuildWorld with
// `override` (when set) falling back to CreateDevice.
absl::StatusOr<World> CreateWorld(const proto::Scenario& scenario,
                                  const DeviceOverride& override = nullptr);

}  // namespace migsim

#endif  // MIGSIM_MODELS_DEVICE_FACTORY_H_
