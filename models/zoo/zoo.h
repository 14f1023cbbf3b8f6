// File: models/zoo/zoo.h
//
// The bug zoo: mutants of the reference models, each the reference device,
// VFIO core, IOMMU or VMM flow with one small defect a real driver or VMM
// could plausibly ship. A mutant is selected by name (Device.model, or
// `--model=NAME` on the command line through UseModel) and is never used by
// default. Each entry names the spec clause its defect breaks and the rule
// the oracle is expected to raise, which the regression gate
// (corpus/regressions/<name>/) and the detection benchmark check.
#ifndef MIGSIM_MODELS_ZOO_ZOO_H_
#define MIGSIM_MODELS_ZOO_ZOO_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "protos/scenario.pb.h"
#include "sim/sim_device.h"

namespace migsim::zoo {

// What a mutant replaces.
enum class Target : uint8_t {
  kDevice,  // a device model (Device.model on a device of `kind`)
  kIommu,   // the host IOMMU (Host.iommu_model)
  kVmm,     // a VMM flow (whole-VM family)
};

// ZooEntry: one mutant, as data.
struct ZooEntry {
  absl::string_view name;         // stable, lower_snake_case; the --model value
  Target target;
  proto::DeviceKind kind;         // kDevice: the device kind it replaces
  uint32_t variants;              // kDevice: VariantBit mask (spec/rule.h) it applies to
  absl::string_view description;  // one line: the defect
  absl::string_view clause;       // "file: \"quoted phrase\"" the defect breaks
  absl::string_view expected_rule;  // the rule ID the oracle should raise
};

// Every mutant, in a fixed order (by name).
absl::Span<const ZooEntry> Entries();

// The entry called `name`, or nullptr.
const ZooEntry* Find(absl::string_view name);

// Creates the device for topology.devices[index] when device.model() names a
// device mutant of device.kind(). Errors: InvalidArgumentError naming
// `path`.model for an unknown name or a mutant of another kind or variant.
absl::StatusOr<std::unique_ptr<SimDevice>> CreateDevice(const proto::Device& device,
                                                        uint32_t index, uint64_t seed,
                                                        const std::string& path);

// Swaps the mutant `name` into `scenario`: a device mutant into every device
// of its kind and variant, an IOMMU mutant into every host. Errors:
// NotFoundError for an unknown name (the message lists the known ones);
// InvalidArgumentError when no device of the scenario can take it.
absl::Status UseModel(proto::Scenario& scenario, absl::string_view name);

}  // namespace migsim::zoo

#endif  // MIGSIM_MODELS_ZOO_ZOO_H_
