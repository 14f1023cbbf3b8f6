// File: tools/tool_flags.h
//
// The flags several subcommands share (defined once in tools/tool_flags.cc;
// absl flags are global): which models and topology to judge, which
// violations count, where results go, the minimizer's budget.
#ifndef MIGSIM_TOOLS_TOOL_FLAGS_H_
#define MIGSIM_TOOLS_TOOL_FLAGS_H_

#include <cstdint>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "fuzz/harness_config.h"
#include "tools/outcome.h"
#include "tools/scenario_rewrite.h"

ABSL_DECLARE_FLAG(std::string, model);
ABSL_DECLARE_FLAG(std::string, topology);
ABSL_DECLARE_FLAG(std::string, fail_on);
ABSL_DECLARE_FLAG(std::string, junit);
ABSL_DECLARE_FLAG(std::string, out);
ABSL_DECLARE_FLAG(int64_t, max_runs);

namespace migsim {

// --fail_on parsed. Errors: InvalidArgumentError "--fail_on: 'x' is not
// device, user or any".
absl::StatusOr<FailOn> FailOnFlag();

// --topology and --model (and `reference`) as a ScenarioRewrite.
// Errors: those of MakeScenarioRewrite, naming the flag.
absl::StatusOr<ScenarioRewrite> RewriteFlags(bool reference);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_TOOL_FLAGS_H_
