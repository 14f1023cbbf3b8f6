// File: tools/fuzz_command.cc
//
// `migsim fuzz [--engine=libfuzzer|afl] [--time=S] [--runs=N] [--jobs=N]
// [--topology=FILE] [--model=NAME[,NAME]] [--fail_on=device|user|any]
// [--only_rule=ID] [--known=DIR[,DIR]] [--junit=FILE] [--out=DIR]`: a fuzz
// campaign (tools/campaign.h). The engine programs are
// found next to this binary by default: a migsim at <repo>/build/bin/migsim
// looks in <repo>/build-fuzz/bin (libFuzzer) or <repo>/build-afl/bin
// (AFL++), for the AFL++ mutator in <repo>/build/lib, and seeds from
// <repo>/corpus.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tools/campaign.h"
#include "tools/commands.h"
#include "tools/tool_flags.h"

ABSL_FLAG(std::string, engine, "libfuzzer", "fuzz: the engine, libfuzzer or afl.");
ABSL_FLAG(int64_t, time, 0, "fuzz: stop after this many seconds (0: until --runs, or Ctrl-C).");
ABSL_FLAG(int64_t, runs, 0,
          "fuzz: stop after about this many executions (AFL++: per job; 0: no limit).");
ABSL_FLAG(int64_t, max_violations, 0,
          "fuzz: stop once the campaign holds this many distinct violations (0: no limit).");
ABSL_FLAG(int32_t, jobs, 1,
          "fuzz: parallel fuzzing processes (libFuzzer -fork=N; AFL++ one -M and N-1 -S).");
ABSL_FLAG(std::string, engine_dir, "",
          "fuzz: the directory holding migsim_libfuzzer or migsim_afl (default: build-fuzz/bin "
          "or build-afl/bin of the repository this migsim was built in).");
ABSL_FLAG(std::string, afl_fuzz, "afl-fuzz", "fuzz: the afl-fuzz program (searched in PATH).");
ABSL_FLAG(std::string, afl_mutator, "",
          "fuzz: libmigsim_afl_mutator.so for AFL++ (default: lib/ next to this migsim's bin/).");
ABSL_FLAG(std::string, seeds, "",
          "fuzz: comma-separated scenario files or directories to seed from, besides the "
          "--topology file (default: the repository's corpus/; 'none': only the topology).");
ABSL_FLAG(std::string, only_rule, "",
          "fuzz: hunt one rule (a Rule.id, e.g. V2-STOP-NO-DMA): violations of other rules are "
          "not crashes (MIGSIM_FUZZ_ONLY_RULE); with --max_violations=1 the campaign ends at "
          "its first finding.");
ABSL_FLAG(std::string, known, "",
          "fuzz: comma-separated reproducer files or directories (e.g. corpus/regressions) "
          "whose signatures are known: such findings are listed as known, not minimized, and "
          "do not make the campaign exit 1 (a CI gate fails on NEW signatures only).");
ABSL_FLAG(std::string, engine_flags, "",
          "fuzz: extra engine flags, space-separated, appended to its command line (e.g. "
          "'-seed=1' for libFuzzer).");

namespace migsim {
namespace {

int Usage(const std::string& message) {
  std::fprintf(stderr, "%s\n", message.c_str());
  return 2;
}

// This binary's directory (<repo>/build/bin for a default build).
std::filesystem::path BinaryDir() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::current_path(error) : self.parent_path();
}

// `program` when it names a path, else its first match in PATH, else itself.
std::string FindProgram(const std::string& program) {
  if (program.find('/') != std::string::npos) return program;
  const char* path = std::getenv("PATH");
  for (absl::string_view dir : absl::StrSplit(path != nullptr ? path : "", ':')) {
    const std::string candidate = absl::StrCat(dir.empty() ? "." : dir, "/", program);
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return program;
}

// Fills the engine and seed locations from flags and defaults.
void Locate(CampaignOptions& o) {
  const std::filesystem::path bin = BinaryDir();
  const std::filesystem::path repo = bin.parent_path().parent_path();
  o.engine_dir = absl::GetFlag(FLAGS_engine_dir);
  if (o.engine_dir.empty()) {
    o.engine_dir = (repo / (o.engine == "afl" ? "build-afl/bin" : "build-fuzz/bin")).string();
  }
  o.afl_fuzz = FindProgram(absl::GetFlag(FLAGS_afl_fuzz));
  o.afl_mutator = absl::GetFlag(FLAGS_afl_mutator);
  if (o.afl_mutator.empty()) {
    o.afl_mutator = (bin.parent_path() / "lib/libmigsim_afl_mutator.so").string();
  }
  const std::string seeds = absl::GetFlag(FLAGS_seeds);
  if (seeds.empty()) {
    std::error_code error;
    if (std::filesystem::is_directory(repo / "corpus", error)) {
      o.seed_sources.push_back((repo / "corpus").string());
    }
  } else if (seeds != "none") {
    o.seed_sources = absl::StrSplit(seeds, ',', absl::SkipEmpty());
  }
  o.engine_flags = absl::StrSplit(absl::GetFlag(FLAGS_engine_flags), ' ', absl::SkipEmpty());
}

}  // namespace

int FuzzCommand(const Args& args) {
  if (!args.empty()) {
    return Usage(absl::StrCat("migsim fuzz: takes no file arguments (got '", args[0],
                              "'); name the topology with --topology=FILE"));
  }
  CampaignOptions o;
  o.engine = absl::GetFlag(FLAGS_engine);
  if (o.engine != "libfuzzer" && o.engine != "afl") {
    return Usage(absl::StrCat("--engine: '", o.engine, "' is not libfuzzer or afl"));
  }
  o.jobs = absl::GetFlag(FLAGS_jobs);
  if (o.jobs < 1 || o.jobs > 64) {
    return Usage(absl::StrCat("--jobs: ", o.jobs, " is not in 1..64"));
  }
  o.time_s = absl::GetFlag(FLAGS_time);
  if (o.time_s < 0) return Usage(absl::StrCat("--time: ", o.time_s, " is negative"));
  o.runs = absl::GetFlag(FLAGS_runs);
  if (o.runs < 0) return Usage(absl::StrCat("--runs: ", o.runs, " is negative"));
  o.max_violations = absl::GetFlag(FLAGS_max_violations);
  if (o.max_violations < 0) {
    return Usage(absl::StrCat("--max_violations: ", o.max_violations, " is negative"));
  }
  absl::StatusOr<FailOn> fail_on = FailOnFlag();
  if (!fail_on.ok()) return Usage(std::string(fail_on.status().message()));
  o.fail_on = *fail_on;
  o.minimize_runs = absl::GetFlag(FLAGS_max_runs);
  if (o.minimize_runs < 3) {
    return Usage(absl::StrCat("--max_runs: ", o.minimize_runs,
                              " is too small (one run and two to confirm need 3)"));
  }
  o.topology = absl::GetFlag(FLAGS_topology);
  o.models = absl::GetFlag(FLAGS_model);
  o.only_rule = absl::GetFlag(FLAGS_only_rule);
  o.known = absl::StrSplit(absl::GetFlag(FLAGS_known), ',', absl::SkipEmpty());
  o.junit = absl::GetFlag(FLAGS_junit);
  o.dir = absl::GetFlag(FLAGS_out);
  if (o.dir.empty()) o.dir = "fuzz-out";
  Locate(o);
  o.progress = stderr;
  o.tty = isatty(STDERR_FILENO) != 0;
  return RunCampaign(o);
}

}  // namespace migsim
