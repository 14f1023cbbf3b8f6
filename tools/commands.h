// File: tools/commands.h
//
// The subcommands of `migsim`, one per tools/<name>_command.cc. Each takes
// the positional arguments after its name (flags are parsed globally) and
// returns the process exit status (0 clean, 1 violation, 2 bad input or
// usage, 3 liveness).
#ifndef MIGSIM_TOOLS_COMMANDS_H_
#define MIGSIM_TOOLS_COMMANDS_H_

#include <string>
#include <vector>

namespace migsim {

using Args = std::vector<std::string>;

int RunCommand(const Args& args);       // tools/run_command.cc
int FsmCommand(const Args& args);       // tools/fsm_command.cc
int FuzzCommand(const Args& args);      // tools/fuzz_command.cc
int MinimizeCommand(const Args& args);  // tools/minimize_command.cc
int ReplayCommand(const Args& args);    // tools/replay_command.cc
int ZooCommand(const Args& args);       // tools/zoo_command.cc
int BenchCommand(const Args& args);     // tools/bench_command.cc

struct CommandInfo {
  const char* name;
  int (*run)(const Args& args);
  const char* usage;  // one or two lines for `migsim --help`
};

// Every subcommand, in the order `migsim --help` lists them.
inline constexpr CommandInfo kCommands[] = {
    {"run", &RunCommand,
     "run FILE...       run each scenario (.textproto or binary .pb), judge its trace\n"
     "                    against the spec rules, print the verdict and trace hash"},
    {"fsm", &FsmCommand,
     "fsm --flags=F [--from=S --to=S | --table]\n"
     "                    the arcs the v2 core takes for a transition"},
    {"fuzz", &FuzzCommand,
     "fuzz [flags]      a fuzz campaign (--engine, --time, --topology, --model, --out=DIR):\n"
     "                    one minimized DIR/<signature>/repro.textproto per distinct bug"},
    {"minimize", &MinimizeCommand,
     "minimize FILE     shrink a failing scenario or crash file, keeping its signature"},
    {"replay", &ReplayCommand,
     "replay FILE|DIR... re-run reproducers: REPRODUCED, CLEAN, FIXED, CHANGED, BAD-INPUT\n"
     "                    (exit 0 only when every file behaves as its header expects)"},
    {"zoo", &ZooCommand, "zoo               list the bug zoo's mutants (--model=NAME selects one)"},
    {"bench", &BenchCommand,
     "bench detect|plan|table  the detection benchmark: time to find each zoo mutant's rule,\n"
     "                    per engine, over --trials seeds (bench/README.md)"},
};

}  // namespace migsim

#endif  // MIGSIM_TOOLS_COMMANDS_H_
