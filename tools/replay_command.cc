// File: tools/replay_command.cc
//
// `migsim replay FILE|DIR... [--junit=FILE] [--model=NAME] [--reference]`:
// re-runs reproducers (tools/replayer.h) and prints one line per file,
// REPRODUCED / CLEAN / FIXED / CHANGED / BAD-INPUT, then a count per status.
// Exit status: 0 when every file behaves as its header expects, 1 when one
// does not, 2 bad usage or a BAD-INPUT file.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/commands.h"
#include "tools/junit_report.h"
#include "tools/replayer.h"
#include "tools/tool_flags.h"

ABSL_FLAG(bool, reference, false,
          "replay: strip every model choice (Device.model, host IOMMU models) and expect every "
          "file to run clean on the reference models.");

namespace migsim {
namespace {

int Fail(absl::string_view message) {
  std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
  return 2;
}

JUnitCase ToJUnit(const ReplayResult& r) {
  JUnitCase c;
  c.name = r.path;
  if (r.as_expected()) {
    c.details = r.Describe();
    return c;
  }
  c.result =
      r.status == ReplayStatus::kBadInput ? JUnitCase::Result::kError : JUnitCase::Result::kFailure;
  c.type = std::string(ReplayStatusName(r.status));
  c.message = r.got.violation.empty() ? r.Describe() : r.got.violation;
  c.details = absl::StrCat(r.Describe(), "\nreplay: migsim replay ", r.path, "\n");
  return c;
}

}  // namespace

int ReplayCommand(const Args& args) {
  if (args.empty()) return Fail("migsim replay: name at least one reproducer file or directory");
  absl::StatusOr<FailOn> fail_on = FailOnFlag();
  if (!fail_on.ok()) return Fail(fail_on.status().message());
  absl::StatusOr<ScenarioRewrite> rewrite = RewriteFlags(absl::GetFlag(FLAGS_reference));
  if (!rewrite.ok()) return Fail(rewrite.status().message());
  absl::StatusOr<std::vector<std::string>> files = CollectScenarioFiles(args);
  if (!files.ok()) return Fail(files.status().message());
  ReplayOptions options;
  options.rewrite = *std::move(rewrite);
  options.default_fail_on = *fail_on;
  std::vector<ReplayResult> results;
  std::map<std::string, int> counts;  // by status name: a stable order
  for (const std::string& file : *files) {
    results.push_back(ReplayFile(file, options));
    const ReplayResult& r = results.back();
    std::printf("%s\n", r.Describe().c_str());
    if (!r.as_expected() && !r.got.violation.empty()) {
      std::printf("  %s\n", r.got.violation.c_str());
    }
    std::fflush(stdout);
    ++counts[std::string(ReplayStatusName(r.status))];
  }
  std::vector<std::string> parts;
  for (const auto& [name, n] : counts) parts.push_back(absl::StrCat(n, " ", name));
  std::printf("replay: %zu files: %s\n", results.size(), absl::StrJoin(parts, ", ").c_str());
  const std::string junit = absl::GetFlag(FLAGS_junit);
  if (!junit.empty()) {
    JUnitReport report("migsim replay");
    for (const ReplayResult& r : results) report.Add(ToJUnit(r));
    if (absl::Status s = report.Write(junit); !s.ok()) {
      return Fail(absl::StrCat("--junit: ", s.message()));
    }
    std::printf("junit: %s\n", junit.c_str());
  }
  return ReplayExitCode(results);
}

}  // namespace migsim
