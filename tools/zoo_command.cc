// File: tools/zoo_command.cc
// STUB, to be replaced: `migsim zoo` lists the bug zoo's mutants.
#include <cstdio>

#include "models/zoo/zoo.h"
#include "tools/commands.h"

namespace migsim {

int ZooCommand(const Args&) {
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    std::printf("%.*s\n", static_cast<int>(e.name.size()), e.name.data());
  }
  return 0;
}

}  // namespace migsim
