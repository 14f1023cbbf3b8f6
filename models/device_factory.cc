// File: models/device_factory.cc
#include "models/device_factory.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "models/dma_engine_device.h"
#include "models/v1/v1_module.h"
#include "models/v2/v2_module.h"
#include "models/scenario_check.h"
#include "models/vmm/saved_streams.h"
#include "models/vmm/vmm_module.h"
#include "models/zoo/zoo.h"
#include "sim/scenario_validation.h"
#include "sim/world_builder.h"

namespace migsim {

absl::StatusOr<std::unique_ptr<SimDevice>> CreateDevice(const proto::Device& device,
                                                        uint32_t index, uint64_t seed) {
  const std::string path = absl::StrCat("topology.devices[", index, "]");
  switch (device.kind()) {
    case proto::DMA_ENGINE:
      if (!device.model().empty()) {
        return FieldError(path + ".model", absl::StrCat("'", device.model(),
                                                        "' is not a DMA_ENGINE model"));
      }
      return DmaEngineDevice::Create(device, index, seed, path);
    case proto::V1_DEVICE:
      // A named model is a zoo mutant (models/zoo/zoo.h); "" the reference.
      if (!device.model().empty()) return zoo::CreateDevice(device, index, seed, path);
      return v1::CreateDevice(device, index, seed, path);
    case proto::V2_DEVICE:
      if (!device.model().empty()) return zoo::CreateDevice(device, index, seed, path);
      return v2::CreateDevice(device, index, seed, path);
    case proto::DEVICE_KIND_UNSPECIFIED:
      return FieldError(path + ".kind", "not set; name a device kind such as DMA_ENGINE");
    default:
      return FieldError(path + ".kind", absl::StrCat(device.kind(), " is not a known kind"));
  }
}

absl::StatusOr<World> CreateWorld(const proto::Scenario& scenario,
                                  const DeviceOverride& override) {
  if (auto s = ValidateScenario(scenario); !s.ok()) return s;
  for (int i = 0; i < scenario.topology().hosts_size(); ++i) {
    const std::string path = absl::StrCat("topology.hosts[", i, "]");
    if (auto s = zoo::CheckIommuModel(scenario.topology().hosts(i), path); !s.ok()) return s;
  }
  auto factory = [&](const proto::Device& device, uint32_t index,
                     uint64_t seed) -> absl::StatusOr<std::unique_ptr<SimDevice>> {
    if (override) {
      absl::StatusOr<std::unique_ptr<SimDevice>> made = override(device, index, seed);
      if (!made.ok() || *made != nullptr) return made;
    }
    return CreateDevice(device, index, seed);
  };
  absl::StatusOr<World> world = BuildWorld(scenario, factory);
  if (world.ok()) {
    // An IOMMU mutant changes the host's IOMMU, never the scenario's devices.
    for (int i = 0; i < scenario.topology().hosts_size(); ++i) {
      world->host(i).iommu.set_quirks(zoo::IommuQuirksOf(scenario.topology().hosts(i)));
    }
    world->AddComponent(std::make_unique<SavedStreams>(world->device_count()));
    vmm::AddComponents(scenario, *world);
  }
  return world;
}

}  // namespace migsim
