// File: fuzz/mutators/action_list.h
//
// ActionList helpers the operators share: positional insert and erase on the
// reflected repeated "actions" field (protobuf reflection offers only append
// and swap), and the choice of one scalar of one action.
#ifndef MIGSIM_FUZZ_MUTATORS_ACTION_LIST_H_
#define MIGSIM_FUZZ_MUTATORS_ACTION_LIST_H_

#include "fuzz/input_parts.h"
#include "fuzz/mutation_context.h"
#include "fuzz/scalar_field.h"
#include "google/protobuf/message.h"

namespace migsim::mutators {

// Inserts an empty action at `index` (0..count) and returns it.
// REQUIRES: parts.actions != nullptr.
google::protobuf::Message* InsertActionAt(const InputParts& parts, int index);

// Erases actions [begin, end). REQUIRES: 0 <= begin <= end <= count.
void EraseActionRange(const InputParts& parts, int begin, int end);

// Chooses one action uniformly and one of its scalars (CollectScalars)
// uniformly into `out`. False when there is no action or the chosen one has
// no scalar. Index fields are chosen like any other.
bool PickScalar(const InputParts& parts, MutationContext& context, ScalarField* out);

}  // namespace migsim::mutators

#endif  // MIGSIM_FUZZ_MUTATORS_ACTION_LIST_H_
