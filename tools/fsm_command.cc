// File: tools/fsm_command.cc
// STUB, to be replaced: `migsim fsm` is not implemented yet.
#include <cstdio>

#include "tools/commands.h"

namespace migsim {

int FsmCommand(const Args&) {
  std::fprintf(stderr, "migsim fsm: not implemented yet\n");
  return 2;
}

}  // namespace migsim
