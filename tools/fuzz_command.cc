// File: tools/fuzz_command.cc
// STUB, to be replaced: `migsim fuzz` is not implemented yet.
#include <cstdio>

#include "tools/commands.h"

namespace migsim {

int FuzzCommand(const Args&) {
  std::fprintf(stderr, "migsim fuzz: not implemented yet\n");
  return 2;
}

}  // namespace migsim
