// File: models/v2/mig_fsm.cc
#include "models/v2/mig_fsm.h"

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sim/check.h"

namespace migsim::v2 {
namespace {

constexpr absl::string_view kStateNames[kMigStateCount] = {
    "ERROR", "STOP", "RUNNING", "STOP_COPY", "RESUMING", "RUNNING_P2P", "PRE_COPY",
    "PRE_COPY_P2P"};

}  // namespace

int NextState(uint32_t flags, MigState cur, uint32_t requested, MigState* next) {
  MIGSIM_CHECK(next != nullptr);
  MIGSIM_CHECK(cur < kMigStateCount) << "cur=" << int{cur};
  // vfio_main.c WARN_ONs and refuses a current state the device cannot be in
  // (a driver bug the oracle reports from the arcs); ERROR lands here too,
  // since no flags support it.
  if (!StateSupported(flags, cur)) return -EINVAL;
  if (!StateSupported(flags, requested)) return -EINVAL;
  // "Arcs touching optional and unsupported states are skipped over": follow
  // the table from each unsupported hop. Every chain ends within
  // kMigStateCount hops because each hop's row leads towards `requested`.
  MigState hop = kNextHop[cur][requested];
  for (int skips = 0; hop != kStateError && !StateSupported(flags, hop); ++skips) {
    MIGSIM_CHECK(skips < kMigStateCount) << "the next-hop table loops from " << StateName(cur)
                                         << " to " << StateName(requested);
    hop = kNextHop[hop][requested];
  }
  *next = hop;
  return hop == kStateError ? -EINVAL : 0;
}

TransitionOutcome RunTransition(MigState cur, uint32_t requested, NextStateFn next,
                                StepArcFn step) {
  TransitionOutcome out;
  out.reached = cur;
  while (out.reached != requested) {
    if (out.arcs == kSetArcsMax) {
      out.error = -ELOOP;
      out.bound_hit = true;
      return out;
    }
    MigState hop = kStateError;
    if (const int e = next(out.reached, requested, &hop); e != 0) {
      out.error = e;
      return out;
    }
    MigState after = hop;
    const int r = step(out.reached, hop, &after);
    ++out.arcs;
    MIGSIM_CHECK(r != 0 || after == hop) << "an arc that succeeded must reach its target";
    out.reached = after;
    if (r != 0) {
      out.error = r;
      return out;
    }
  }
  return out;
}

std::optional<std::vector<MigState>> CorePath(uint32_t flags, MigState from, uint32_t to) {
  std::vector<MigState> path = {from};
  const TransitionOutcome o = RunTransition(
      from, to,
      [flags](MigState cur, uint32_t requested, MigState* next) {
        return NextState(flags, cur, requested, next);
      },
      [&path](MigState, MigState hop, MigState* after) {
        path.push_back(hop);
        *after = hop;
        return 0;
      });
  if (o.error != 0) return std::nullopt;
  return path;
}

std::string StateName(uint32_t state) {
  if (state < kMigStateCount) return std::string(kStateNames[state]);
  return absl::StrCat("STATE", state);
}

std::optional<MigState> ParseStateName(absl::string_view name) {
  for (int s = 0; s < kMigStateCount; ++s) {
    if (kStateNames[s] == name) return static_cast<MigState>(s);
  }
  return std::nullopt;
}

std::string FlagsName(uint32_t flags) {
  std::vector<absl::string_view> names;
  if (flags & kMigrationStopCopy) names.push_back("STOP_COPY");
  if (flags & kMigrationP2P) names.push_back("P2P");
  if (flags & kMigrationPreCopy) names.push_back("PRE_COPY");
  if (flags & ~kMigrationFlagsAll) names.push_back("UNKNOWN");
  return names.empty() ? "NONE" : absl::StrJoin(names, ",");
}

}  // namespace migsim::v2
