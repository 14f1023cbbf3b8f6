// File: spec/rules/v1_rfc_rules.h
//
// Rules quoting the RFC header of the migration region,
// 003_c35130b7b7431c96.txt: its state combinations, the SAVING and RESUMING
// steps it was first to write down (applied to every v1 variant that kept
// them), and the in-region dirty page bitmap (V1_RFC only). Checked by
// spec/monitors/v1_*_monitor.cc.
#ifndef MIGSIM_SPEC_RULES_V1_RFC_RULES_H_
#define MIGSIM_SPEC_RULES_V1_RFC_RULES_H_

#include "spec/rule.h"
#include "spec/rules/v1_region_rules.h"

namespace migsim::rules {

inline constexpr absl::string_view kDoc003 = "003_c35130b7b7431c96.txt";

inline constexpr Rule kV1RfcInvalidUnreachable = {
    .id = "V1RFC-INVALID-UNREACHABLE",
    .variants = VariantBit(proto::V1_RFC),
    .owner = Owner::kDevice,
    .doc = kDoc003,
    .quote = "_SAVING and _RESUMING bits set at the same time is invalid state.",
    .summary = "device_state never holds SAVING and RESUMING together (the RFC has no error "
               "state) nor a reserved bit (bits 3-31)",
    .test = "V1StateRulesTest.RfcInvalidUnreachableFires",
};

inline constexpr Rule kV1RfcFailedWriteState = {
    .id = "V1RFC-FAILED-WRITE-STATE",
    .variants = VariantBit(proto::V1_RFC),
    .owner = Owner::kDevice,
    .doc = kDoc003,
    .quote = "If device state transition fails, write on this field return error.",
    .summary = "a device_state write that does not transition fails, and leaves the previous "
               "state (the RFC defines no other)",
    .test = "V1StateRulesTest.RfcFailedWriteStateFires",
};

inline constexpr Rule kV1SaveSegmentRead = {
    .id = "V1-SAVE-SEGMENT-READ",
    .variants = kV1AllVariants,
    .owner = Owner::kDevice,
    .doc = kDoc003,
    .quote = "d. read data_size bytes of data from data_offset in the migration region.",
    .summary = "data_size is the length of the segment made available at data_offset, and the "
               "bytes read there are that segment",
    .test = "V1SaveRulesTest.SaveSegmentReadFires",
};

inline constexpr Rule kV1PendingZeroIsEnd = {
    .id = "V1-PENDING-ZERO-IS-END",
    .variants = kV1AndRfc,
    .owner = Owner::kDevice,
    .doc = kDoc003,
    .quote = "Number of pending bytes yet to be migrated from vendor driver",
    .summary = "pending_bytes reads 0 in stop-and-copy only once the whole stream (its end "
               "included) was handed out, and no data follows",
    .test = "V1SaveRulesTest.PendingZeroIsEndFires",
};

inline constexpr Rule kV1ResumeConsumesSegment = {
    .id = "V1-RESUME-CONSUMES-SEGMENT",
    .variants = kV1AllVariants,
    .owner = Owner::kDevice,
    .doc = kDoc003,
    .quote = "c. write data_size which indicates vendor driver that data is written in staging "
             "buffer.",
    .summary = "a successful data_size write while RESUMING consumes exactly the data_size "
               "bytes the user wrote at data_offset",
    .test = "V1ResumeRulesTest.ResumeConsumesSegmentFires",
};

inline constexpr Rule kV1RfcPfnsNone = {
    .id = "V1RFC-PFNS-NONE",
    .variants = VariantBit(proto::V1_RFC),
    .owner = Owner::kDevice,
    .doc = kDoc003,
    .quote = "Vendor driver should return VFIO_DEVICE_DIRTY_PFNS_NONE if none of the pages are "
             "dirty in requested range or rest of the range.",
    .summary = "copied_pfns reads NONE only when no page the device wrote while SAVING (and "
               "not yet reported) lies in the rest of the queried range",
    .test = "V1RfcBitmapRulesTest.PfnsNoneFires",
};

inline constexpr Rule kV1RfcBitmapExact = {
    .id = "V1RFC-BITMAP-EXACT",
    .variants = VariantBit(proto::V1_RFC),
    .owner = Owner::kDevice,
    .doc = kDoc003,
    .quote = "Vendor driver should copy the bitmap with bits set only for pages to be marked "
             "dirty in migration region.",
    .summary = "a copied_pfns count covers at most the rest of the range, and its bitmap has a "
               "bit set exactly for each pfn the device wrote and had not yet reported when it "
               "answered (pages are reported at the copied_pfns read)",
    .test = "V1RfcBitmapRulesTest.BitmapExactFires",
};

}  // namespace migsim::rules

#endif  // MIGSIM_SPEC_RULES_V1_RFC_RULES_H_
