// File: spec/monitors/v2_header_fsm.cc
#include "spec/monitors/v2_header_fsm.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "sim/check.h"

namespace migsim::v2_oracle {
namespace {

// The header's arcs, one row per arc it describes (full-featured device).
constexpr std::array<Arc, 15> kHeaderArcs = {{
    {kRunningP2P, kStop},       {kStopCopy, kStop},        {kResuming, kStop},
    {kPreCopy, kRunning},       {kRunningP2P, kRunning},   {kPreCopyP2P, kRunningP2P},
    {kRunning, kRunningP2P},    {kStop, kRunningP2P},      {kRunning, kPreCopy},
    {kRunningP2P, kPreCopyP2P}, {kStop, kStopCopy},        {kPreCopy, kPreCopyP2P},
    {kPreCopyP2P, kPreCopy},    {kPreCopyP2P, kStopCopy},  {kStop, kResuming},
}};

bool TouchesPreCopy(uint32_t s) { return s == kPreCopy || s == kPreCopyP2P; }

// Without P2P the P2P states "behave as though the device was fully running".
uint32_t AsBehaves(uint32_t flags, uint32_t s) {
  if (flags & kFlagP2P) return s;
  if (s == kRunningP2P) return kRunning;
  if (s == kPreCopyP2P) return kPreCopy;
  return s;
}

// A state a path from `from` to `to` may pass through. The saving group
// shares one data session, which an arc entering the group starts and an
// arc leaving it ends; "saving group states as interior arcs" would start or
// end a session the user never sees. A path that starts and ends inside the
// group does neither, and the kernel walks PRE_COPY -> PRE_COPY_P2P ->
// STOP_COPY (vfio_main.c's list of combination paths), so there the group's
// states may be interior.
bool MayBeInterior(uint32_t s, uint32_t from, uint32_t to) {
  return !InSavingGroup(s) || (InSavingGroup(from) && InSavingGroup(to));
}

void Extend(uint32_t flags, uint32_t to, size_t length_left, std::vector<uint32_t>& path,
            std::vector<std::vector<uint32_t>>& out) {
  const uint32_t at = path.back();
  if (length_left == 0) {
    if (at == to) out.push_back(path);
    return;
  }
  if (path.size() > 1 && (at == to || !MayBeInterior(at, path.front(), to))) return;
  for (const Arc& arc : HeaderArcs(flags)) {
    if (arc.first != at) continue;
    if (std::find(path.begin(), path.end(), arc.second) != path.end()) continue;
    path.push_back(arc.second);
    Extend(flags, to, length_left - 1, path, out);
    path.pop_back();
  }
}

}  // namespace

std::vector<Arc> HeaderArcs(uint32_t flags) {
  std::vector<Arc> arcs;
  for (const Arc& arc : kHeaderArcs) {
    if (!(flags & kFlagPreCopy) && (TouchesPreCopy(arc.first) || TouchesPreCopy(arc.second))) {
      continue;
    }
    const Arc seen = {AsBehaves(flags, arc.first), AsBehaves(flags, arc.second)};
    if (seen.first == seen.second) continue;
    if (std::find(arcs.begin(), arcs.end(), seen) == arcs.end()) arcs.push_back(seen);
  }
  std::sort(arcs.begin(), arcs.end());
  return arcs;
}

bool IsHeaderArc(uint32_t flags, uint32_t from, uint32_t to) {
  const std::vector<Arc> arcs = HeaderArcs(flags);
  return std::find(arcs.begin(), arcs.end(), Arc{from, to}) != arcs.end();
}

bool Requestable(uint32_t flags, uint32_t state) {
  switch (state) {
    case kStop:
    case kRunning:
    case kStopCopy:
    case kResuming:
      return true;
    case kRunningP2P: return (flags & kFlagP2P) != 0;
    case kPreCopy: return (flags & kFlagPreCopy) != 0;
    case kPreCopyP2P: return (flags & kFlagP2P) && (flags & kFlagPreCopy);
    default: return false;  // ERROR and values the enum does not have
  }
}

std::string HeaderStateName(uint32_t state) {
  constexpr const char* kNames[kStateCount] = {"ERROR",    "STOP",        "RUNNING",
                                               "STOP_COPY", "RESUMING",   "RUNNING_P2P",
                                               "PRE_COPY", "PRE_COPY_P2P"};
  return state < kStateCount ? kNames[state] : absl::StrCat("STATE", state);
}

std::string HeaderFlagsName(uint32_t flags) {
  std::string out = "STOP_COPY";
  if (flags & kFlagP2P) out += "|P2P";
  if (flags & kFlagPreCopy) out += "|PRE_COPY";
  return out;
}

bool InSavingGroup(uint32_t s) { return s == kPreCopy || s == kPreCopyP2P || s == kStopCopy; }
bool P2pQuiescent(uint32_t s) { return s == kRunningP2P || s == kPreCopyP2P; }
bool Stopped(uint32_t s) { return s == kStop || s == kStopCopy || s == kResuming; }

std::vector<std::vector<uint32_t>> ShortestPaths(uint32_t flags, uint32_t from, uint32_t to) {
  if (from == to) return {{from}};
  if (!Requestable(flags, from) || !Requestable(flags, to)) return {};
  if (from == kStopCopy && TouchesPreCopy(to)) return {};  // "not permitted"
  for (size_t length = 1; length < kStateCount; ++length) {
    std::vector<std::vector<uint32_t>> paths;
    std::vector<uint32_t> path = {from};
    Extend(flags, to, length, path, paths);
    if (!paths.empty()) return paths;
  }
  return {};
}

std::optional<std::vector<uint32_t>> HeaderPath(uint32_t flags, uint32_t from, uint32_t to) {
  std::vector<std::vector<uint32_t>> paths = ShortestPaths(flags, from, to);
  MIGSIM_CHECK(paths.size() <= 1) << "the header's rules give " << paths.size()
                                  << " shortest paths; a tie-break is needed";
  if (paths.empty()) return std::nullopt;
  return paths.front();
}

}  // namespace migsim::v2_oracle
