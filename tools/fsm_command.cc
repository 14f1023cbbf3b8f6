// File: tools/fsm_command.cc
#include "tools/fsm_command.h"

#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "sim/scenario_validation.h"
#include "spec/verdict.h"
#include "tools/commands.h"

ABSL_FLAG(std::string, flags, "",
          "fsm: the VFIO_MIGRATION_* flags the device claims, comma-separated: STOP_COPY, and "
          "optionally P2P and PRE_COPY.");
ABSL_FLAG(std::string, from, "", "fsm: the device_state the transition starts in (e.g. RUNNING).");
ABSL_FLAG(std::string, to, "", "fsm: the device_state requested (e.g. STOP_COPY).");
ABSL_FLAG(bool, table, false, "fsm: print the path of every (from, to) pair, one per line.");

namespace migsim {
namespace fsm_tool {

absl::StatusOr<uint32_t> ParseMigrationFlags(absl::string_view text) {
  uint32_t flags = 0;
  for (absl::string_view name : absl::StrSplit(text, ',')) {
    name = absl::StripPrefix(name, "VFIO_MIGRATION_");
    if (name == "STOP_COPY") {
      flags |= v2::kMigrationStopCopy;
    } else if (name == "P2P") {
      flags |= v2::kMigrationP2P;
    } else if (name == "PRE_COPY") {
      flags |= v2::kMigrationPreCopy;
    } else {
      return FieldError("--flags", absl::StrCat("'", name, "' is not STOP_COPY, P2P or PRE_COPY"));
    }
  }
  if ((flags & v2::kMigrationStopCopy) == 0) {
    return FieldError("--flags", absl::StrCat("'", text, "' lacks STOP_COPY, which every v2 "
                                              "device claims"));
  }
  return flags;
}

absl::StatusOr<v2::MigState> ParseState(absl::string_view flag, absl::string_view text) {
  if (std::optional<v2::MigState> s =
          v2::ParseStateName(absl::StripPrefix(text, "VFIO_DEVICE_STATE_"))) {
    return *s;
  }
  std::vector<std::string> names;
  for (int s = 0; s < v2::kMigStateCount; ++s) names.push_back(v2::StateName(s));
  return FieldError(std::string(flag), absl::StrCat("'", text, "' is not a state (",
                                                    absl::StrJoin(names, ", "), ")"));
}

std::string TransitionLine(uint32_t flags, v2::MigState from, v2::MigState to) {
  const std::optional<std::vector<v2::MigState>> path = v2::CorePath(flags, from, to);
  if (!path) return "EINVAL";
  std::vector<std::string> names;
  for (v2::MigState s : *path) names.push_back(v2::StateName(s));
  return absl::StrJoin(names, " -> ");
}

std::vector<std::string> TableLines(uint32_t flags) {
  std::vector<std::string> lines;
  for (int from = 0; from < v2::kMigStateCount; ++from) {
    for (int to = 0; to < v2::kMigStateCount; ++to) {
      const auto f = static_cast<v2::MigState>(from);
      const auto t = static_cast<v2::MigState>(to);
      lines.push_back(absl::StrCat(v2::StateName(f), " -> ", v2::StateName(t), ": ",
                                   TransitionLine(flags, f, t)));
    }
  }
  return lines;
}

}  // namespace fsm_tool

namespace {

int UsageError(const std::string& message) {
  std::fprintf(stderr, "migsim fsm: %s\n", message.c_str());
  return kExitBadInput;
}

}  // namespace

int FsmCommand(const Args& args) {
  if (!args.empty()) return UsageError(absl::StrCat("unexpected argument '", args[0], "'"));
  const std::string flags_text = absl::GetFlag(FLAGS_flags);
  if (flags_text.empty()) {
    return UsageError("--flags is required, e.g. --flags=STOP_COPY,P2P,PRE_COPY");
  }
  const absl::StatusOr<uint32_t> flags = fsm_tool::ParseMigrationFlags(flags_text);
  if (!flags.ok()) return UsageError(std::string(flags.status().message()));
  const bool table = absl::GetFlag(FLAGS_table);
  const std::string from = absl::GetFlag(FLAGS_from);
  const std::string to = absl::GetFlag(FLAGS_to);
  if (table) {
    if (!from.empty() || !to.empty()) return UsageError("--table takes no --from or --to");
    for (const std::string& line : fsm_tool::TableLines(*flags)) std::printf("%s\n", line.c_str());
    return kExitClean;
  }
  if (from.empty() || to.empty()) return UsageError("give --from and --to, or --table");
  const absl::StatusOr<v2::MigState> f = fsm_tool::ParseState("--from", from);
  if (!f.ok()) return UsageError(std::string(f.status().message()));
  const absl::StatusOr<v2::MigState> t = fsm_tool::ParseState("--to", to);
  if (!t.ok()) return UsageError(std::string(t.status().message()));
  std::printf("%s\n", fsm_tool::TransitionLine(*flags, *f, *t).c_str());
  return kExitClean;
}

}  // namespace migsim
