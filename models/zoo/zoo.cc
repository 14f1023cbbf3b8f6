// File: models/zoo/zoo.cc
//
// The zoo's registry (the union of the family tables, sorted by name), the
// fit checks, mutant creation for the device factory and UseModel.
#include "models/zoo/zoo.h"

#include <algorithm>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "models/v1/v1_module.h"
#include "models/v2/v2_module.h"
#include "models/vmm/zoo_flows.h"
#include "models/zoo/mutant.h"
#include "sim/check.h"
#include "sim/limits.h"
#include "sim/scenario_validation.h"

namespace migsim::zoo {
namespace {

std::vector<ZooEntry> BuildRegistry() {
  std::vector<ZooEntry> all;
  for (auto family : {internal::RfcMutants(), internal::V1Mutants(), internal::V1NdmaMutants(),
                      internal::V2FsmMutants(), internal::V2DataMutants(), internal::IommuMutants(),
                      internal::VmmMutants()}) {
    all.insert(all.end(), family.begin(), family.end());
  }
  std::sort(all.begin(), all.end(),
            [](const ZooEntry& a, const ZooEntry& b) { return a.name < b.name; });
  for (size_t i = 0; i < all.size(); ++i) {
    const ZooEntry& e = all[i];
    MIGSIM_CHECK(i == 0 || all[i - 1].name != e.name) << "duplicate zoo name " << e.name;
    MIGSIM_CHECK(e.target != Target::kDevice || e.make_device != nullptr) << e.name;
    MIGSIM_CHECK(!e.description.empty() && !e.clause.empty() && !e.expected_rule.empty()) << e.name;
  }
  return all;
}

// A user-supplied name, printable and bounded, for error messages.
std::string Printable(absl::string_view name) {
  const bool cut = name.size() > kNameLengthMax;
  return absl::StrCat("'", absl::CHexEscape(name.substr(0, kNameLengthMax)), cut ? "...'" : "'");
}

std::string VariantsText(uint32_t variants, absl::string_view separator = ", ") {
  std::vector<std::string> names;
  for (proto::SpecVariant v : {proto::V1_RFC, proto::V1, proto::V1_NDMA, proto::V2}) {
    if (variants & VariantOf(v)) names.push_back(proto::SpecVariant_Name(v));
  }
  return absl::StrJoin(names, separator);
}

proto::SpecVariant VariantOfDevice(const proto::Device& device) {
  switch (device.kind()) {
    case proto::V1_DEVICE:
      return device.v1().variant();
    case proto::V2_DEVICE:
      return proto::V2;
    default:
      return proto::SPEC_VARIANT_UNSPECIFIED;
  }
}

// Validates `device`'s parameters exactly as its reference model does, by
// building (and dropping) the reference device.
absl::Status ValidateAsReference(const proto::Device& device, uint32_t index, uint64_t seed,
                                 const std::string& path) {
  proto::Device reference = device;
  reference.clear_model();
  absl::StatusOr<std::unique_ptr<SimDevice>> made =
      device.kind() == proto::V1_DEVICE ? v1::CreateDevice(reference, index, seed, path)
                                        : v2::CreateDevice(reference, index, seed, path);
  return made.status();
}

}  // namespace

absl::Span<const ZooEntry> Entries() {
  static const std::vector<ZooEntry>* const kRegistry = new std::vector<ZooEntry>(BuildRegistry());
  return *kRegistry;
}

const ZooEntry* Find(absl::string_view name) {
  const absl::Span<const ZooEntry> all = Entries();
  auto it = std::lower_bound(all.begin(), all.end(), name,
                             [](const ZooEntry& e, absl::string_view n) { return e.name < n; });
  return it != all.end() && it->name == name ? &*it : nullptr;
}

absl::Status CheckFits(const ZooEntry& entry, const proto::Device& device,
                       const std::string& path) {
  const std::string name = Printable(entry.name);
  if (entry.target != Target::kDevice) {
    return FieldError(path + ".model", absl::StrCat(name, " is not a device model"));
  }
  if (device.kind() != entry.kind) {
    return FieldError(path + ".kind",
                      absl::StrCat(proto::DeviceKind_Name(device.kind()), " cannot take ", name,
                                   ", a mutant of ", proto::DeviceKind_Name(entry.kind)));
  }
  const proto::SpecVariant variant = VariantOfDevice(device);
  if ((entry.variants & VariantOf(variant)) == 0) {
    return FieldError(path + ".v1.variant",
                      absl::StrCat(proto::SpecVariant_Name(variant), " cannot take ", name,
                                   ", which applies to ", VariantsText(entry.variants)));
  }
  const Needs& n = entry.needs;
  if (n.ndma_capable && !device.v1().ndma_capable()) {
    return FieldError(path + ".v1.ndma_capable", absl::StrCat(name, " needs true"));
  }
  const uint32_t claimed =
      (device.v2().p2p() ? kNeedP2p : 0) | (device.v2().pre_copy() ? kNeedPreCopy : 0);
  for (const auto& [bit, field] :
       {std::pair{kNeedP2p, "p2p"}, std::pair{kNeedPreCopy, "pre_copy"}}) {
    if ((n.v2_flags_set & bit) && !(claimed & bit)) {
      return FieldError(absl::StrCat(path, ".v2.", field), absl::StrCat(name, " needs true"));
    }
    if ((n.v2_flags_clear & bit) && (claimed & bit)) {
      return FieldError(absl::StrCat(path, ".v2.", field), absl::StrCat(name, " needs false"));
    }
  }
  return absl::OkStatus();
}

std::string NeedsText(const ZooEntry& entry) {
  switch (entry.target) {
    case Target::kIommu:
      return "every host";
    case Target::kVmm: {
      const vmm::VmmVariant* v = vmm::FindVmmVariant(entry.name);
      MIGSIM_CHECK(v != nullptr) << entry.name;
      return absl::StrCat("topology.migration, a flow with ", v->needs);
    }
    case Target::kDevice:
      break;
  }
  std::vector<std::string> parts;
  if (entry.kind == proto::V1_DEVICE) {
    parts.push_back(absl::StrCat("v1.variant: ", VariantsText(entry.variants, "|")));
  }
  if (entry.needs.ndma_capable) parts.push_back("v1.ndma_capable: true");
  for (const auto& [bit, field] :
       {std::pair{kNeedP2p, "p2p"}, std::pair{kNeedPreCopy, "pre_copy"}}) {
    if (entry.needs.v2_flags_set & bit) parts.push_back(absl::StrCat("v2.", field, ": true"));
    if (entry.needs.v2_flags_clear & bit) parts.push_back(absl::StrCat("v2.", field, ": false"));
  }
  std::string out(proto::DeviceKind_Name(entry.kind));
  if (!parts.empty()) absl::StrAppend(&out, " with ", absl::StrJoin(parts, ", "));
  return out;
}

absl::StatusOr<std::unique_ptr<SimDevice>> CreateDevice(const proto::Device& device, uint32_t index,
                                                        uint64_t seed, const std::string& path) {
  const ZooEntry* entry = Find(device.model());
  if (entry == nullptr) {
    return FieldError(path + ".model",
                      absl::StrCat(Printable(device.model()), " is not a known model"));
  }
  if (auto s = CheckFits(*entry, device, path); !s.ok()) return s;
  if (auto s = ValidateAsReference(device, index, seed, path); !s.ok()) return s;
  return entry->make_device(device, index);
}

absl::Status CheckIommuModel(const proto::Host& host, const std::string& path) {
  if (host.iommu_model().empty()) return absl::OkStatus();
  const ZooEntry* entry = Find(host.iommu_model());
  if (entry != nullptr && entry->target == Target::kIommu) return absl::OkStatus();
  return FieldError(
      path + ".iommu_model",
      absl::StrCat(Printable(host.iommu_model()),
                   entry == nullptr ? " is not a known model" : " is not an IOMMU model"));
}

IommuQuirks IommuQuirksOf(const proto::Host& host) {
  if (host.iommu_model().empty()) return IommuQuirks{};
  const ZooEntry* entry = Find(host.iommu_model());
  MIGSIM_CHECK(entry != nullptr && entry->target == Target::kIommu) << host.iommu_model();
  return entry->iommu_quirks;
}

absl::Status UseModel(proto::Scenario& scenario, absl::string_view name) {
  const ZooEntry* entry = Find(name);
  if (entry == nullptr) {
    std::vector<absl::string_view> known;
    for (const ZooEntry& e : Entries()) known.push_back(e.name);
    return absl::NotFoundError(absl::StrCat(
        "model ", Printable(name), " is not in the zoo; known: ", absl::StrJoin(known, ", ")));
  }
  proto::Topology& topology = *scenario.mutable_topology();
  if (entry->target == Target::kVmm) {
    if (!topology.has_migration()) {
      return absl::InvalidArgumentError(
          absl::StrCat("model ", Printable(name),
                       " is a VMM mutant and needs a whole-VM topology "
                       "(topology.migration); the scenario has none"));
    }
    topology.mutable_migration()->set_vmm_model(std::string(name));
    return absl::OkStatus();
  }
  if (entry->target == Target::kIommu) {
    if (topology.hosts_size() == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("model ", Printable(name), " needs a host; the scenario has none"));
    }
    for (proto::Host& host : *topology.mutable_hosts()) host.set_iommu_model(std::string(name));
    return absl::OkStatus();
  }
  int taken = 0;
  for (int i = 0; i < topology.devices_size(); ++i) {
    proto::Device& device = *topology.mutable_devices(i);
    if (!CheckFits(*entry, device, absl::StrCat("topology.devices[", i, "]")).ok()) continue;
    device.set_model(std::string(name));
    ++taken;
  }
  if (taken == 0) {
    return absl::InvalidArgumentError(absl::StrCat("model ", Printable(name), " needs a ",
                                                   NeedsText(*entry),
                                                   "; no device of the scenario is one"));
  }
  return absl::OkStatus();
}

}  // namespace migsim::zoo
