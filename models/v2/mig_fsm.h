// File: models/v2/mig_fsm.h
//
// The v2 migration FSM as the VFIO core defines it: enum
// vfio_device_mig_state, the VFIO_MIGRATION_* flags, the next-hop table and
// the step function vfio_mig_get_next_state() of drivers/vfio/vfio_main.c
// (torvalds/linux), and the loop every Linux v2 driver (mtty, mlx5, pds)
// runs in its migration_set_state op: ask the step function for the next
// state, execute that one arc, repeat until the requested state is reached or
// an arc fails. The simulated ioctl (models/v2/v2_driver.cc) and `migsim fsm`
// (tools/fsm_command.cc) both walk transitions through RunTransition() with
// NextState(), so what the tool prints is what the model does.
//
// The table is data (style.md R3), mirroring vfio_from_fsm_table; it is
// written independently of the kernel source, and its shape is asserted at
// compile time below. tests/v2/mig_fsm_test.cc compares every (flags, from,
// to) against an independent statement of the header's path rules.
#ifndef MIGSIM_MODELS_V2_MIG_FSM_H_
#define MIGSIM_MODELS_V2_MIG_FSM_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"

namespace migsim::v2 {

// enum vfio_device_mig_state, with the uAPI's numbers.
enum MigState : uint8_t {
  kStateError = 0,
  kStateStop = 1,
  kStateRunning = 2,
  kStateStopCopy = 3,
  kStateResuming = 4,
  kStateRunningP2P = 5,
  kStatePreCopy = 6,
  kStatePreCopyP2P = 7,
};
inline constexpr int kMigStateCount = 8;

// The VFIO_MIGRATION_* flags of VFIO_DEVICE_FEATURE_MIGRATION.
inline constexpr uint32_t kMigrationStopCopy = 1u << 0;  // VFIO_MIGRATION_STOP_COPY
inline constexpr uint32_t kMigrationP2P = 1u << 1;       // VFIO_MIGRATION_P2P
inline constexpr uint32_t kMigrationPreCopy = 1u << 2;   // VFIO_MIGRATION_PRE_COPY
inline constexpr uint32_t kMigrationFlagsAll =
    kMigrationStopCopy | kMigrationP2P | kMigrationPreCopy;

// The four flag combinations the header defines ("Other combinations of
// flags have behavior to be defined in the future").
inline constexpr std::array<uint32_t, 4> kDefinedFlagSets = {
    kMigrationStopCopy, kMigrationStopCopy | kMigrationP2P,
    kMigrationStopCopy | kMigrationPreCopy, kMigrationFlagsAll};

// kNextHop[cur][new]: the next state on the way from `cur` to `new` for a
// device that supports every optional state, as vfio_from_fsm_table in
// drivers/vfio/vfio_main.c. kStateError marks a blocked pair. Rows and columns
// are in enum order (ERROR, STOP, RUNNING, STOP_COPY, RESUMING, RUNNING_P2P,
// PRE_COPY, PRE_COPY_P2P).
//
// Arcs a driver implements (vfio_main.c's comment over the table):
//   always:               RESUMING -> STOP, STOP -> RESUMING, STOP -> STOP_COPY,
//                         STOP_COPY -> STOP
//   with P2P:             RUNNING -> RUNNING_P2P, RUNNING_P2P -> RUNNING,
//                         RUNNING_P2P -> STOP, STOP -> RUNNING_P2P
//   without P2P:          RUNNING -> STOP, STOP -> RUNNING
//   PRE_COPY without P2P: RUNNING -> PRE_COPY, PRE_COPY -> RUNNING,
//                         PRE_COPY -> STOP_COPY
//   PRE_COPY with P2P:    PRE_COPY -> RUNNING, PRE_COPY -> PRE_COPY_P2P,
//                         PRE_COPY_P2P -> PRE_COPY, PRE_COPY_P2P -> RUNNING_P2P,
//                         PRE_COPY_P2P -> STOP_COPY, RUNNING -> PRE_COPY,
//                         RUNNING_P2P -> PRE_COPY_P2P
// Multi-step paths with every optional state supported, e.g.
//   RUNNING -> RUNNING_P2P -> STOP -> STOP_COPY
//   PRE_COPY -> RUNNING -> RUNNING_P2P -> STOP -> RESUMING
//   RESUMING -> STOP -> RUNNING_P2P -> RUNNING -> PRE_COPY
// Blocked: STOP_COPY -> PRE_COPY, STOP_COPY -> PRE_COPY_P2P, and every pair
// from or to ERROR except ERROR -> ERROR.
inline constexpr std::array<std::array<MigState, kMigStateCount>, kMigStateCount> kNextHop = {{
    // from ERROR: ERROR is left only through VFIO_DEVICE_RESET.
    {kStateError, kStateError, kStateError, kStateError, kStateError, kStateError, kStateError,
     kStateError},
    // from STOP
    {kStateError, kStateStop, kStateRunningP2P, kStateStopCopy, kStateResuming, kStateRunningP2P,
     kStateRunningP2P, kStateRunningP2P},
    // from RUNNING
    {kStateError, kStateRunningP2P, kStateRunning, kStateRunningP2P, kStateRunningP2P,
     kStateRunningP2P, kStatePreCopy, kStateRunningP2P},
    // from STOP_COPY: the saving group is never re-entered from STOP_COPY.
    {kStateError, kStateStop, kStateStop, kStateStopCopy, kStateStop, kStateStop, kStateError,
     kStateError},
    // from RESUMING
    {kStateError, kStateStop, kStateStop, kStateStop, kStateResuming, kStateStop, kStateStop,
     kStateStop},
    // from RUNNING_P2P
    {kStateError, kStateStop, kStateRunning, kStateStop, kStateStop, kStateRunningP2P,
     kStateRunning, kStatePreCopyP2P},
    // from PRE_COPY
    {kStateError, kStateRunning, kStateRunning, kStatePreCopyP2P, kStateRunning, kStateRunning,
     kStatePreCopy, kStatePreCopyP2P},
    // from PRE_COPY_P2P
    {kStateError, kStateRunningP2P, kStateRunningP2P, kStateStopCopy, kStateRunningP2P,
     kStateRunningP2P, kStatePreCopy, kStatePreCopyP2P},
}};

// kStateFlags[state]: the VFIO_MIGRATION_* flags a device must claim to
// support `state` (state_flags_table in vfio_main.c). ERROR needs every bit,
// including ones no device has, so it can never be requested.
inline constexpr std::array<uint32_t, kMigStateCount> kStateFlags = {
    ~0u,                                                   // ERROR
    kMigrationStopCopy,                                    // STOP
    kMigrationStopCopy,                                    // RUNNING
    kMigrationStopCopy,                                    // STOP_COPY
    kMigrationStopCopy,                                    // RESUMING
    kMigrationStopCopy | kMigrationP2P,                    // RUNNING_P2P
    kMigrationStopCopy | kMigrationPreCopy,                // PRE_COPY
    kMigrationStopCopy | kMigrationP2P | kMigrationPreCopy  // PRE_COPY_P2P
};

// DriverArc: one arc a driver implements, with the flags under which the
// core's walk uses it: every bit of `needs` set and no bit of `excludes`.
struct DriverArc {
  MigState from;
  MigState to;
  uint32_t needs;
  uint32_t excludes;
};

// Every arc of every flag combination (the list above, as data).
inline constexpr std::array<DriverArc, 18> kDriverArcs = {{
    {kStateResuming, kStateStop, kMigrationStopCopy, 0},
    {kStateStop, kStateResuming, kMigrationStopCopy, 0},
    {kStateStop, kStateStopCopy, kMigrationStopCopy, 0},
    {kStateStopCopy, kStateStop, kMigrationStopCopy, 0},
    {kStateRunning, kStateRunningP2P, kMigrationP2P, 0},
    {kStateRunningP2P, kStateRunning, kMigrationP2P, 0},
    {kStateRunningP2P, kStateStop, kMigrationP2P, 0},
    {kStateStop, kStateRunningP2P, kMigrationP2P, 0},
    {kStateRunning, kStateStop, kMigrationStopCopy, kMigrationP2P},
    {kStateStop, kStateRunning, kMigrationStopCopy, kMigrationP2P},
    {kStateRunning, kStatePreCopy, kMigrationPreCopy, 0},
    {kStatePreCopy, kStateRunning, kMigrationPreCopy, 0},
    {kStatePreCopy, kStateStopCopy, kMigrationPreCopy, kMigrationP2P},
    {kStatePreCopy, kStatePreCopyP2P, kMigrationPreCopy | kMigrationP2P, 0},
    {kStatePreCopyP2P, kStatePreCopy, kMigrationPreCopy | kMigrationP2P, 0},
    {kStatePreCopyP2P, kStateRunningP2P, kMigrationPreCopy | kMigrationP2P, 0},
    {kStatePreCopyP2P, kStateStopCopy, kMigrationPreCopy | kMigrationP2P, 0},
    {kStateRunningP2P, kStatePreCopyP2P, kMigrationPreCopy | kMigrationP2P, 0},
}};

// True when a device claiming `flags` supports `state` (ERROR never is).
constexpr bool StateSupported(uint32_t flags, uint32_t state) {
  return state < kMigStateCount && (kStateFlags[state] & flags) == kStateFlags[state];
}

// True for PRE_COPY, PRE_COPY_P2P and STOP_COPY, the states that share one
// data transfer session (the header's "saving group").
constexpr bool InSavingGroup(uint32_t state) {
  return state == kStateStopCopy || state == kStatePreCopy || state == kStatePreCopyP2P;
}

// True when `arc` is one the core's walk uses for a device claiming `flags`.
constexpr bool ArcUsed(const DriverArc& arc, uint32_t flags) {
  return (arc.needs & flags) == arc.needs && (arc.excludes & flags) == 0;
}

namespace mig_fsm_internal {

// True when every entry of kNextHop is the diagonal, ERROR, or the `to` of
// an arc of kDriverArcs that leaves the row's state.
constexpr bool EveryHopIsAnArc() {
  for (int cur = 0; cur < kMigStateCount; ++cur) {
    for (int dst = 0; dst < kMigStateCount; ++dst) {
      const MigState hop = kNextHop[cur][dst];
      if (hop == kStateError || (hop == cur && cur == dst)) continue;
      bool found = false;
      for (const DriverArc& arc : kDriverArcs) found |= arc.from == cur && arc.to == hop;
      if (!found) return false;
    }
  }
  return true;
}

// True when the diagonal is the identity and nothing but ERROR leaves ERROR.
constexpr bool DiagonalAndErrorRow() {
  for (int s = 0; s < kMigStateCount; ++s) {
    if (kNextHop[s][s] != s || kNextHop[kStateError][s] != kStateError) return false;
    if (s != kStateError && kNextHop[s][kStateError] != kStateError) return false;
  }
  return true;
}

}  // namespace mig_fsm_internal

static_assert(mig_fsm_internal::DiagonalAndErrorRow(), "the diagonal is the identity");
static_assert(mig_fsm_internal::EveryHopIsAnArc(), "every next hop is a driver arc");
static_assert(kNextHop[kStateStopCopy][kStatePreCopy] == kStateError, "blocked by the header");
static_assert(kNextHop[kStateStopCopy][kStatePreCopyP2P] == kStateError, "blocked by the header");
static_assert(kStateFlags[kStateRunning] == kMigrationStopCopy, "RUNNING is always supported");

// The step bound of one SET: more arcs than any path of the table needs
// (the longest has 4). A walk that reaches it stops with -ELOOP.
inline constexpr int kSetArcsMax = 16;

// vfio_mig_get_next_state(): the next state on the way from `cur` to
// `requested` for a device claiming `flags`, skipping unsupported optional
// states. Returns 0 and sets *next, or -EINVAL when `cur` or `requested` is
// not a supported state (unknown values and ERROR included) or the pair is
// blocked. REQUIRES: cur < kMigStateCount.
int NextState(uint32_t flags, MigState cur, uint32_t requested, MigState* next);

// TransitionOutcome: how one walk ended.
struct TransitionOutcome {
  int error = 0;          // 0, the step function's -errno, or the failed arc's
  MigState reached = kStateError;
  int arcs = 0;           // arcs attempted, the failed one included
  bool bound_hit = false; // kSetArcsMax arcs without reaching `requested`
};

// The step function: sets *next as NextState() does; returns 0 or -errno.
using NextStateFn = absl::FunctionRef<int(MigState cur, uint32_t requested, MigState* next)>;
// One arc: executes from -> to, sets *after to the state the device is in
// afterwards (`to` on success; `from` or ERROR on failure) and returns 0 or
// -errno.
using StepArcFn = absl::FunctionRef<int(MigState from, MigState to, MigState* after)>;

// The driver's set_state loop: while the state differs from `requested`,
// asks `next` for the next state and executes that arc with `step`. Stops at
// the first error, or with -ELOOP after kSetArcsMax arcs (never hangs).
//
// Example:
//   TransitionOutcome o = RunTransition(kStateRunning, kStateStopCopy,
//       [&](MigState c, uint32_t r, MigState* n) { return NextState(flags, c, r, n); },
//       [&](MigState f, MigState t, MigState* a) { *a = t; return 0; });
TransitionOutcome RunTransition(MigState cur, uint32_t requested, NextStateFn next,
                                StepArcFn step);

// The states the core walks through from `from` to `to` for `flags`, `from`
// first, or nullopt when the SET fails (-EINVAL). Uses RunTransition and
// NextState, exactly as the simulated ioctl does.
std::optional<std::vector<MigState>> CorePath(uint32_t flags, MigState from, uint32_t to);

// "RUNNING", "RUNNING_P2P", ...; "STATE<n>" for values >= 8.
std::string StateName(uint32_t state);
// Parses a state name as StateName() prints it. nullopt when unknown.
std::optional<MigState> ParseStateName(absl::string_view name);
// "STOP_COPY,P2P,PRE_COPY" for the flags set.
std::string FlagsName(uint32_t flags);

}  // namespace migsim::v2

#endif  // MIGSIM_MODELS_V2_MIG_FSM_H_
