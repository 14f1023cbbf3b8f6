// File: spec/rules/device_stream_rules.h
//
// Rules about the device migration data stream that hold whichever uAPI
// carries it (v1 data window or v2 data_fd): they judge only the shared
// records INTERNAL_CHANGE, STREAM_END and RESUME_LOADED
// (models/record_kinds.h). Checked by spec/monitors/stream_monitor.cc.
#ifndef MIGSIM_SPEC_RULES_DEVICE_STREAM_RULES_H_
#define MIGSIM_SPEC_RULES_DEVICE_STREAM_RULES_H_

#include "spec/rule.h"

namespace migsim::rules {

inline constexpr Rule kStreamResumeExact = {
    .id = "STREAM-RESUME-EXACT",
    .variants = VariantBit(proto::V1_RFC) | VariantBit(proto::V1) |
                VariantBit(proto::V1_NDMA) | VariantBit(proto::V2),
    .owner = Owner::kDevice,
    .doc = "000_fc85d4adbcac4363.txt",
    .quote = "restoring the device from a migration data stream captured from a SAVING session "
             "with a compatible device.",
    .summary = "a successful load is of a stream some device saved in this run, and leaves the "
               "internal state its source was in when it ended the stream (as the source's "
               "INTERNAL_CHANGE records show, not as its END record claims)",
    .test = "StreamMonitorTest.WrongInternalStateFires",
};

}  // namespace migsim::rules

#endif  // MIGSIM_SPEC_RULES_DEVICE_STREAM_RULES_H_
