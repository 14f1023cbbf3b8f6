// File: spec/rules/system_view_rules.h
//
// Rules from the system-view documentation proposal,
// 002_e161682a2f26ac74.txt (Documentation/driver-api/vfio.rst): dirty
// tracking of the IOMMU container. Device-state rules of the same document
// live with the v1 NDMA rules.
#ifndef MIGSIM_SPEC_RULES_SYSTEM_VIEW_RULES_H_
#define MIGSIM_SPEC_RULES_SYSTEM_VIEW_RULES_H_

#include "spec/rule.h"

namespace migsim::rules {

inline constexpr absl::string_view kDoc002 = "002_e161682a2f26ac74.txt";

inline constexpr Rule kIommuDirtyLogsDmaWrites = {
    .id = "IOMMU-DIRTY-LOGS-DMA-WRITES",
    .variants = kAllVariants,
    .owner = Owner::kDevice,
    .doc = kDoc002,
    .quote = "Clear the DMA log and start DMA logging",
    .summary =
        "every DMA write completed while dirty tracking is on is reported by the next "
        "GET_BITMAP whose range covers its IOVA page",
    .test = "DirtyLogMonitorTest.LostWriteFires",
};

inline constexpr Rule kIommuDirtyReadClears = {
    .id = "IOMMU-DIRTY-READ-CLEARS",
    .variants = kAllVariants,
    .owner = Owner::kDevice,
    .doc = kDoc002,
    .quote = "DMA logs should be readable with an \"atomic test and clear\"",
    .summary =
        "a page GET_BITMAP reported is cleared: it is not reported again unless a DMA "
        "write dirtied it again",
    .test = "DirtyLogMonitorTest.NotClearingFires",
};

inline constexpr Rule kIommuDirtyStartClears = {
    .id = "IOMMU-DIRTY-START-CLEARS",
    .variants = kAllVariants,
    .owner = Owner::kDevice,
    .doc = kDoc002,
    .quote = "Clear the DMA log",
    .summary =
        "GET_BITMAP reports only pages a DMA write dirtied since the last START: START "
        "leaves nothing of an earlier log behind",
    .test = "DirtyLogMonitorTest.StalePageAfterStartFires",
};

}  // namespace migsim::rules

#endif  // MIGSIM_SPEC_RULES_SYSTEM_VIEW_RULES_H_
