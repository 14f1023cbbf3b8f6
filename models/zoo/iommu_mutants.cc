// File: models/zoo/iommu_mutants.cc
//
// The zoo's IOMMU mutants: the host's VFIO type1 container (sim/iommu.h)
// with one defect of its DMA dirty log switched on through IommuQuirks.
// They apply to every host (Host.iommu_model) and whatever devices run on
// it, since every device's DMA goes through the host's IOMMU.
#include "models/zoo/mutant.h"

namespace migsim::zoo::internal {
namespace {

constexpr ZooEntry kEntries[] = {
    // 002: "DMA logs should be readable with an "atomic test and clear" to
    // allow continuous non-disruptive sampling of the log." GET_BITMAP
    // copies the log of its range out but never clears it, so every later
    // read reports the same pages again.
    {.name = "iommu_bitmap_keeps_log",
     .target = Target::kIommu,
     .kind = proto::DEVICE_KIND_UNSPECIFIED,
     .variants = 0,
     .description = "VFIO_IOMMU_DIRTY_PAGES GET_BITMAP reports dirty pages but does not clear them",
     .clause = "002_e161682a2f26ac74.txt: \"DMA logs should be readable with an \"atomic test "
               "and clear\"\"",
     .expected_rule = "IOMMU-DIRTY-READ-CLEARS",
     .iommu_quirks = {.get_bitmap_keeps_log = true}},
    // 002: DIRTY_TRACKING "Clear the DMA log and start DMA logging": every
    // page a DMA writes is logged. The dirty tracker marks only the page of
    // a write's first byte, so a write crossing a page boundary loses the
    // pages after it.
    {.name = "iommu_dirty_first_page_only",
     .target = Target::kIommu,
     .kind = proto::DEVICE_KIND_UNSPECIFIED,
     .variants = 0,
     .description = "the DMA dirty log misses the later pages of a write crossing a page",
     .clause = "002_e161682a2f26ac74.txt: \"Clear the DMA log and start DMA logging\"",
     .expected_rule = "IOMMU-DIRTY-LOGS-DMA-WRITES",
     .iommu_quirks = {.mark_first_page_only = true}},
};

}  // namespace

absl::Span<const ZooEntry> IommuMutants() { return kEntries; }

}  // namespace migsim::zoo::internal
