// File: spec/rules/v2_fsm_rules.h
//
// Rules of the v2 migration FSM and of the core's VFIO_DEVICE_FEATURE
// handling: which arcs exist for a device's flags, which SETs must be
// refused, the path a combination transition takes, what a SET and a GET
// report, ERROR and reset. Judged by spec/monitors/v2_fsm_monitor.h.
//
// Documents: 004_ca0a322ccd212e3d.txt (the v2 review thread) has the STOP
// arcs and data_fd wording; the merged header's facts (P2P, PRE_COPY, path
// rules, ERROR, the core's replies) are quoted from
// ../reference/kernel-v2-uapi.md (the reference summary of
// include/uapi/linux/vfio.h and drivers/vfio/vfio_main.c), named relative
// to ../shared/spec/.
#ifndef MIGSIM_SPEC_RULES_V2_FSM_RULES_H_
#define MIGSIM_SPEC_RULES_V2_FSM_RULES_H_

#include "spec/rule.h"

namespace migsim::rules {

inline constexpr absl::string_view kDoc004 = "004_ca0a322ccd212e3d.txt";
inline constexpr absl::string_view kDocV2Uapi = "../reference/kernel-v2-uapi.md";
inline constexpr VariantMask kV2Only = VariantBit(proto::V2);

inline constexpr Rule kV2ArcInFsm = {
    .id = "V2-ARC-IN-FSM",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "touching PRE_COPY and PRE_COPY_P2P are removed if support for PRE_COPY is not",
    .summary = "every arc a driver takes starts in the current state, is an arc of the FSM for "
               "the device's flags and happens inside a SET",
    .test = "V2FsmMonitorTest.ArcOutsideFsmFires",
};

inline constexpr Rule kV2StopCopyToPreCopyRefused = {
    .id = "V2-STOPCOPY-TO-PRECOPY-REFUSED",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "permitted and return error if",
    .summary = "SET from STOP_COPY to PRE_COPY or PRE_COPY_P2P fails without taking an arc",
    .test = "V2FsmMonitorTest.StopCopyToPreCopyFires",
};

inline constexpr Rule kV2UnsupportedStateRefused = {
    .id = "V2-UNSUPPORTED-STATE-REFUSED",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "Optional states cannot be used with SET_STATE unless the device supports them.",
    .summary = "SET of a state the device's flags do not support (or of no state at all) fails "
               "without taking an arc or changing device_state",
    .test = "V2FsmMonitorTest.UnsupportedStateFires",
};

inline constexpr Rule kV2ErrorNotSettable = {
    .id = "V2-ERROR-NOT-SETTABLE",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "be specified as a device",
    .summary = "SET of ERROR from any other state fails without taking an arc",
    .test = "V2FsmMonitorTest.SetErrorAcceptedFires",
};

inline constexpr Rule kV2PathShortest = {
    .id = "V2-PATH-SHORTEST",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "saving group states as interior arcs, only starting/end",
    .summary = "a combination transition walks the one shortest path whose interior has no "
               "saving-group state (the kernel's path), arc by arc",
    .test = "V2FsmMonitorTest.PathThroughSavingGroupFires",
};

inline constexpr Rule kV2SetReturns = {
    .id = "V2-SET-RETURNS",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "fully transition the device to the new state value before the operation",
    .summary = "every SET returns, within a bounded number of arcs (twice the longest path)",
    .test = "V2FsmMonitorTest.LoopingDriverFires",
};

inline constexpr Rule kV2SetCompletes = {
    .id = "V2-SET-COMPLETES",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "fully transition the device to the new state value before the operation",
    .summary = "a SET that returns 0 has put the device in the requested state",
    .test = "V2FsmMonitorTest.EarlyReturnFires",
};

inline constexpr Rule kV2SetReportsCallerValue = {
    .id = "V2-SET-REPORTS-CALLER-VALUE",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "So after a failed SET the user has to GET to learn the real state.",
    .summary = "SET writes back the caller's own device_state, and data_fd = -1 when it fails",
    .test = "V2FsmMonitorTest.SetReportsCurrentStateFires",
};

inline constexpr Rule kV2ArcFailState = {
    .id = "V2-ARC-FAIL-STATE",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "unable to restore the device to any valid",
    .summary = "an arc that fails leaves the device in its from state or in ERROR",
    .test = "V2FsmMonitorTest.FailedArcReachingTargetFires",
};

inline constexpr Rule kV2ErrorSticky = {
    .id = "V2-ERROR-STICKY",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "failed and must be",
    .summary = "in ERROR no arc is taken and no SET to another state succeeds; only "
               "VFIO_DEVICE_RESET leaves it",
    .test = "V2FsmMonitorTest.LeavingErrorBySetFires",
};

inline constexpr Rule kV2GetReportsState = {
    .id = "V2-GET-REPORTS-STATE",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "GET returns the current state with",
    .summary = "GET of MIG_DEVICE_STATE reports the state the arcs left the device in",
    .test = "V2FsmMonitorTest.StaleGetFires",
};

inline constexpr Rule kV2ResetRunning = {
    .id = "V2-RESET-RUNNING",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "which returns device_state to",
    .summary = "a successful VFIO_DEVICE_RESET leaves the device in RUNNING",
    .test = "V2FsmMonitorTest.ResetNotRunningFires",
};

inline constexpr Rule kV2FeatureCoreChecks = {
    .id = "V2-FEATURE-CORE-CHECKS",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "and SET are mutually exclusive, except for use with",
    .summary = "VFIO_DEVICE_FEATURE refuses a short argsz, unknown flag bits, GET with SET "
               "without PROBE, and an operation or size the feature does not take",
    .test = "V2FsmMonitorTest.CoreAcceptingGetAndSetFires",
};

inline constexpr Rule kV2MigrationFlags = {
    .id = "V2-MIGRATION-FLAGS",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "at least VFIO_MIGRATION_STOP_COPY must be",
    .summary = "GET of VFIO_DEVICE_FEATURE_MIGRATION reports the device's flags, STOP_COPY set",
    .test = "V2FsmMonitorTest.WrongMigrationFlagsFires",
};

inline constexpr Rule kUserV2NoSetError = {
    .id = "USER-V2-NO-SET-ERROR",
    .variants = kV2Only,
    .owner = Owner::kUser,
    .doc = kDocV2Uapi,
    .quote = "be specified as a device",
    .summary = "the user never requests ERROR",
    .test = "V2FsmMonitorTest.UserRequestingErrorFires",
};

}  // namespace migsim::rules

#endif  // MIGSIM_SPEC_RULES_V2_FSM_RULES_H_
