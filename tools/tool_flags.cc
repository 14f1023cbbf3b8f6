// File: tools/tool_flags.cc
#include "tools/tool_flags.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"

ABSL_FLAG(std::string, model, "",
          "Models to swap in, NAME[,NAME]: bug zoo mutants (`migsim zoo` lists them) or the fuzz "
          "harness's planted_* test models; every device (or host IOMMU) one applies to runs "
          "it. For run, replay, minimize and fuzz.");
ABSL_FLAG(std::string, topology, "",
          "A scenario file whose topology and bounds replace each input's, as the fuzz harness "
          "does with MIGSIM_FUZZ_TOPOLOGY. For fuzz (the campaign's topology), and for run, "
          "minimize and replay of raw crash files from such a campaign.");
ABSL_FLAG(std::string, fail_on, "device",
          "Which violations count as failures: device (device violations), user (user protocol "
          "errors) or any. For fuzz, minimize, and replay of files without a header.");
ABSL_FLAG(std::string, junit, "",
          "Also write the results as JUnit XML to this file, one testcase per scenario file "
          "(written atomically). For run and replay; for fuzz, one testcase per signature "
          "found (a failure when new).");
ABSL_FLAG(std::string, out, "",
          "minimize: the file to write (default: FILE with its extension replaced by "
          ".min.textproto); fuzz: the campaign directory (default: fuzz-out).");
ABSL_FLAG(int64_t, max_runs, 20000,
          "The minimizer's budget in judge runs per scenario (minimize, and each new signature "
          "of a fuzz campaign).");

namespace migsim {

absl::StatusOr<FailOn> FailOnFlag() {
  FailOn fail_on;
  const std::string text = absl::GetFlag(FLAGS_fail_on);
  if (!ParseFailOnName(text, fail_on)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--fail_on: '", text, "' is not device, user or any"));
  }
  return fail_on;
}

absl::StatusOr<ScenarioRewrite> RewriteFlags(bool reference) {
  return MakeScenarioRewrite(absl::GetFlag(FLAGS_topology), absl::GetFlag(FLAGS_model), reference);
}

}  // namespace migsim
