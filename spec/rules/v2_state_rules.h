// File: spec/rules/v2_state_rules.h
//
// Rules of the v2 device's behaviour per state: what a stopped device
// (STOP, STOP_COPY, RESUMING) and a P2P-quiescent one (RUNNING_P2P,
// PRE_COPY_P2P) may not do. Judged by spec/monitors/v2_activity_monitor.h
// from DMA, interrupt and internal-change records.
#ifndef MIGSIM_SPEC_RULES_V2_STATE_RULES_H_
#define MIGSIM_SPEC_RULES_V2_STATE_RULES_H_

#include "spec/rule.h"
#include "spec/rules/v2_fsm_rules.h"

namespace migsim::rules {

inline constexpr Rule kV2StopNoDma = {
    .id = "V2-STOP-NO-DMA",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDoc004,
    .quote = "must not generate interrupts, DMA, or any other change to external state.",
    .summary = "in STOP, STOP_COPY and RESUMING the device issues no DMA, raises no interrupt, "
               "and its DMA issued before finished before the arc into the state returned",
    .test = "V2ActivityTest.DmaInStopFires",
};

inline constexpr Rule kV2StopNoInternalChange = {
    .id = "V2-STOP-NO-INTERNAL-CHANGE",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDoc004,
    .quote = "It must not change its internal state.",
    .summary = "in STOP, STOP_COPY and RESUMING the internal state does not change (except "
               "loading the resumed stream and a reset)",
    .test = "V2ActivityTest.TickInStopFires",
};

inline constexpr Rule kV2P2pNoNewP2p = {
    .id = "V2-P2P-NO-NEW-P2P",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "prevent the device from initiating any new P2P DMA",
    .summary = "a DMA the device issued in RUNNING_P2P or PRE_COPY_P2P never reaches a peer",
    .test = "V2ActivityTest.P2pInRunningP2pFires",
};

inline constexpr Rule kV2P2pOutstandingDone = {
    .id = "V2-P2P-OUTSTANDING-DONE",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "Outstanding operations must finish before the arc into a P2P state completes.",
    .summary = "no P2P DMA issued before the arc into RUNNING_P2P / PRE_COPY_P2P completes "
               "after that arc returned",
    .test = "V2ActivityTest.UndrainedP2pFires",
};

}  // namespace migsim::rules

#endif  // MIGSIM_SPEC_RULES_V2_STATE_RULES_H_
