// File: spec/rules/v1_region_rules.h
//
// Rules quoting the v1 migration region as merged, 001_272879756ae3d4ee.txt.
// A rule applies to every v1 variant whose own text states the same
// requirement (003 for V1_RFC, 000 for V1_NDMA); spec/README.md lists them.
// Rules only 003 or only 000 / 002 state live in v1_rfc_rules.h and
// v1_ndma_rules.h. Checked by spec/monitors/v1_*_monitor.cc.
#ifndef MIGSIM_SPEC_RULES_V1_REGION_RULES_H_
#define MIGSIM_SPEC_RULES_V1_REGION_RULES_H_

#include "spec/rule.h"

namespace migsim::rules {

inline constexpr absl::string_view kDoc001 = "001_272879756ae3d4ee.txt";

inline constexpr VariantMask kV1AllVariants =
    VariantBit(proto::V1_RFC) | VariantBit(proto::V1) | VariantBit(proto::V1_NDMA);
inline constexpr VariantMask kV1AndRfc = VariantBit(proto::V1_RFC) | VariantBit(proto::V1);
inline constexpr VariantMask kV1AndNdma = VariantBit(proto::V1) | VariantBit(proto::V1_NDMA);

// --- device_state and the header (spec/monitors/v1_state_monitor.cc) ---

inline constexpr Rule kV1FieldWidth = {
    .id = "V1-FIELD-WIDTH",
    .variants = kV1AllVariants,
    .owner = Owner::kDevice,
    .doc = kDoc001,
    .quote = "Otherwise, the result is undefined and vendor drivers should return an error.",
    .summary = "an access to the header that is not a field at its native width and alignment "
               "fails",
    .test = "V1StateRulesTest.FieldWidthFires",
};

inline constexpr Rule kV1ReservedField = {
    .id = "V1-RESERVED-FIELD",
    .variants = kV1AllVariants,
    .owner = Owner::kDevice,
    .doc = kDoc001,
    .quote = "Reads on this field return zero and writes are ignored.",
    .summary = "the reserved u32 at offset 4 reads 0, and a write to it changes no state",
    .test = "V1StateRulesTest.ReservedFieldFires",
};

inline constexpr Rule kV1StateCommits = {
    .id = "V1-STATE-COMMITS",
    .variants = kV1AndRfc,
    .owner = Owner::kDevice,
    .doc = kDoc001,
    .quote = "After successful transition to a given state, the vendor driver should return "
             "success on write(device_state, state) system call.",
    .summary = "a successful device_state write leaves the device in the written state, and "
               "device_state reads it back until the next write or reset",
    .test = "V1StateRulesTest.StateCommitsFires",
};

inline constexpr Rule kV1FailedWriteState = {
    .id = "V1-FAILED-WRITE-STATE",
    .variants = VariantBit(proto::V1),
    .owner = Owner::kDevice,
    .doc = kDoc001,
    .quote = "The vendor driver should return previous state of the device",
    .summary = "after a failed device_state write the device is in its previous state or in "
               "ERROR (110b)",
    .test = "V1StateRulesTest.FailedWriteStateFires",
};

inline constexpr Rule kV1ErrorOnlyOnFailure = {
    .id = "V1-ERROR-ONLY-ON-FAILURE",
    .variants = kV1AndNdma,
    .owner = Owner::kDevice,
    .doc = kDoc001,
    .quote = "unless the vendor driver has encountered an internal error, in which case the "
             "vendor driver may report the device_state VFIO_DEVICE_STATE_ERROR.",
    .summary = "the error state is entered only by a device_state write that fails",
    .test = "V1StateRulesTest.ErrorOnlyOnFailureFires",
};

inline constexpr Rule kV1InvalidUnreachable = {
    .id = "V1-INVALID-UNREACHABLE",
    .variants = VariantBit(proto::V1),
    .owner = Owner::kDevice,
    .doc = kDoc001,
    .quote = "101b => Invalid state",
    .summary = "device_state never holds 101b, 111b or a reserved bit (bits 3-31)",
    .test = "V1StateRulesTest.InvalidUnreachableFires",
};

inline constexpr Rule kV1DefaultRunning = {
    .id = "V1-DEFAULT-RUNNING",
    .variants = VariantBit(proto::V1),
    .owner = Owner::kDevice,
    .doc = kDoc001,
    .quote = "001b => Device running, which is the default state",
    .summary = "a freshly opened device is RUNNING",
    .test = "V1StateRulesTest.DefaultRunningFires",
};

inline constexpr Rule kV1PrecopyNotRequiredZero = {
    .id = "V1-PRECOPY-NOT-REQUIRED-ZERO",
    .variants = kV1AndNdma,
    .owner = Owner::kDevice,
    .doc = kDoc001,
    .quote = "The user must not be required to consume all migration data before the device "
             "transitions to a new state, including the stop-and-copy state.",
    .summary = "SAVING|RUNNING -> SAVING succeeds whatever pending_bytes reads (fails only "
               "through an armed failure)",
    .test = "V1StateRulesTest.PrecopyNotRequiredZeroFires",
};

// --- activity (spec/monitors/v1_activity_monitor.cc) ---

inline constexpr Rule kV1StopStops = {
    .id = "V1-STOP-STOPS",
    .variants = kV1AndRfc,
    .owner = Owner::kDevice,
    .doc = kDoc001,
    .quote = "When the device state is changed to _STOP, driver should stop the device before "
             "write() returns.",
    .summary = "when a write to a !RUNNING state returns no DMA is outstanding, and a "
               "!RUNNING device issues no DMA, raises no interrupt, changes no internal state",
    .test = "V1ActivityRulesTest.StopStopsFires",
};

// --- the SAVING protocol (spec/monitors/v1_save_monitor.cc) ---

inline constexpr Rule kV1DataOffsetInRegion = {
    .id = "V1-DATA-OFFSET-IN-REGION",
    .variants = kV1AllVariants,
    .owner = Owner::kDevice,
    .doc = kDoc001,
    .quote = "The structure vfio_device_migration_info is always followed by the data section "
             "in the region, so data_offset will always be nonzero.",
    .summary = "data_offset (SAVING or RESUMING) lies beyond the header, and the segment at it "
               "lies inside the region",
    .test = "V1SaveRulesTest.DataOffsetInRegionFires",
};

inline constexpr Rule kV1DataOffsetMmapAligned = {
    .id = "V1-DATA-OFFSET-MMAP-ALIGNED",
    .variants = kV1AllVariants,
    .owner = Owner::kDevice,
    .doc = kDoc001,
    .quote = "If mmapped, data_offset should be page aligned,",
    .summary = "with a sparse-mmap data section, data_offset is a multiple of 4096",
    .test = "V1SaveRulesTest.DataOffsetMmapAlignedFires",
};

inline constexpr Rule kV1PendingNoSideEffects = {
    .id = "V1-PENDING-NO-SIDE-EFFECTS",
    .variants = kV1AndNdma,
    .owner = Owner::kDevice,
    .doc = kDoc001,
    .quote = "Repeated read on pending_bytes at this stage should have no side effects.",
    .summary = "back-to-back pending_bytes reads of a !RUNNING SAVING device return the same "
               "value",
    .test = "V1SaveRulesTest.PendingNoSideEffectsFires",
};

// --- user obligations ---

inline constexpr Rule kUserV1FieldWidth = {
    .id = "USER-V1-FIELD-WIDTH",
    .variants = kV1AllVariants,
    .owner = Owner::kUser,
    .doc = kDoc001,
    .quote = "Field accesses from this structure are only supported at their native width and "
             "alignment.",
    .summary = "the user accesses header fields only at their native width and alignment",
    .test = "V1StateRulesTest.UserFieldWidthFires",
};

inline constexpr Rule kUserV1ReadModifyWrite = {
    .id = "USER-V1-RMW",
    .variants = kV1AllVariants,
    .owner = Owner::kUser,
    .doc = kDoc001,
    .quote = "To preserve them, the user application should perform a read-modify-write "
             "operation on this field when modifying the specified bits.",
    .summary = "a device_state write follows a read of device_state since the last change, and "
               "keeps that read's reserved bits",
    .test = "V1StateRulesTest.UserReadModifyWriteFires",
};

inline constexpr Rule kUserV1ErrorNeedsReset = {
    .id = "USER-V1-ERROR-NEEDS-RESET",
    .variants = kV1AndNdma,
    .owner = Owner::kUser,
    .doc = kDoc001,
    .quote = "The user application must use the device reset ioctl to recover the device from "
             "VFIO_DEVICE_STATE_ERROR state.",
    .summary = "the user does not write device_state of a device in ERROR; it resets it",
    .test = "V1StateRulesTest.UserErrorNeedsResetFires",
};

inline constexpr Rule kUserV1NoIterateAtZero = {
    .id = "USER-V1-NO-ITERATE-AT-ZERO",
    .variants = kV1AllVariants,
    .owner = Owner::kUser,
    .doc = kDoc001,
    .quote = "If pending_bytes == 0, the user application should not iterate to get data for "
             "that device.",
    .summary = "the user does not read data_offset for a segment after pending_bytes read 0",
    .test = "V1SaveRulesTest.UserNoIterateAtZeroFires",
};

}  // namespace migsim::rules

#endif  // MIGSIM_SPEC_RULES_V1_REGION_RULES_H_
