// File: fuzz/planted_models.h
//
// Planted models: test-only device models with one known defect each, so
// that the fuzz engines and `migsim fuzz` can be shown to find a bug end to
// end (smoke tests, the detection benchmark) independently of the bug zoo
// (models/zoo/). They are never used by default; a name starts with
// "planted_" so it can never collide with a zoo mutant, and is selected
// like one: MIGSIM_FUZZ_MODEL=planted_v2_dma_in_stop, or Device.model in a
// scenario judged with PlantedOverride().
#ifndef MIGSIM_FUZZ_PLANTED_MODELS_H_
#define MIGSIM_FUZZ_PLANTED_MODELS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "models/device_factory.h"
#include "protos/scenario.pb.h"

namespace migsim {

// PlantedModel: one planted defect, as data.
struct PlantedModel {
  absl::string_view name;           // "planted_..."
  proto::DeviceKind kind;           // the device kind it replaces
  absl::string_view description;    // the defect, in one line
  absl::string_view expected_rule;  // the rule the oracle raises
};

// Every planted model, by name.
absl::Span<const PlantedModel> PlantedModels();

// True when `name` is in the planted namespace (starts with "planted_").
bool IsPlantedName(absl::string_view name);

// The planted model called `name`, or nullptr.
const PlantedModel* FindPlantedModel(absl::string_view name);

// "planted_a, planted_b": the names, for error messages.
std::string PlantedModelNames();

// Sets Device.model = `name` on every device of the planted model's kind.
// Errors: NotFoundError for an unknown name; InvalidArgumentError when the
// scenario has no device of that kind.
absl::Status UsePlantedModel(proto::Scenario& scenario, absl::string_view name);

// A DeviceOverride that builds the planted model a device's `model` names
// and otherwise defers to `fallback` (or returns nullptr, leaving the device
// to the built-in factory, when `fallback` is unset).
DeviceOverride PlantedOverride(DeviceOverride fallback);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_PLANTED_MODELS_H_
