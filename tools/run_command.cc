// File: tools/run_command.cc
#include "tools/run_command.h"

#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "sim/scenario_io.h"
#include "spec/judge.h"
#include "tools/junit_report.h"
#include "tools/run_report.h"
#include "tools/timeline.h"
#include "tools/tool_flags.h"

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

// The JUnit testcase of one judged file (exit: its exit status).
JUnitCase JUnitCaseOf(const std::string& path, const Verdict& verdict, int exit) {
  JUnitCase c;
  c.name = path;
  if (exit == kExitClean) return c;
  c.result = JUnitCase::Result::kFailure;
  c.details = absl::StrCat(FormatVerdict(verdict), "replay: migsim run --trace=full ", path, "\n");
  const Violation* first = !verdict.device_violations.empty() ? &verdict.device_violations[0]
                           : !verdict.user_errors.empty()     ? &verdict.user_errors[0]
                                                              : nullptr;
  if (exit == kExitViolation && first != nullptr) {
    c.type = std::string(first->rule->id);
    c.message = FormatViolation(*first);
  } else {
    c.type = "LIVENESS";
    c.message = absl::StrCat("LIVENESS ", verdict.liveness_failure);
  }
  return c;
}

int RunFile(const std::string& path, TraceDetail detail, const ScenarioRewrite& rewrite,
            JUnitReport& junit) {
  std::printf("== %s\n", path.c_str());
  absl::StatusOr<proto::Scenario> scenario = LoadScenarioFile(path);
  if (scenario.ok()) {
    if (absl::Status s = rewrite.Apply(*scenario); !s.ok()) scenario = s;
  }
  absl::StatusOr<JudgedRun> run = absl::UnknownError("not run");
  if (scenario.ok()) {
    JudgeOptions options;
    options.keep_going = absl::GetFlag(FLAGS_keep_going);
    options.keep_records = detail != TraceDetail::kNone || !absl::GetFlag(FLAGS_timeline).empty();
    run = Judge(*scenario, options);
  }
  if (!scenario.ok() || !run.ok()) {
    const absl::Status& s = !scenario.ok() ? scenario.status() : run.status();
    // Parse errors already start with the path; field errors do not.
    const std::string message(s.message());
    const std::string line =
        message.rfind(path, 0) == 0 ? message : absl::StrCat(path, ": ", message);
    std::fprintf(stderr, "%s\n", line.c_str());
    std::printf("verdict: BAD-INPUT\n");
    junit.Add({.name = path,
               .result = JUnitCase::Result::kError,
               .type = "BAD-INPUT",
               .message = line,
               .details = ""});
    return kExitBadInput;
  }
  std::fputs(FormatRunHeader(*scenario, run->world).c_str(), stdout);
  std::fputs(FormatTrace(run->world, detail).c_str(), stdout);
  std::fputs(FormatVerdict(run->verdict).c_str(), stdout);
  const std::string timeline = absl::GetFlag(FLAGS_timeline);
  if (!timeline.empty()) {
    const absl::Status written =
        WriteFileAtomically(timeline, FormatTimelineJson(*scenario, run->world, run->verdict));
    if (!written.ok()) {
      std::fprintf(stderr, "--timeline: %s\n", std::string(written.message()).c_str());
      return kExitBadInput;
    }
    std::printf("timeline: %s\n", timeline.c_str());
  }
  const int exit = run->verdict.ExitCode(absl::GetFlag(FLAGS_fail_on_user_errors));
  junit.Add(JUnitCaseOf(path, run->verdict, exit));
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
  absl::StatusOr<ScenarioRewrite> rewrite = RewriteFlags(/*reference=*/false);
  if (!rewrite.ok()) {
    std::fprintf(stderr, "%s\n", std::string(rewrite.status().message()).c_str());
    return kExitBadInput;
  }
  JUnitReport junit("migsim run");
  int worst = kExitClean;
  for (const std::string& f : files) {
    worst = WorseExit(worst, RunFile(f, detail, *rewrite, junit));
    std::fflush(stdout);
  }
  const std::string junit_path = absl::GetFlag(FLAGS_junit);
  if (!junit_path.empty()) {
    if (absl::Status s = junit.Write(junit_path); !s.ok()) {
      std::fprintf(stderr, "--junit: %s\n", std::string(s.message()).c_str());
      return kExitBadInput;
    }
    std::printf("junit: %s\n", junit_path.c_str());
  }
  return worst;
}

}  // namespace migsim
