// File: tools/run_command.h
//
// `migsim run FILE...`: loads, validates, runs and judges each scenario and
// prints its header, trace (--trace), violations, verdict and trace hash.
// Exit status: the worst over all files, in the order bad input (2) >
// liveness (3) > violation (1) > clean (0).
#ifndef MIGSIM_TOOLS_RUN_COMMAND_H_
#define MIGSIM_TOOLS_RUN_COMMAND_H_

#include "tools/commands.h"

namespace migsim {

// RunCommand is declared in tools/commands.h.

// Combines two exit statuses into the worse one (2 > 3 > 1 > 0).
int WorseExit(int a, int b);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_RUN_COMMAND_H_
