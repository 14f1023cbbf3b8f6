// File: fuzz/fuzz_input.h
//
// FuzzInput (protos/fuzz_input.proto) as the fuzz engines see it: the bytes
// libFuzzer and AFL++ hand the harness are a binary FuzzInput; ScenarioOf
// applies its swarm settings and yields the plain Scenario that is run,
// minimized and written as a reproducer. Shared by the harness (fuzz/), the
// mutators and `migsim fuzz` / `migsim replay` (tools/).
#ifndef MIGSIM_FUZZ_FUZZ_INPUT_H_
#define MIGSIM_FUZZ_FUZZ_INPUT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "protos/fuzz_input.pb.h"
#include "protos/scenario.pb.h"

namespace migsim {

// Parses a binary FuzzInput. Errors: InvalidArgumentError when `bytes` is not
// a FuzzInput in the wire format. Semantic validation is the Judge's.
absl::StatusOr<proto::FuzzInput> ParseFuzzInput(absl::string_view bytes);

// True when `swarm` lets `action` run: its kind is enabled, every device it
// names (any field called device, source_device or target_device, at any
// depth) is enabled, an ArmFailure's site is enabled, and any field called
// channel_fault holds an enabled fault kind. Empty lists enable everything.
bool SwarmAllows(const proto::Swarm& swarm, const proto::Action& action);

// input.scenario without the actions the swarm settings disable, order kept.
proto::Scenario ScenarioOf(const proto::FuzzInput& input);

// Removes from `scenario` the actions `swarm` disables, in place, order
// kept (ScenarioOf without the copy, for the harness's fast path).
void ApplySwarm(const proto::Swarm& swarm, proto::Scenario& scenario);

// True when every list of `swarm` is empty: it enables everything.
bool SwarmEnablesAll(const proto::Swarm& swarm);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_FUZZ_INPUT_H_
