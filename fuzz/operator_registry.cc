// File: fuzz/operator_registry.cc
#include "fuzz/operator_registry.h"

#include "fuzz/mutators/operators.h"

namespace migsim {
namespace {

using namespace mutators;  // NOLINT: the table names every operator

// {fn, name, shrinks, needs_donor}
constexpr MutationOperator kOperators[] = {
    {&InsertAction, "InsertAction", false, false},
    {&InsertFreshRun, "InsertFreshRun", false, false},
    {&EraseActions, "EraseActions", true, false},
    {&DuplicateAction, "DuplicateAction", false, false},
    {&SwapActions, "SwapActions", false, false},
    {&SpliceActions, "SpliceActions", false, false},
    {&ReplaceAction, "ReplaceAction", false, false},
    {&SetInterestingValue, "SetInterestingValue", false, false},
    {&TweakValue, "TweakValue", false, false},
    {&ShrinkValue, "ShrinkValue", true, false},
    {&MutateSwarm, "MutateSwarm", false, false},
    {&MutateSeed, "MutateSeed", false, false},
    {&MutateTopologyFlag, "MutateTopologyFlag", false, false},
    {&ReuseArguments, "ReuseArguments", false, false},
    {&InsertRacingAction, "InsertRacingAction", false, false},
    {&CrossOverActions, "CrossOverActions", false, true},
};

}  // namespace

absl::Span<const MutationOperator> Operators() { return kOperators; }

const MutationOperator* FindOperator(absl::string_view name) {
  for (const MutationOperator& op : kOperators) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

}  // namespace migsim
