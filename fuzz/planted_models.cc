// File: fuzz/planted_models.cc
#include "fuzz/planted_models.h"

#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "models/v2/v2_device.h"
#include "sim/limits.h"

namespace migsim {
namespace {

using v2::ArcStatus;
using v2::V2Device;

// Issues DMA while in STOP: the stopped-device rule of 004 ("must not
// generate interrupts, DMA, or any other change to external state").
class DmaInStop final : public V2Device {
 public:
  using V2Device::V2Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::unique_ptr<SimDevice>(new DmaInStop(*this));
  }
  absl::string_view model_name() const override { return "planted_v2_dma_in_stop"; }
  Activity CurrentActivity() const override {
    if (mig_state() != v2::kStateStop) return V2Device::CurrentActivity();
    Activity activity;
    activity.dma = true;
    return activity;
  }
};

// Its STOP_COPY -> STOP arc forgets to end the data transfer session, so
// the old data_fd keeps working after the device left the saving group.
class KeepsSessionInStop final : public V2Device {
 public:
  using V2Device::V2Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::unique_ptr<SimDevice>(new KeepsSessionInStop(*this));
  }
  absl::string_view model_name() const override { return "planted_v2_keeps_session_in_stop"; }

 protected:
  ArcStatus ArcStopCopyToStop(World&) override { return {}; }
};

constexpr PlantedModel kPlanted[] = {
    {"planted_v2_dma_in_stop", proto::V2_DEVICE, "a v2 device that keeps issuing guest DMA in STOP",
     "V2-STOP-NO-DMA"},
    {"planted_v2_keeps_session_in_stop", proto::V2_DEVICE,
     "a v2 driver whose STOP_COPY -> STOP arc does not end the data_fd session",
     "V2-DATAFD-ENDS-ON-LEAVE"},
};

std::unique_ptr<SimDevice> MakePlanted(absl::string_view name, const proto::Device& device,
                                       uint32_t index) {
  const uint64_t bar = device.bar_size() != 0 ? device.bar_size() : kBarSizeDefault;
  const auto host = static_cast<uint16_t>(device.host());
  if (name == kPlanted[0].name) return std::make_unique<DmaInStop>(index, host, bar, device.v2());
  return std::make_unique<KeepsSessionInStop>(index, host, bar, device.v2());
}

}  // namespace

absl::Span<const PlantedModel> PlantedModels() { return kPlanted; }

bool IsPlantedName(absl::string_view name) { return absl::StartsWith(name, "planted_"); }

const PlantedModel* FindPlantedModel(absl::string_view name) {
  for (const PlantedModel& m : kPlanted) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::string PlantedModelNames() {
  return absl::StrJoin(kPlanted, ", ", [](std::string* out, const PlantedModel& m) {
    absl::StrAppend(out, m.name);
  });
}

absl::Status UsePlantedModel(proto::Scenario& scenario, absl::string_view name) {
  const PlantedModel* model = FindPlantedModel(name);
  if (model == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("'", name, "' is not a planted model (", PlantedModelNames(), ")"));
  }
  int taken = 0;
  for (proto::Device& device : *scenario.mutable_topology()->mutable_devices()) {
    if (device.kind() != model->kind) continue;
    device.set_model(std::string(name));
    ++taken;
  }
  if (taken == 0) {
    return absl::InvalidArgumentError(absl::StrCat("topology.devices: no device of kind ",
                                                   proto::DeviceKind_Name(model->kind),
                                                   " can take model '", name, "'"));
  }
  return absl::OkStatus();
}

DeviceOverride PlantedOverride(DeviceOverride fallback) {
  return [fallback = std::move(fallback)](
             const proto::Device& device, uint32_t index,
             uint64_t seed) -> absl::StatusOr<std::unique_ptr<SimDevice>> {
    const PlantedModel* model = FindPlantedModel(device.model());
    if (model == nullptr || device.kind() != model->kind) {
      if (fallback) return fallback(device, index, seed);
      return std::unique_ptr<SimDevice>();
    }
    // The reference factory validates the parameters the planted model shares.
    proto::Device reference = device;
    reference.clear_model();
    absl::StatusOr<std::unique_ptr<SimDevice>> checked =
        V2Device::Create(reference, index, seed, absl::StrCat("topology.devices[", index, "]"));
    if (!checked.ok()) return checked.status();
    return MakePlanted(model->name, device, index);
  };
}

}  // namespace migsim
