// File: spec/rules/v2_dma_logging_rules.h
//
// Rules of the device's own DMA logging (VFIO_DEVICE_FEATURE_DMA_LOGGING_
// START / STOP / REPORT). Judged by spec/monitors/v2_dma_log_monitor.h.
#ifndef MIGSIM_SPEC_RULES_V2_DMA_LOGGING_RULES_H_
#define MIGSIM_SPEC_RULES_V2_DMA_LOGGING_RULES_H_

#include "spec/rule.h"
#include "spec/rules/v2_fsm_rules.h"

namespace migsim::rules {

inline constexpr Rule kV2LogReportsWrites = {
    .id = "V2-LOG-REPORTS-WRITES",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "Only DMA **writes** are logged,",
    .summary = "every DMA write the device completed inside a logged range while logging is on "
               "is reported by the next successful REPORT whose range covers it",
    .test = "V2DmaLoggingTest.LostWriteFires",
};

inline constexpr Rule kV2LogReportOnlySets = {
    .id = "V2-LOG-REPORT-ONLY-SETS",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "never clear or perform any initialization of the user provided",
    .summary = "REPORT keeps every bit already set in the user's bitmap",
    .test = "V2DmaLoggingTest.ClearingBitmapFires",
};

inline constexpr Rule kV2LogSecondStart = {
    .id = "V2-LOG-SECOND-START",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "Another start is not allowed in the",
    .summary = "a second DMA_LOGGING_START without a STOP between fails",
    .test = "V2DmaLoggingTest.SecondStartAcceptedFires",
};

inline constexpr Rule kV2LogReportWithoutStart = {
    .id = "V2-LOG-REPORT-WITHOUT-START",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "REPORT without logging enabled returns an error.",
    .summary = "DMA_LOGGING_REPORT fails while logging is off",
    .test = "V2DmaLoggingTest.ReportWithoutStartFires",
};

}  // namespace migsim::rules

#endif  // MIGSIM_SPEC_RULES_V2_DMA_LOGGING_RULES_H_
