// File: tools/migsim_main.cc
//
// The `migsim` command: one binary, one subcommand per file in tools/.
//   migsim run FILE...        run and judge scenarios
// `migsim --help` lists every flag.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "tools/run_command.h"

namespace {

constexpr char kUsage[] =
    "deterministic simulation and fuzzing bench for VFIO device live migration.\n"
    "\n"
    "usage: migsim <command> [flags] [args]\n"
    "commands:\n"
    "  run FILE...      run each scenario (.textproto or binary .pb), judge its trace\n"
    "                   against the spec rules, print the verdict and trace hash\n"
    "exit status: 0 clean, 1 violation, 2 bad input or usage, 3 liveness (a bound hit)\n";

bool IsOurFlagFile(absl::string_view file) { return absl::StrContains(file, "tools/"); }

}  // namespace

int main(int argc, char** argv) {
  absl::FlagsUsageConfig config;
  config.contains_help_flags = IsOurFlagFile;
  config.contains_helpshort_flags = IsOurFlagFile;
  absl::SetFlagsUsageConfig(config);
  absl::SetProgramUsageMessage(kUsage);
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string command = positional[1];
  const std::vector<std::string> args(positional.begin() + 2, positional.end());
  if (command == "run") return migsim::RunCommand(args);
  std::fprintf(stderr, "migsim: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}
