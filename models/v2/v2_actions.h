// File: models/v2/v2_actions.h
//
// The v2 scenario actions (Action kinds 200..299, protos/v2.proto): each one
// is a call a VMM makes through the v2 uAPI (VFIO_DEVICE_FEATURE, a data_fd
// read / write / close / VFIO_MIG_GET_PRECOPY_INFO) or a short loop of them
// (save to end of stream, push a saved stream). The VMM's copy of saved
// bytes is the SavedStreams component: every byte a read returns is
// appended to the device's saved stream, which a SET opening a new saving
// session starts afresh.
//
// An action aimed at a device that is not V2_DEVICE is not bad input: it is
// recorded with -ENOTTY (no mig_ops) and does nothing else.
#ifndef MIGSIM_MODELS_V2_V2_ACTIONS_H_
#define MIGSIM_MODELS_V2_V2_ACTIONS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "protos/scenario.pb.h"
#include "sim/world.h"

namespace migsim::v2 {

// The most bytes one read or write action moves, and one piece of a push.
inline constexpr uint64_t kIoBytesMax = uint64_t{1} << 20;
// The most reads one v2_save_to_end issues.
inline constexpr uint32_t kSaveReadsMax = 100000;
// The most ranges one v2_log_start may list (the core refuses more than
// kLogRangesMax with -E2BIG; beyond this it is bad input).
inline constexpr int kLogRangesInputMax = 1024;
// The most pages and the largest page index a REPORT's preset bitmap names.
inline constexpr int kPresetPagesMax = 4096;
inline constexpr uint64_t kPresetPageIndexMax = uint64_t{1} << 24;

// Validates one v2 action; errors name `path`.<field> and the value.
// REQUIRES: IsAction(action), a validated topology.
absl::Status ValidateV2Action(const proto::Scenario& scenario, const proto::Action& action,
                              const std::string& path);

// Executes one validated v2 action. Returns false when the run hit a bound.
//
// Example (textproto actions, executed in order):
//   actions { v2_set_state { device: 0 state: 3 } }          # -> STOP_COPY, data_fd
//   actions { v2_save_to_end { device: 0 } }                # read to end of stream
//   actions { v2_set_state { device: 1 state: 4 } }          # -> RESUMING
//   actions { v2_push { source_device: 0 target_device: 1 } }
//   actions { v2_set_state { device: 1 state: 1 } }          # validate and load
bool ApplyV2Action(World& world, const proto::Action& action);

}  // namespace migsim::v2

#endif  // MIGSIM_MODELS_V2_V2_ACTIONS_H_
