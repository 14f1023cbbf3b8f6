// File: fuzz/fresh_input.h
//
// FreshInput: the input the mutators start from when the engine hands them
// bytes that are not a FuzzInput (libFuzzer's empty first input, AFL++'s
// byte-level havoc output, a truncated file): a valid scenario on the fixed
// topology, or on a small built-in one (one host; a V1_NDMA device, a v2
// device with P2P and PRE_COPY, a plain v2 device), with a few fresh
// actions.
#ifndef MIGSIM_FUZZ_FRESH_INPUT_H_
#define MIGSIM_FUZZ_FRESH_INPUT_H_

#include "fuzz/mutation_context.h"
#include "protos/fuzz_input.pb.h"
#include "protos/scenario.pb.h"

namespace migsim {

// The built-in topology of fresh inputs (valid: tests/fuzz check it).
const proto::Topology& FallbackTopology();

// Replaces `input` with a fresh one: format_version 1, a seed from
// context.prng, `topology`, 1..4 fresh actions (repaired into its shape),
// no swarm restriction.
void MakeFreshInput(const proto::Topology& topology, MutationContext& context,
                    proto::FuzzInput& input);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_FRESH_INPUT_H_
