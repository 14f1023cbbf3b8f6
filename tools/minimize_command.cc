// File: tools/minimize_command.cc
// STUB, to be replaced: `migsim minimize` is not implemented yet.
#include <cstdio>

#include "tools/commands.h"

namespace migsim {

int MinimizeCommand(const Args&) {
  std::fprintf(stderr, "migsim minimize: not implemented yet\n");
  return 2;
}

}  // namespace migsim
