// File: sim/world_builder.h
//
// BuildWorld: turns a validated Scenario's topology into a World ready for
// its first action. Child seeds are drawn from the root PRNG in a fixed
// order: one per host (in host order), then one per device (in device order).
// Devices are created by a factory the models layer supplies, since the
// engine knows no device models.
#ifndef MIGSIM_SIM_WORLD_BUILDER_H_
#define MIGSIM_SIM_WORLD_BUILDER_H_

#include <cstdint>
#include <memory>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "protos/scenario.pb.h"
#include "sim/sim_device.h"
#include "sim/world.h"

namespace migsim {

// Creates the model for topology.devices[index] with its own child seed.
// Returns InvalidArgumentError naming the field for an unknown kind or bad
// parameters.
using DeviceFactory = absl::FunctionRef<absl::StatusOr<std::unique_ptr<SimDevice>>(
    const proto::Device& device, uint32_t index, uint64_t seed)>;

// Builds hosts (guest RAM, IOMMU, vCPUs), devices and P2P windows, then calls
// every device's OnStart. REQUIRES: ValidateEngineScenario(scenario).ok().
// Errors: the factory's, or a P2P window the IOMMU refuses (named by field).
absl::StatusOr<World> BuildWorld(const proto::Scenario& scenario, DeviceFactory factory);

}  // namespace migsim

#endif  // MIGSIM_SIM_WORLD_BUILDER_H_
