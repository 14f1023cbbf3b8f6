// File: fuzz/mutators/insert_fresh_run.cc
#include <algorithm>

#include "fuzz/input_parts.h"
#include "fuzz/mutators/action_list.h"
#include "fuzz/mutators/operators.h"
#include "sim/check.h"

namespace migsim::mutators {
namespace {

constexpr int kRunLengthMax = 16;

}  // namespace

bool InsertFreshRun(Message& input, MutationContext& context) {
  const InputParts parts = PartsOf(input);
  if (parts.actions == nullptr) return false;
  const int count = parts.action_count();
  const int room = static_cast<int>(context.actions_max) - count;
  if (room < 2) return false;
  const int length =
      2 + static_cast<int>(context.prng.UniformBelow(std::min(room, kRunLengthMax) - 1));
  const int at = static_cast<int>(context.prng.UniformBelow(static_cast<uint64_t>(count) + 1));
  int inserted = 0;
  for (int i = 0; i < length; ++i) {
    if (InsertFreshAction(parts, at + inserted, context)) ++inserted;
  }
  MIGSIM_CHECK(parts.action_count() == count + inserted);
  return inserted > 0;
}

}  // namespace migsim::mutators
