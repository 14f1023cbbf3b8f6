// File: tools/fsm_command.h
//
// `migsim fsm`: prints the arcs the v2 core takes for a transition, for a
// driver author who wants to know which arcs to implement. It walks the
// transition with the same code as the simulated ioctl (v2::CorePath:
// RunTransition with the next-hop table, models/v2/mig_fsm.h).
//
//   migsim fsm --flags=STOP_COPY,P2P --from=RUNNING --to=STOP_COPY
//   RUNNING -> RUNNING_P2P -> STOP -> STOP_COPY
//   migsim fsm --flags=STOP_COPY --table      (64 lines, "FROM -> TO: PATH")
//
// A refused transition prints EINVAL (what the SET returns). Unknown flag or
// state names are usage errors (exit 2). The pieces are exposed for tests.
#ifndef MIGSIM_TOOLS_FSM_COMMAND_H_
#define MIGSIM_TOOLS_FSM_COMMAND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "models/v2/mig_fsm.h"

namespace migsim::fsm_tool {

// Parses "STOP_COPY,P2P,PRE_COPY" (names may carry the VFIO_MIGRATION_
// prefix) into VFIO_MIGRATION_* bits. Errors: InvalidArgumentError naming
// the flag and the value (an unknown name, or no STOP_COPY).
absl::StatusOr<uint32_t> ParseMigrationFlags(absl::string_view text);

// Parses a state name (optionally VFIO_DEVICE_STATE_-prefixed); `flag` names
// the command-line flag in the error.
absl::StatusOr<v2::MigState> ParseState(absl::string_view flag, absl::string_view text);

// "RUNNING -> RUNNING_P2P -> STOP" (just "RUNNING" when from == to), or
// "EINVAL" when the SET fails.
std::string TransitionLine(uint32_t flags, v2::MigState from, v2::MigState to);

// Every (from, to) pair in enum order: "FROM -> TO: " + TransitionLine.
std::vector<std::string> TableLines(uint32_t flags);

}  // namespace migsim::fsm_tool

#endif  // MIGSIM_TOOLS_FSM_COMMAND_H_
