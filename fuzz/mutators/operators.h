// File: fuzz/mutators/operators.h
//
// The mutation operators, one per file in this directory, each with the
// contract of fuzz/mutation_context.h: `bool Op(input, context)`, false when
// it does not apply (input unchanged), true only when the input really
// changed. They are listed, with their printable names, in one registry
// table (fuzz/operator_registry.cc); the dispatcher (fuzz/mutator.h) picks
// among them. Action-list operators repair the device, host and vCPU
// indices of every action they add or copy into context.shape.
#ifndef MIGSIM_FUZZ_MUTATORS_OPERATORS_H_
#define MIGSIM_FUZZ_MUTATORS_OPERATORS_H_

#include "fuzz/mutation_context.h"
#include "google/protobuf/message.h"

namespace migsim::mutators {

using google::protobuf::Message;

// Inserts one fresh action (fuzz/action_factory.h) at a random position:
// reaches action kinds and argument combinations the seeds never had. Half
// of the time it takes the arguments it shares with the action before it
// (CopySharedArguments: device, offset, width, IOVA, ...).
bool InsertAction(Message& input, MutationContext& context);

// Inserts a run of 2..16 fresh actions at one position, each made as
// InsertAction makes one: the generator's breadth (many new pairs of
// actions at once, as a random scenario has) inside an input coverage
// already found worth keeping.
bool InsertFreshRun(Message& input, MutationContext& context);

// Erases a run of 1..n/4+1 consecutive actions: shortens inputs and drops
// the steps that block a deeper state (shrinks).
bool EraseActions(Message& input, MutationContext& context);

// Inserts a copy of one action right after it: repeats a step (one more
// SAVING iteration, a second STOP) as protocols are driven in loops.
bool DuplicateAction(Message& input, MutationContext& context);

// Swaps two different actions: reorders protocol steps (reads before
// writes, reset before save), where ordering bugs live.
bool SwapActions(Message& input, MutationContext& context);

// Copies a run of actions from the donor (or, without one, from elsewhere in
// the input) to a random position: grafts a working sub-sequence (a whole
// save, a resume) into another context.
bool SpliceActions(Message& input, MutationContext& context);

// Replaces one action by a fresh action of another kind: same position in
// the protocol, different step.
bool ReplaceAction(Message& input, MutationContext& context);

// Sets one scalar of one action to a boundary or interesting value of its
// role (fuzz/field_roles.h): reserved device_state bits, invalid v2 states,
// page-boundary sizes, the header end, u64 extremes.
bool SetInterestingValue(Message& input, MutationContext& context);

// Nudges one scalar of one action: +-1, +-small, doubling, halving, one bit
// flipped, a bool toggled, the next enum value: explores near a boundary.
bool TweakValue(Message& input, MutationContext& context);

// Moves one scalar of one action toward zero (half, or zero; false for a
// bool): simpler values for the same behaviour (shrinks).
bool ShrinkValue(Message& input, MutationContext& context);

// Adds or removes one entry of one swarm list (action kinds present in the
// input, devices, failure sites, channel faults): swarm testing, so a
// campaign explores deep states of a few features at a time.
bool MutateSwarm(Message& input, MutationContext& context);

// Changes the scenario's seed: the same actions under another draw of the
// simulator's own choices (vCPU stores, background DMA).
bool MutateSeed(Message& input, MutationContext& context);

// Changes one bool or enum of one topology device (v2 p2p / pre_copy, v1
// variant, ndma_capable, sparse_mmap, ...): another variant under the same
// actions. Not applicable when the campaign fixes the topology.
bool MutateTopologyFlag(Message& input, MutationContext& context);

// Copies the arguments two actions share by field name (device, offset,
// width, iova, length, ...) from one action into another: a read at the
// offset just written, a DMA at the IOVA just mapped, a state change of the
// device just addressed. Values the input already combines are the
// likeliest to matter together.
bool ReuseArguments(Message& input, MutationContext& context);

// Inserts, right after an action that issues DMA (fuzz/kind_roles.h), a
// fresh action that changes a device's state, on the same device when both
// name one; or after a state change, a fresh DMA-issuing action: the races
// between DMA in flight and a state change where drain and quiesce bugs
// live.
bool InsertRacingAction(Message& input, MutationContext& context);

// Crossover of two action lists: a prefix of the input's actions followed
// by a suffix of the donor's (needs a donor).
bool CrossOverActions(Message& input, MutationContext& context);

}  // namespace migsim::mutators

#endif  // MIGSIM_FUZZ_MUTATORS_OPERATORS_H_
