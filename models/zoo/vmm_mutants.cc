// File: models/zoo/vmm_mutants.cc
//
// The zoo's VMM mutants: the reference VMM with one defect of its flow
// program each. The defects themselves live with the flows they change
// (models/vmm/zoo_flows.h, VmmVariants(): the transformation, the clause
// it breaks and the rule expected); this file lists them in the zoo's
// registry as Target::kVmm entries. They apply to a scenario with a
// whole-VM topology (Topology.migration.vmm_model) and change every flow a
// vmm_migrate starts there.
#include <vector>

#include "models/vmm/zoo_flows.h"
#include "models/zoo/mutant.h"

namespace migsim::zoo::internal {

absl::Span<const ZooEntry> VmmMutants() {
  static const std::vector<ZooEntry>* const kEntries = [] {
    auto* entries = new std::vector<ZooEntry>;
    for (const vmm::VmmVariant& v : vmm::VmmVariants()) {
      entries->push_back(ZooEntry{.name = v.name,
                                  .target = Target::kVmm,
                                  .kind = proto::DEVICE_KIND_UNSPECIFIED,
                                  .variants = 0,
                                  .description = v.description,
                                  .clause = v.clause,
                                  .expected_rule = v.expected_rule});
    }
    return entries;
  }();
  return *kEntries;
}

}  // namespace migsim::zoo::internal
