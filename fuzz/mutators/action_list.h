// File: fuzz/mutators/action_list.h
//
// ActionList helpers the operators share: positional insert and erase on the
// reflected repeated "actions" field (protobuf reflection offers only append
// and swap), and the choice of one scalar of one action.
#ifndef MIGSIM_FUZZ_MUTATORS_ACTION_LIST_H_
#define MIGSIM_FUZZ_MUTATORS_ACTION_LIST_H_

#include <cstdint>
#include <optional>

#include "absl/functional/function_ref.h"
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

// Inserts a fresh action (fuzz/action_factory.h NewAction) at `index`
// (0..count); half of the time it then takes the arguments it shares with
// the action before it (CopySharedArguments), when they fit. Returns false,
// with the list unchanged, when no fresh action fits the topology.
bool InsertFreshAction(const InputParts& parts, int index, MutationContext& context);

// Copies into `to` the arguments it shares with `from` by field name and
// type: the top-level singular scalars of the two actions' kind messages
// (device, offset, width, iova, length, ...; oneof members excepted).
// Indices are not repaired. Returns whether anything was copied.
bool CopySharedArguments(google::protobuf::Message& from, google::protobuf::Message& to);

// Proposes a new value for `scalar` (now holding `before`), or nullopt to
// give up on it.
using ValueProposal =
    absl::FunctionRef<std::optional<uint64_t>(const ScalarField& scalar, uint64_t before)>;

// The value operators' common step: chooses one action uniformly and one of
// its scalars (CollectScalars) uniformly, stores propose()'s value, repairs
// the action's indices (fuzz/field_roles.h) and keeps the result when the
// action really changed and still fits the topology; otherwise restores the
// action and asks again, up to `tries` proposals. Returns whether a change
// was kept. Index fields are chosen like any other.
bool ChangeOneScalar(const InputParts& parts, MutationContext& context, int tries,
                     ValueProposal propose);

}  // namespace migsim::mutators

#endif  // MIGSIM_FUZZ_MUTATORS_ACTION_LIST_H_
