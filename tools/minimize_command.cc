// File: tools/minimize_command.cc
//
// `migsim minimize FILE [--out=FILE] [--fail_on=...] [--model=...]
// [--topology=...] [--max_runs=N]`: shrinks a failing scenario (text,
// binary, or a fuzz engine's crash file) to a minimal one with the same
// signature (tools/minimizer.h), confirms it reproduces twice, and writes it
// as a reproducer (tools/reproducer.h) atomically. Prints the signature, the
// action counts before and after, and the judge runs used.
// Exit status: 0 written; 2 bad usage or input, or an input that does not
// fail under --fail_on; 4 the result did not reproduce twice (a determinism
// bug in migsim itself; nothing is written).
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "sim/scenario_io.h"
#include "tools/commands.h"
#include "tools/input_file.h"
#include "tools/minimizer.h"
#include "tools/reproducer.h"
#include "tools/tool_flags.h"

namespace migsim {
namespace {

constexpr int kExitNotConfirmed = 4;

// FILE with a known scenario extension replaced by ".min.textproto".
std::string DefaultOut(const std::string& path) {
  absl::string_view stem = path;
  for (absl::string_view ext :
       {".textproto", ".txtpb", ".pbtxt", ".binpb", ".pb", ".bin", ".fuzz"}) {
    if (absl::ConsumeSuffix(&stem, ext)) break;
  }
  return absl::StrCat(stem, ".min.textproto");
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "%s\n", message.c_str());
  return 2;
}

}  // namespace

int MinimizeCommand(const Args& args) {
  if (args.size() != 1) {
    return Fail(
        absl::StrCat("migsim minimize: name exactly one scenario file (got ", args.size(), ")"));
  }
  const std::string& path = args[0];
  absl::StatusOr<FailOn> fail_on = FailOnFlag();
  if (!fail_on.ok()) return Fail(std::string(fail_on.status().message()));
  absl::StatusOr<ScenarioRewrite> rewrite = RewriteFlags(/*reference=*/false);
  if (!rewrite.ok()) return Fail(std::string(rewrite.status().message()));
  if (absl::GetFlag(FLAGS_max_runs) < 3) {
    return Fail(absl::StrCat("--max_runs: ", absl::GetFlag(FLAGS_max_runs),
                             " is too small (one run and two to confirm need 3)"));
  }
  absl::StatusOr<InputFile> input = LoadInputFile(path);
  if (!input.ok()) return Fail(std::string(input.status().message()));
  // A fuzz engine's input runs as the harness ran it (fuzz/harness.h).
  if (input->format == InputFormat::kFuzzInput) rewrite->events_cap = kFuzzEventsMaxDefault;
  if (absl::Status s = rewrite->Apply(input->scenario); !s.ok()) {
    return Fail(absl::StrCat(path, ": ", s.message()));
  }
  MinimizeOptions options;
  options.fail_on = *fail_on;
  options.runs_max = absl::GetFlag(FLAGS_max_runs);
  absl::StatusOr<MinimizeResult> result = Minimize(input->scenario, options);
  if (!result.ok()) return Fail(absl::StrCat(path, ": ", result.status().message()));
  std::printf("minimize: %s: %s\n", path.c_str(), result->signature.c_str());
  std::printf("  actions: %d -> %d (judge runs: %lld of %lld%s)\n", result->actions_before,
              result->actions_after, static_cast<long long>(result->runs),
              static_cast<long long>(options.runs_max),
              result->budget_spent ? ", budget spent: the result may shrink further" : "");
  std::printf("  violation: %s\n", result->violation.c_str());
  if (!result->confirmed) {
    std::fprintf(stderr,
                 "minimize: %s: the result did not give the same signature and trace hash on two "
                 "runs (a determinism bug in migsim); nothing written\n",
                 path.c_str());
    return kExitNotConfirmed;
  }
  std::printf("  confirmed: same signature and trace_hash=0x%016llx on two runs\n",
              static_cast<unsigned long long>(result->trace_hash));
  std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) out = DefaultOut(path);
  const absl::Status written = WriteFileAtomically(out, FormatReproducer(*result, *fail_on, path));
  if (!written.ok()) return Fail(absl::StrCat("--out: ", written.message()));
  std::printf("wrote %s\nreplay: migsim replay %s\n", out.c_str(), out.c_str());
  return 0;
}

}  // namespace migsim
