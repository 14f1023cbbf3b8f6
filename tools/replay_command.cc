// File: tools/replay_command.cc
// STUB, to be replaced: `migsim replay` is not implemented yet.
#include <cstdio>

#include "tools/commands.h"

namespace migsim {

int ReplayCommand(const Args&) {
  std::fprintf(stderr, "migsim replay: not implemented yet\n");
  return 2;
}

}  // namespace migsim
