// File: fuzz/action_validator.h
//
// ActionValidator: the filter the engine targets give the mutator
// (MutatorOptions::action_filter): whether one fresh action is good input
// on the campaign's fixed topology, judged by the scenario language's own
// validator (models/scenario_check.h ValidateScenario on the topology with
// that action alone). About one fresh action in seven draws a value outside
// the language's range (a width of 3, an empty flow name, a step count of
// 0); a single one makes the whole input bad input, so a run of fresh
// actions, or a random scenario, would rarely run at all. Values the
// modelled kernel judges (an unaligned IOVA, a reserved device_state bit)
// are the language's and pass: the oracle judges the model's answer.
// Lives with the harness (it needs the models); the mutator sees only the
// function.
#ifndef MIGSIM_FUZZ_ACTION_VALIDATOR_H_
#define MIGSIM_FUZZ_ACTION_VALIDATOR_H_

#include "fuzz/mutation_context.h"
#include "protos/scenario.pb.h"

namespace migsim {

// A filter accepting the proto::Action messages that validate on
// `topology` (format_version, topology and bounds of a scenario; its
// actions are ignored). Other message types are accepted as they are. The
// filter owns a copy of the topology. Not thread-safe (it reuses one
// scenario).
ActionFilter MakeActionValidator(const proto::Scenario& topology);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_ACTION_VALIDATOR_H_
