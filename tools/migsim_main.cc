// File: tools/migsim_main.cc
//
// The `migsim` command: one binary, one subcommand per tools/*_command.cc
// (the table is in tools/commands.h). `migsim --help` lists every flag.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tools/commands.h"

namespace {

std::string Usage() {
  std::string usage =
      "deterministic simulation and fuzzing bench for VFIO device live migration.\n\n"
      "usage: migsim <command> [flags] [args]\ncommands:\n";
  for (const migsim::CommandInfo& c : migsim::kCommands) absl::StrAppend(&usage, "  ", c.usage, "\n");
  absl::StrAppend(&usage,
                  "exit status: 0 clean, 1 violation, 2 bad input or usage, 3 liveness (a bound "
                  "hit)\n");
  return usage;
}

bool IsOurFlagFile(absl::string_view file) { return absl::StrContains(file, "tools/"); }

}  // namespace

int main(int argc, char** argv) {
  absl::FlagsUsageConfig config;
  config.contains_help_flags = IsOurFlagFile;
  config.contains_helpshort_flags = IsOurFlagFile;
  absl::SetFlagsUsageConfig(config);
  const std::string usage = Usage();
  absl::SetProgramUsageMessage(usage);
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() < 2) {
    std::fputs(usage.c_str(), stderr);
    return 2;
  }
  const std::string command = positional[1];
  const migsim::Args args(positional.begin() + 2, positional.end());
  for (const migsim::CommandInfo& c : migsim::kCommands) {
    if (command == c.name) return c.run(args);
  }
  std::fprintf(stderr, "migsim: unknown command '%s'\n\n%s", command.c_str(), usage.c_str());
  return 2;
}
