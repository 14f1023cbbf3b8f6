// File: spec/monitors/v2_header_fsm.h
//
// The oracle's own statement of the v2 FSM, written from the header's words
// (include/uapi/linux/vfio.h, as summarised in
// ../shared/reference/kernel-v2-uapi.md section 1.5), independently of the
// model's next-hop table (models/v2/mig_fsm.h):
//   - the arcs the header describes one by one, for a device supporting
//     every optional state (kHeaderArcs);
//   - "For the purpose of specification the states behave as though the
//     device was fully running if not supported": without P2P, RUNNING_P2P
//     is RUNNING and PRE_COPY_P2P is PRE_COPY;
//   - "Arcs touching PRE_COPY and PRE_COPY_P2P are removed if support for
//     PRE_COPY is not present";
//   - combination transitions: "Select the shortest path" and "The path
//     cannot have saving group states as interior arcs, only starting/end
//     states". We read the second as: the path may not enter and leave the
//     saving group (start or end a data session the user never sees); a path
//     from one saving-group state to another may cross a third, as the
//     kernel's PRE_COPY -> PRE_COPY_P2P -> STOP_COPY does;
//   - STOP_COPY -> PRE_COPY and STOP_COPY -> PRE_COPY_P2P are "not permitted
//     and return error if requested"; ERROR cannot be requested and is left
//     only by VFIO_DEVICE_RESET.
// Ties: with the saving-group rule no (flags, from, to) of the four defined
// flag sets has two shortest paths (tests/v2/mig_fsm_test.cc asserts it), so
// no tie-break is needed; the kernel's table gives that same unique path.
#ifndef MIGSIM_SPEC_MONITORS_V2_HEADER_FSM_H_
#define MIGSIM_SPEC_MONITORS_V2_HEADER_FSM_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace migsim::v2_oracle {

// enum vfio_device_mig_state and the VFIO_MIGRATION_* flags, restated.
enum HeaderState : uint32_t {
  kError = 0,
  kStop = 1,
  kRunning = 2,
  kStopCopy = 3,
  kResuming = 4,
  kRunningP2P = 5,
  kPreCopy = 6,
  kPreCopyP2P = 7,
};
inline constexpr uint32_t kStateCount = 8;
inline constexpr uint32_t kFlagStopCopy = 1;
inline constexpr uint32_t kFlagP2P = 2;
inline constexpr uint32_t kFlagPreCopy = 4;

using Arc = std::pair<uint32_t, uint32_t>;  // (from, to)

// The arcs of a device claiming `flags`, sorted.
std::vector<Arc> HeaderArcs(uint32_t flags);
// True when (from, to) is one of HeaderArcs(flags).
bool IsHeaderArc(uint32_t flags, uint32_t from, uint32_t to);
// True when `state` may be requested from a device claiming `flags`.
bool Requestable(uint32_t flags, uint32_t state);
// PRE_COPY, PRE_COPY_P2P, STOP_COPY.
bool InSavingGroup(uint32_t state);
// "STOP_COPY", ...; "STATE<n>" for values the enum does not have.
std::string HeaderStateName(uint32_t state);
// "STOP_COPY|P2P|PRE_COPY".
std::string HeaderFlagsName(uint32_t flags);

// RUNNING_P2P, PRE_COPY_P2P.
bool P2pQuiescent(uint32_t state);
// STOP, STOP_COPY, RESUMING: "must not generate interrupts, DMA, or any
// other change to external state".
bool Stopped(uint32_t state);

// Every shortest path (states, `from` first) from `from` to `to` obeying the
// header's rules, or none when the SET must fail. `from` == `to` gives the
// one path {from} (no arc).
std::vector<std::vector<uint32_t>> ShortestPaths(uint32_t flags, uint32_t from, uint32_t to);
// The path a SET from `from` to `to` must take, or nullopt when it must
// fail. REQUIRES: ShortestPaths has at most one (true for the defined flags).
std::optional<std::vector<uint32_t>> HeaderPath(uint32_t flags, uint32_t from, uint32_t to);

}  // namespace migsim::v2_oracle

#endif  // MIGSIM_SPEC_MONITORS_V2_HEADER_FSM_H_
