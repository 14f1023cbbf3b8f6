// File: fuzz/random_input.h
//
// RandomInput: the feedback-free scenario generator, the floor of the
// detection benchmark (bench/README.md) and the input source of
// migsim_random (fuzz/random_target.cc). Every input is drawn fresh from the
// mutator's own generator (fuzz/action_factory.h NewAction: kinds chosen by
// reflection, fields from their roles' interesting values, indices repaired
// into the topology), so it knows exactly what the structure-aware
// mutator knows about the language, and nothing it learned from coverage:
// no corpus, no mutation of earlier inputs.
#ifndef MIGSIM_FUZZ_RANDOM_INPUT_H_
#define MIGSIM_FUZZ_RANDOM_INPUT_H_

#include <cstddef>

#include "fuzz/mutation_context.h"
#include "protos/fuzz_input.pb.h"
#include "protos/scenario.pb.h"

namespace migsim {

// Replaces `input` with a random one on `topology`: MakeFreshInput's start
// (format_version 1, a seed from context.prng, the topology), then fresh
// actions (NewAction) up to a length drawn uniformly from
// [1, context.actions_max]. Half of the inputs draw their actions mostly
// from a random half of the action kinds (MutationContext::swarm_kinds), so
// some of them exercise a few features deeply, as in swarm testing.
// Deterministic: a function of `topology`, context.actions_max and the
// state of context.prng.
void MakeRandomInput(const proto::Topology& topology, MutationContext& context,
                     proto::FuzzInput& input);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_RANDOM_INPUT_H_
