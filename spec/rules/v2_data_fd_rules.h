// File: spec/rules/v2_data_fd_rules.h
//
// Rules of the v2 data transfer sessions: which SET returns a data_fd, how a
// session ends, what read() answers at the ends of the stream,
// VFIO_MIG_GET_PRECOPY_INFO, the final check on RESUMING -> STOP,
// MIG_DATA_SIZE, and the user's duties (resume what one fd saved, close
// every fd). Judged by spec/monitors/v2_data_fd_monitor.h.
#ifndef MIGSIM_SPEC_RULES_V2_DATA_FD_RULES_H_
#define MIGSIM_SPEC_RULES_V2_DATA_FD_RULES_H_

#include "spec/rule.h"
#include "spec/rules/v2_fsm_rules.h"

namespace migsim::rules {

inline constexpr Rule kV2DataFdNewOnEntry = {
    .id = "V2-DATAFD-NEW-ON-ENTRY",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDoc004,
    .quote = "will return a new data_fd.",
    .summary = "entering the saving group from outside it, or RESUMING, returns a new data_fd; "
               "no other arc does, and the SET returns that fd",
    .test = "V2DataFdTest.NoFdOnEntryFires",
};

inline constexpr Rule kV2DataFdKeptInGroup = {
    .id = "V2-DATAFD-KEPT-IN-GROUP",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "terminate or otherwise affect the associated",
    .summary = "moves inside the saving group keep the session: no new fd, and its fd does not "
               "answer as ended (-ENODEV / -EBADF) while it lasts",
    .test = "V2DataFdTest.SessionEndedInsideGroupFires",
};

inline constexpr Rule kV2DataFdEndsOnLeave = {
    .id = "V2-DATAFD-ENDS-ON-LEAVE",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDoc004,
    .quote = "FD reaches end of stream or error",
    .summary = "once the FSM left the session's states (or reset, close, ERROR) its fd moves no "
               "more data: read and write return 0 or an error, PRECOPY_INFO fails",
    .test = "V2DataFdTest.StaleFdStillReadsFires",
};

inline constexpr Rule kV2PrecopyTempEndEnomsg = {
    .id = "V2-PRECOPY-TEMP-END-ENOMSG",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "it is reached when both fields are 0.",
    .summary = "in PRE_COPY states read() signals the temporary end of stream with -ENOMSG, "
               "never 0",
    .test = "V2DataFdTest.ZeroInPreCopyFires",
};

inline constexpr Rule kV2StopCopyEndPermanent = {
    .id = "V2-STOPCOPY-END-PERMANENT",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "In STOP_COPY the end of stream is permanent:",
    .summary = "in STOP_COPY read() never returns -ENOMSG, and after it returned 0 it returns 0",
    .test = "V2DataFdTest.EnomsgInStopCopyFires",
};

inline constexpr Rule kV2PrecopyInfoState = {
    .id = "V2-PRECOPY-INFO-STATE",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "Valid only in the PRE_COPY states.",
    .summary = "VFIO_MIG_GET_PRECOPY_INFO succeeds only in PRE_COPY and PRE_COPY_P2P",
    .test = "V2DataFdTest.PrecopyInfoInStopCopyFires",
};

inline constexpr Rule kV2PrecopyInfoConsistent = {
    .id = "V2-PRECOPY-INFO-CONSISTENT",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "should start non-zero and fall as data is read.",
    .summary = "PRECOPY_INFO agrees with the next read (both 0 => -ENOMSG, else data) when "
               "nothing changed between, and initial_bytes never rises within a session",
    .test = "V2DataFdTest.InfoDisagreeingWithReadFires",
};

inline constexpr Rule kV2ResumeValidates = {
    .id = "V2-RESUME-VALIDATES",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "If the data is incomplete or invalid it",
    .summary = "RESUMING -> STOP succeeds only when the bytes written are one whole stream a "
               "compatible device saved",
    .test = "V2DataFdTest.AcceptingTruncatedStreamFires",
};

inline constexpr Rule kV2DataSizeAnyState = {
    .id = "V2-DATA-SIZE-ANY-STATE",
    .variants = kV2Only,
    .owner = Owner::kDevice,
    .doc = kDocV2Uapi,
    .quote = "Can be called on each device",
    .summary = "a well-formed GET of MIG_DATA_SIZE succeeds in every device_state",
    .test = "V2DataFdTest.DataSizeFailingInStopFires",
};

inline constexpr Rule kUserV2ResumeSingleFd = {
    .id = "USER-V2-RESUME-SINGLE-FD",
    .variants = kV2Only,
    .owner = Owner::kUser,
    .doc = kDoc004,
    .quote = "be taken from the data transfer output of a single FD during saving",
    .summary = "what the user writes into a RESUMING fd is the output of one saving data_fd of "
               "a compatible device, whole or cut short (a cut is recognised where a read of "
               "that fd ended; an incomplete stream is the device's to refuse)",
    .test = "V2DataFdTest.UserResumingGarbageFires",
};

inline constexpr Rule kUserV2CloseDataFd = {
    .id = "USER-V2-CLOSE-DATA-FD",
    .variants = kV2Only,
    .owner = Owner::kUser,
    .doc = kDocV2Uapi,
    .quote = "returns a new FD and the user must close",
    .summary = "the user closes every data_fd it was given before the run ends",
    .test = "V2DataFdTest.UnclosedFdFires",
};

}  // namespace migsim::rules

#endif  // MIGSIM_SPEC_RULES_V2_DATA_FD_RULES_H_
