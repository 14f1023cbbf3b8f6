// File: spec/rules/v1_ndma_rules.h
//
// Rules of the V1_NDMA variant: the rewrite of the v1 text adding NDMA,
// 000_fc85d4adbcac4363.txt, and the system view of
// 002_e161682a2f26ac74.txt (bit-group actions, priority order, reset, open,
// ERROR behaving as NDMA). Where 000 and 002 disagree (000 lets a failed
// !RESUMING keep the previous state, 002 requires ERROR), both rules apply:
// a device claiming V1_NDMA follows both texts, which ERROR satisfies.
// Checked by spec/monitors/v1_*_monitor.cc.
#ifndef MIGSIM_SPEC_RULES_V1_NDMA_RULES_H_
#define MIGSIM_SPEC_RULES_V1_NDMA_RULES_H_

#include "spec/rule.h"

namespace migsim::rules {

inline constexpr absl::string_view kDoc000 = "000_fc85d4adbcac4363.txt";
inline constexpr absl::string_view kDocSystem = "002_e161682a2f26ac74.txt";
inline constexpr VariantMask kV1Ndma = VariantBit(proto::V1_NDMA);

// --- device_state (spec/monitors/v1_state_monitor.cc) ---

inline constexpr Rule kV1NdmaStateCommits = {
    .id = "V1NDMA-STATE-COMMITS",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDoc000,
    .quote = "The kernel migration driver must fully transition the device to the new state "
             "value before the write(2) operation returns to the user.",
    .summary = "when a device_state write returns success the device has committed the "
               "written value",
    .test = "V1StateRulesTest.NdmaStateCommitsFires",
};

inline constexpr Rule kV1NdmaNoAsync = {
    .id = "V1NDMA-NO-ASYNC",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDoc000,
    .quote = "The kernel migration driver must not generate asynchronous device state "
             "transitions outside of manipulation by the user or the VFIO_DEVICE_RESET ioctl "
             "as described below.",
    .summary = "device_state changes only inside a device_state write, a reset or an open",
    .test = "V1StateRulesTest.NdmaNoAsyncFires",
};

inline constexpr Rule kV1NdmaFailedWriteState = {
    .id = "V1NDMA-FAILED-WRITE-STATE",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDoc000,
    .quote = "re-reading the device_state field must indicate the device migration state as "
             "either the same state as prior to the failing write or, at the migration driver "
             "discretion, indicate the device state as VFIO_DEVICE_STATE_ERROR.",
    .summary = "after a failed device_state write the device is in its prior state or ERROR",
    .test = "V1StateRulesTest.NdmaFailedWriteStateFires",
};

inline constexpr Rule kV1NdmaInvalidUnreachable = {
    .id = "V1NDMA-INVALID-UNREACHABLE",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDoc000,
    .quote = "Other invalid combinations are reserved for future use and must not be "
             "reachable.",
    .summary = "device_state never holds a SAVING|RESUMING combination other than ERROR, "
               "RESUMING|RUNNING, a reserved bit, or NDMA without the capability",
    .test = "V1StateRulesTest.NdmaInvalidUnreachableFires",
};

inline constexpr Rule kV1NdmaResumingRunning = {
    .id = "V1NDMA-RESUMING-RUNNING",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDoc000,
    .quote = "Combinations involving (RESUMING | RUNNING) are currently unsupported by this "
             "revision of the uAPI.",
    .summary = "a device_state write asking for RESUMING and RUNNING together fails",
    .test = "V1StateRulesTest.NdmaResumingRunningFires",
};

inline constexpr Rule kV1NdmaResetRunning = {
    .id = "V1NDMA-RESET-RUNNING",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDoc000,
    .quote = "any use of that ioctl must return the device migration state to the default "
             "value.",
    .summary = "VFIO_DEVICE_RESET leaves device_state RUNNING, from every state including ERROR",
    .test = "V1StateRulesTest.NdmaResetRunningFires",
};

inline constexpr Rule kV1NdmaOpenRunning = {
    .id = "V1NDMA-OPEN-RUNNING",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDocSystem,
    .quote = "A freshly opened device FD should always be in",
    .summary = "a freshly opened device is RUNNING",
    .test = "V1StateRulesTest.NdmaOpenRunningFires",
};

inline constexpr Rule kV1NdmaResumingAlways = {
    .id = "V1NDMA-RESUMING-ALWAYS",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDocSystem,
    .quote = "The device must always be able to enter resuming and it may reset the device to "
             "do so.",
    .summary = "a write to a valid state with RESUMING succeeds from every state but ERROR "
               "(fails only through an armed failure)",
    .test = "V1StateRulesTest.NdmaResumingAlwaysFires",
};

inline constexpr Rule kV1NdmaPriorityOrder = {
    .id = "V1NDMA-PRIORITY-ORDER",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDocSystem,
    .quote = "must process the new device_state bits in a priority order:",
    .summary = "a device_state write performs exactly the bit-group actions it triggers, in "
               "the order NDMA, !RUNNING, SAVING|!RUNNING, RESUMING, !RESUMING, RUNNING, "
               "SAVING|RUNNING, !NDMA",
    .test = "V1StateRulesTest.NdmaPriorityOrderFires",
};

inline constexpr Rule kV1NdmaResumeInvalidFails = {
    .id = "V1NDMA-RESUME-INVALID-FAILS",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDoc000,
    .quote = "the migration driver must indicate a write(2) error and follow the previously "
             "described protocol to return either the previous state or an error state.",
    .summary = "a !RESUMING write whose stream failed to load (RESUME_LOADED < 0) fails",
    .test = "V1StateRulesTest.NdmaResumeInvalidFailsFires",
};

inline constexpr Rule kV1NdmaResumeInvalidError = {
    .id = "V1NDMA-RESUME-INVALID-ERROR",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDocSystem,
    .quote = "If the migration data is invalid then the ERROR state must be set.",
    .summary = "a !RESUMING write whose stream failed to load leaves the device in ERROR",
    .test = "V1StateRulesTest.NdmaResumeInvalidErrorFires",
};

// --- activity (spec/monitors/v1_activity_monitor.cc) ---

inline constexpr Rule kV1NdmaStopQuiet = {
    .id = "V1NDMA-STOP-QUIET",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDoc000,
    .quote = "The device must not generate interrupts, DMA, or advance its internal state.",
    .summary = "a !RUNNING device (not in ERROR) issues no DMA, raises no interrupt and changes "
               "no internal state (loading a stream and resets aside)",
    .test = "V1ActivityRulesTest.NdmaStopQuietFires",
};

inline constexpr Rule kV1NdmaNoNewDma = {
    .id = "V1NDMA-NDMA-NO-NEW-DMA",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDoc000,
    .quote = "Setting this bit must prevent the device from initiating any new DMA or "
             "interrupt transactions.",
    .summary = "a RUNNING|NDMA device issues no DMA (RAM or peer-to-peer) and raises no "
               "interrupt",
    .test = "V1ActivityRulesTest.NdmaNoNewDmaFires",
};

inline constexpr Rule kV1NdmaQuiesceDrained = {
    .id = "V1NDMA-QUIESCE-DRAINED",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDoc000,
    .quote = "The migration driver must complete any such outstanding operations prior to "
             "completing the transition to the NDMA state.",
    .summary = "when a write to a state with NDMA or !RUNNING returns, no DMA of the device is "
               "in flight (002: !RUNNING \"Further implies the NDMA behavior above\")",
    .test = "V1ActivityRulesTest.NdmaQuiesceDrainedFires",
};

inline constexpr Rule kV1NdmaErrorAsNdma = {
    .id = "V1NDMA-ERROR-AS-NDMA",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDocSystem,
    .quote = "devices supporting NDMA must behave as though NDMA is asserted during ERROR to "
             "avoid corrupting other devices or a VM during a failed migration.",
    .summary = "an NDMA-capable device in ERROR has no DMA in flight when it enters it, issues "
               "no DMA and raises no interrupt",
    .test = "V1ActivityRulesTest.NdmaErrorAsNdmaFires",
};

// --- the SAVING protocol (spec/monitors/v1_save_monitor.cc) ---

inline constexpr Rule kV1NdmaEndOfStream = {
    .id = "V1NDMA-END-OF-STREAM",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDoc000,
    .quote = "this indicates the end of the device migration stream and the device must not "
             "generate any new migration data.",
    .summary = "pending_bytes reads 0 while SAVING and !RUNNING only once the whole stream was "
               "handed out, and no data follows in that session",
    .test = "V1SaveRulesTest.NdmaEndOfStreamFires",
};

inline constexpr Rule kV1NdmaResetDiscardsWindow = {
    .id = "V1NDMA-RESET-DISCARDS-WINDOW",
    .variants = kV1Ndma,
    .owner = Owner::kDevice,
    .doc = kDocSystem,
    .quote = "it should discard the data window and set device_state to RUNNING as",
    .summary = "after VFIO_DEVICE_RESET the next stream saved or loaded starts from its first "
               "byte",
    .test = "V1SaveRulesTest.NdmaResetDiscardsWindowFires",
};

// --- user obligations ---

inline constexpr Rule kUserV1ResumeSegments = {
    .id = "USER-V1-RESUME-SEGMENTS",
    .variants = VariantBit(proto::V1_RFC) | VariantBit(proto::V1) | kV1Ndma,
    .owner = Owner::kUser,
    .doc = kDoc000,
    .quote = "the data segments must be written in the size and order as provided during "
             "SAVING,",
    .summary = "the segments written while RESUMING are, in order, the segments of one saved "
               "stream with their sizes",
    .test = "V1ResumeRulesTest.UserResumeSegmentsFires",
};

inline constexpr Rule kUserV1NdmaNoMmioStopped = {
    .id = "USER-V1NDMA-NO-MMIO-STOPPED",
    .variants = kV1Ndma,
    .owner = Owner::kUser,
    .doc = kDoc000,
    .quote = "The user should take steps to restrict access to vfio device regions other than "
             "the migration region while the device is !RUNNING",
    .summary = "no vCPU MMIO and no peer-to-peer DMA reaches the BAR of a !RUNNING device",
    .test = "V1ActivityRulesTest.UserNoMmioStoppedFires",
};

}  // namespace migsim::rules

#endif  // MIGSIM_SPEC_RULES_V1_NDMA_RULES_H_
