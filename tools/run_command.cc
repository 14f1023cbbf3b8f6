// File: tools/run_command.cc
#include "tools/run_command.h"

#include <cstdio>

#include "absl/flags/flag.h"
#include "sim/scenario_io.h"
#include "spec/judge.h"
#include "tools/run_report.h"
#include "tools/timeline.h"

ABSL_FLAG(std::string, trace, "summary",
          "How much of the trace `run` prints: none | summary (record counts per kind) | full "
          "(one line per record).");
ABSL_FLAG(bool, keep_going, false,
          "Keep running after the first device violation instead of stopping after the action "
          "that showed it.");
ABSL_FLAG(std::string, timeline, "",
          "Write the run as a Chrome Trace Event JSON file (open it in Perfetto or "
          "chrome://tracing). Needs exactly one scenario file.");
ABSL_FLAG(bool, fail_on_user_errors, false,
          "Exit 1 when a user protocol error (a rule the VMM owes) is found, not only for device "
          "violations.");

namespace migsim {
namespace {

int Rank(int exit) {
  switch (exit) {
    case 2: return 3;
    case 3: return 2;
    case 1: return 1;
    default: return 0;
  }
}

int RunFile(const std::string& path, TraceDetail detail) {
  std::printf("== %s\n", path.c_str());
  absl::StatusOr<proto::Scenario> scenario = LoadScenarioFile(path);
  absl::StatusOr<JudgedRun> run = absl::UnknownError("not run");
  if (scenario.ok()) {
    JudgeOptions options;
    options.keep_going = absl::GetFlag(FLAGS_keep_going);
    options.keep_records =
        detail != TraceDetail::kNone || !absl::GetFlag(FLAGS_timeline).empty();
    run = Judge(*scenario, options);
  }
  if (!scenario.ok() || !run.ok()) {
    const absl::Status& s = !scenario.ok() ? scenario.status() : run.status();
    // Parse errors already start with the path; field errors do not.
    const std::string message(s.message());
    if (message.rfind(path, 0) == 0) {
      std::fprintf(stderr, "%s\n", message.c_str());
    } else {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), message.c_str());
    }
    std::printf("verdict: BAD-INPUT\n");
    return kExitBadInput;
  }
  std::fputs(FormatRunHeader(*scenario, run->world).c_str(), stdout);
  std::fputs(FormatTrace(run->world, detail).c_str(), stdout);
  std::fputs(FormatVerdict(run->verdict).c_str(), stdout);
  const std::string timeline = absl::GetFlag(FLAGS_timeline);
  if (!timeline.empty()) {
    const absl::Status written = WriteFileAtomically(
        timeline, FormatTimelineJson(*scenario, run->world, run->verdict));
    if (!written.ok()) {
      std::fprintf(stderr, "--timeline: %s\n", std::string(written.message()).c_str());
      return kExitBadInput;
    }
    std::printf("timeline: %s\n", timeline.c_str());
  }
  const int exit = run->verdict.ExitCode(absl::GetFlag(FLAGS_fail_on_user_errors));
  if (exit != kExitClean) {
    std::printf("replay: migsim run --trace=full %s\n", path.c_str());
  }
  return exit;
}

}  // namespace

int WorseExit(int a, int b) { return Rank(a) >= Rank(b) ? a : b; }

int RunCommand(const Args& files) {
  TraceDetail detail;
  if (!ParseTraceDetail(absl::GetFlag(FLAGS_trace), detail)) {
    std::fprintf(stderr, "--trace: '%s' is not none, summary or full\n",
                 absl::GetFlag(FLAGS_trace).c_str());
    return kExitBadInput;
  }
  if (files.empty()) {
    std::fprintf(stderr, "migsim run: name at least one scenario file\n");
    return kExitBadInput;
  }
  if (!absl::GetFlag(FLAGS_timeline).empty() && files.size() != 1) {
    std::fprintf(stderr, "--timeline: name exactly one scenario file (got %zu)\n", files.size());
    return kExitBadInput;
  }
  int worst = kExitClean;
  for (const std::string& f : files) {
    worst = WorseExit(worst, RunFile(f, detail));
    std::fflush(stdout);
  }
  return worst;
}

}  // namespace migsim
