// File: models/zoo/zoo.h
//
// The bug zoo: mutants of the reference models, each the reference device,
// VFIO core, IOMMU or VMM flow with one small defect a real driver or VMM
// could plausibly ship. A mutant is selected by name (Device.model,
// Host.iommu_model or Topology.migration.vmm_model, or `--model=NAME` on the
// command line through UseModel) and is never used by default. Each entry
// names the spec clause its defect breaks and the rule the oracle is
// expected to raise, which the regression gate (corpus/regressions/<name>/)
// and the detection benchmark check.
//
// The mutants live in one small file per family (models/zoo/*_mutants.cc):
// rfc_ (V1_RFC), v1_ (V1), v1ndma_ (V1_NDMA), v2_ (V2, any flag set),
// iommu_ (the host IOMMU) and vmm_ (the VMM's flows; their defects are
// defined in models/vmm/zoo_flows.h). `migsim zoo` prints this registry.
//
// Example:
//   proto::Scenario s = ...;                        // a scenario with a V2 device
//   absl::Status st = zoo::UseModel(s, "v2_stop_no_drain");
//   // ok: every V2_DEVICE without v2.p2p now has model "v2_stop_no_drain"
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
#include "sim/iommu.h"
#include "sim/sim_device.h"

namespace migsim::zoo {

// What a mutant replaces.
enum class Target : uint8_t {
  kDevice,  // a device model (Device.model on a device of `kind`)
  kIommu,   // the host IOMMU (Host.iommu_model)
  kVmm,     // the VMM's flows (Topology.migration.vmm_model; models/vmm/zoo_flows.h)
};

// The variant mask bit of `v`: the same encoding as VariantBit in
// spec/rule.h (tests/zoo/zoo_registry_test.cc checks that they agree).
constexpr uint32_t VariantOf(proto::SpecVariant v) { return uint32_t{1} << v; }

// The VFIO_MIGRATION_* bits of a V2 device (models/v2/mig_fsm.h), for Needs.
inline constexpr uint32_t kNeedP2p = 1u << 1;      // VFIO_MIGRATION_P2P: v2.p2p
inline constexpr uint32_t kNeedPreCopy = 1u << 2;  // VFIO_MIGRATION_PRE_COPY: v2.pre_copy

// What a device must be, beyond its kind and variant, for a device mutant's
// defect to be reachable (a P2P defect needs a device claiming P2P).
struct Needs {
  uint32_t v2_flags_set = 0;    // kNeedP2p / kNeedPreCopy the V2 device must claim
  uint32_t v2_flags_clear = 0;  // ... it must not claim
  bool ndma_capable = false;    // V1_NDMA: v1.ndma_capable must be true
};

// Builds the mutant for topology.devices[index]. REQUIRES: the device fits
// the entry (CheckFits) and its parameters are valid for the reference.
using DeviceMaker = std::unique_ptr<SimDevice> (*)(const proto::Device& device, uint32_t index);

// ZooEntry: one mutant, as data.
struct ZooEntry {
  absl::string_view name;  // stable, lower_snake_case; the --model value
  Target target;
  proto::DeviceKind kind;             // kDevice: the device kind it replaces
  uint32_t variants;                  // kDevice: VariantOf mask it applies to
  absl::string_view description;      // one line: the defect
  absl::string_view clause;           // "file: \"quoted phrase\"" the defect breaks
  absl::string_view expected_rule;    // the rule ID the oracle should raise
  Needs needs = {};                   // kDevice: further requirements on the device
  DeviceMaker make_device = nullptr;  // kDevice: builds the mutant
  IommuQuirks iommu_quirks = {};      // kIommu: the defect switched on (sim/iommu.h)
};

// Every mutant, in a fixed order (ascending name).
absl::Span<const ZooEntry> Entries();

// The entry called `name`, or nullptr.
const ZooEntry* Find(absl::string_view name);

// Ok when `device` can take the device mutant `entry`; else
// InvalidArgumentError naming the field of `path` (topology.devices[i]) that
// does not fit: .kind, .v1.variant, .v1.ndma_capable, .v2.p2p or
// .v2.pre_copy.
absl::Status CheckFits(const ZooEntry& entry, const proto::Device& device, const std::string& path);

// What a device must be to take `entry`, in words ("V2_DEVICE with v2.p2p:
// true"); "every host" for an IOMMU mutant; for a VMM mutant the migration
// topology and the step its flows must hold ("topology.migration, a flow
// with a dirty_sync step after stop_point").
std::string NeedsText(const ZooEntry& entry);

// Creates the device for topology.devices[index] when device.model() names a
// device mutant of device.kind(), after validating its parameters exactly as
// the reference model does (same errors). Errors: InvalidArgumentError naming
// `path`.model for an unknown name, or the field CheckFits names.
absl::StatusOr<std::unique_ptr<SimDevice>> CreateDevice(const proto::Device& device, uint32_t index,
                                                        uint64_t seed, const std::string& path);

// Ok when host.iommu_model() is "" or names an IOMMU mutant; else
// InvalidArgumentError naming `path`.iommu_model (path: topology.hosts[i]).
absl::Status CheckIommuModel(const proto::Host& host, const std::string& path);

// The defects of host.iommu_model() ("" = none). REQUIRES: CheckIommuModel ok.
IommuQuirks IommuQuirksOf(const proto::Host& host);

// Swaps the mutant `name` into `scenario`: a device mutant into every device
// of its kind and variant that CheckFits accepts, an IOMMU mutant into every
// host, a VMM mutant into topology.migration.vmm_model (so every flow a
// vmm_migrate starts carries its defect; a flow that lacks the step it
// changes is then bad input, named by validation). Errors: NotFoundError
// for an unknown name (the message lists the known ones);
// InvalidArgumentError, naming the mutant and what it needs, when no device
// of the scenario can take it, or when a VMM mutant meets a scenario
// without topology.migration. A refusal changes nothing.
absl::Status UseModel(proto::Scenario& scenario, absl::string_view name);

}  // namespace migsim::zoo

#endif  // MIGSIM_MODELS_ZOO_ZOO_H_
