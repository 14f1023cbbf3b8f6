// File: sim/check.cc
#include "sim/check.h"

#include <cstdio>
#include <cstdlib>

namespace migsim::check_internal {

CheckFailure::CheckFailure(const char* file, int line, const char* condition) {
  stream_ << "MIGSIM_CHECK failed at " << file << ":" << line << ": " << condition << " ";
}

CheckFailure::~CheckFailure() {
  std::fprintf(stderr, "%s\n", stream_.str().c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace migsim::check_internal
