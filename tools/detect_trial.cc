// File: tools/detect_trial.cc
#include "tools/detect_trial.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "fuzz/fuzz_input.h"
#include "fuzz/harness.h"
#include "sim/scenario_io.h"
#include "tools/fuzz_engine.h"
#include "tools/outcome.h"
#include "tools/process_tree.h"

extern char** environ;

namespace migsim {
namespace {

// How long an engine that reported a detection may take to write its crash
// file and exit before it is stopped.
constexpr double kReportGraceS = 10;
constexpr int kStopGraceMs = 2000;
constexpr size_t kLastLines = 8;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The unsigned number after `key` in `text`, or nullopt.
std::optional<uint64_t> NumberAfter(absl::string_view text, absl::string_view key) {
  const size_t at = text.find(key);
  if (at == absl::string_view::npos) return std::nullopt;
  absl::string_view rest = text.substr(at + key.size());
  size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  uint64_t value = 0;
  if (digits == 0 || !absl::SimpleAtoi(rest.substr(0, digits), &value)) return std::nullopt;
  return value;
}

HarnessEnv EnvOf(const TrialSpec& spec) {
  HarnessEnv env;
  env.topology = spec.topology_path;
  env.model = spec.target.mutant;
  env.fail_on = std::string(FailOnName(spec.target.fail_on));
  env.only_rule = spec.target.rule;
  return env;
}

// This process's environment without MIGSIM_FUZZ_*, plus the harness's.
std::vector<std::string> EngineEnvironment(const TrialSpec& spec) {
  std::vector<std::string> env;
  bool asan = false;
  for (char** e = environ; *e != nullptr; ++e) {
    const absl::string_view entry(*e);
    if (absl::StartsWith(entry, "MIGSIM_FUZZ_") || absl::StartsWith(entry, "AFL_")) continue;
    asan |= absl::StartsWith(entry, "ASAN_OPTIONS=");
    env.emplace_back(entry);
  }
  const HarnessEnv h = EnvOf(spec);
  env.push_back("MIGSIM_FUZZ_TOPOLOGY=" + h.topology);
  env.push_back("MIGSIM_FUZZ_MODEL=" + h.model);
  env.push_back("MIGSIM_FUZZ_FAIL_ON=" + h.fail_on);
  env.push_back("MIGSIM_FUZZ_ONLY_RULE=" + h.only_rule);
  // A sanitized libFuzzer build's leak check at exit is no protocol bug
  // (afl-fuzz refuses ASAN_OPTIONS without abort_on_error, and its target
  // is not sanitized).
  if (!asan && spec.key.engine != "afl") env.push_back("ASAN_OPTIONS=detect_leaks=0");
  return env;
}

absl::Status NeedProgram(const std::string& path, absl::string_view how) {
  if (access(path.c_str(), X_OK) == 0) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(path, " not found (", how, ")"));
}

// The engine's command line and environment.
absl::StatusOr<std::pair<std::vector<std::string>, std::vector<std::string>>> CommandOf(
    const TrialSpec& spec) {
  const std::string seed = absl::StrCat(spec.key.trial + 1);
  const std::string& work = spec.work_dir;
  std::vector<std::string> env = EngineEnvironment(spec);
  const std::string& engine = spec.key.engine;
  if (engine == "structure" || engine == "bytes") {
    const std::string program =
        spec.programs.libfuzzer_dir +
        (engine == "structure" ? "/migsim_libfuzzer" : "/migsim_libfuzzer_bytes");
    if (absl::Status s = NeedProgram(program, "cmake --build --preset fuzz-fast"); !s.ok())
      return s;
    std::vector<std::string> argv = {program,          "-seed=" + seed,
                                     "-max_len=65536", "-print_final_stats=1",
                                     "-timeout=20",    "-artifact_prefix=" + work + "/crashes/"};
    if (!spec.programs.dict.empty()) argv.push_back("-dict=" + spec.programs.dict);
    argv.insert(argv.end(), {work + "/corpus", spec.seeds_dir});
    return std::pair{argv, env};
  }
  if (engine == "random") {
    const std::string program = spec.programs.random_dir + "/migsim_random";
    if (absl::Status s = NeedProgram(program, "cmake --build --preset default"); !s.ok()) return s;
    return std::pair{std::vector<std::string>{program, "-seed=" + seed,
                                              "-artifact_prefix=" + work + "/crashes/"},
                     env};
  }
  const std::string program = spec.programs.afl_dir + "/migsim_afl";
  if (absl::Status s = NeedProgram(program, "cmake --build --preset afl"); !s.ok()) return s;
  if (absl::Status s = NeedProgram(spec.programs.afl_fuzz, "apt-get install afl++"); !s.ok()) {
    return s;
  }
  for (const char* setting :
       {"AFL_NO_UI=1", "AFL_CUSTOM_MUTATOR_ONLY=1", "AFL_SKIP_CPUFREQ=1", "AFL_NO_AFFINITY=1",
        "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1", "AFL_BENCH_UNTIL_CRASH=1"}) {
    env.push_back(setting);
  }
  env.push_back("AFL_CUSTOM_MUTATOR_LIBRARY=" + spec.programs.afl_mutator);
  std::vector<std::string> argv = {
      spec.programs.afl_fuzz, "-i", spec.seeds_dir, "-o", work + "/afl", "-s", seed};
  if (!spec.programs.dict.empty()) argv.insert(argv.end(), {"-x", spec.programs.dict});
  argv.insert(argv.end(), {"--", program});
  return std::pair{argv, env};
}

}  // namespace

absl::StatusOr<std::unique_ptr<DetectTrial>> DetectTrial::Start(const TrialSpec& spec) {
  std::error_code error;
  std::filesystem::remove_all(spec.work_dir, error);
  std::filesystem::create_directories(spec.work_dir + "/corpus", error);
  if (!error) std::filesystem::create_directories(spec.work_dir + "/crashes", error);
  if (error) {
    return absl::InternalError(
        absl::StrCat(spec.work_dir, ": cannot create (", error.message(), ")"));
  }
  auto command = CommandOf(spec);
  if (!command.ok()) return command.status();
  absl::StatusOr<EngineProcess> process = EngineProcess::Start(command->first, command->second);
  if (!process.ok()) return process.status();
  return std::unique_ptr<DetectTrial>(new DetectTrial(spec, *std::move(process)));
}

DetectTrial::DetectTrial(TrialSpec spec, EngineProcess process)
    : spec_(std::move(spec)),
      process_(std::move(process)),
      start_(std::chrono::steady_clock::now()) {
  row_.key = spec_.key;
  if (spec_.wall_limit_s <= 0) spec_.wall_limit_s = 10.0 * spec_.key.budget_s;
}

void DetectTrial::OnLine(const std::string& line) {
  last_lines_.push_back(line);
  if (last_lines_.size() > kLastLines) last_lines_.erase(last_lines_.begin());
  if (const std::optional<uint64_t> execs = NumberAfter(line, "stat::number_of_executed_units: ")) {
    row_.execs = *execs;
  } else if (absl::StartsWith(line, "#") && !reported_) {
    // libFuzzer's and migsim_random's status lines: "#<execs>\t...".
    if (const std::optional<uint64_t> execs = NumberAfter(line, "#")) row_.execs = *execs;
  }
  if (reported_) return;
  if (absl::StartsWith(line, absl::StrCat("==MIGSIM== VIOLATION rule=", spec_.target.rule, " "))) {
    reported_ = true;
  } else if (absl::StrContains(line, "results in a crash")) {
    reported_ = true;  // afl-fuzz's dry run: a seed already raises the rule
  }
}

bool DetectTrial::AflCrashed() {
  const std::vector<std::string> crashes =
      ListFiles(spec_.work_dir + "/afl/default/crashes", {"id:"});
  if (crashes.empty()) return false;
  if (const std::optional<uint64_t> execs = NumberAfter(crashes.front(), ",execs:")) {
    row_.execs = *execs;
  }
  return true;
}

bool DetectTrial::Step() {
  if (finished_) return true;
  // Sample before Poll: once reaped, the engine's /proc entry is gone.
  const double cpu = ProcessTreeCpuSeconds(process_.pid());
  const double wall = SecondsSince(start_);
  std::ofstream log(spec_.work_dir + "/engine.log", std::ios::app);
  for (const std::string& line : process_.ReadLines()) {
    log << line << '\n';
    OnLine(line);
  }
  if (!reported_ && spec_.key.engine == "afl") reported_ = AflCrashed();
  if (!timed_) {
    // Until the engine reports, the row holds the latest sample; from then
    // on, the sample of the Step that saw the report.
    row_.cpu_s = cpu;
    row_.wall_s = wall;
    timed_ = reported_;
  }
  if (const std::optional<int> status = process_.Poll()) {
    Finish(*status);
    return true;
  }
  if (!reported_) {
    if (cpu >= spec_.key.budget_s || wall >= spec_.wall_limit_s) {
      row_.note = cpu >= spec_.key.budget_s ? "budget" : "wall-limit";
      Finish(process_.Stop(kStopGraceMs));
      return true;
    }
    return false;
  }
  if (!stopping_since_) stopping_since_ = std::chrono::steady_clock::now();
  if (SecondsSince(*stopping_since_) > kReportGraceS) {
    Finish(process_.Stop(kStopGraceMs));
    return true;
  }
  return false;
}

void DetectTrial::Abort() {
  process_.Stop(kStopGraceMs);
  finished_ = true;
}

void DetectTrial::Finish(int status) {
  finished_ = true;
  for (const std::string& line : process_.ReadLines()) OnLine(line);
  if (spec_.key.engine == "afl" && row_.execs == 0) {
    // afl-fuzz's own count (fuzzer_stats: "execs_done        : N").
    absl::StatusOr<std::string> stats = ReadFile(spec_.work_dir + "/afl/default/fuzzer_stats");
    if (stats.ok()) {
      const size_t at = stats->find("execs_done");
      const size_t colon = at == std::string::npos ? at : stats->find(':', at);
      if (colon != std::string::npos) {
        if (const auto execs = NumberAfter(absl::StripLeadingAsciiWhitespace(
                                               absl::string_view(*stats).substr(colon + 1)),
                                           "")) {
          row_.execs = *execs;
        }
      }
    }
  }
  if (spec_.key.engine == "afl" && !reported_) reported_ = AflCrashed();
  if (reported_) {
    Verify();
    return;
  }
  if (!row_.note.empty()) return;  // budget or wall-limit
  row_.note = absl::StrCat("engine ended (",
                           WIFEXITED(status) ? absl::StrCat("exit ", WEXITSTATUS(status))
                                             : absl::StrCat("signal ", WTERMSIG(status)),
                           "): ", last_lines_.empty() ? "" : last_lines_.back());
}

// Re-judges the engine's crash files: the trial counts only when one of
// them raises the expected rule under the trial's harness settings.
void DetectTrial::Verify() {
  std::vector<std::string> files = ListFiles(spec_.work_dir + "/crashes", {"crash-"});
  const std::vector<std::string> afl = ListFiles(spec_.work_dir + "/afl/default/crashes", {"id:"});
  files.insert(files.end(), afl.begin(), afl.end());
  if (files.empty() && spec_.key.engine == "afl") {
    files = ListFiles(spec_.seeds_dir);  // afl-fuzz stopped at a seed that crashes
  }
  absl::StatusOr<HarnessConfig> config = MakeHarnessConfig(EnvOf(spec_));
  std::string seen = "no crash file";
  for (const std::string& file : files) {
    absl::StatusOr<std::string> bytes = config.ok() ? ReadFile(file) : config.status();
    absl::StatusOr<proto::FuzzInput> input =
        bytes.ok() ? ParseFuzzInput(*bytes) : absl::StatusOr<proto::FuzzInput>(bytes.status());
    absl::StatusOr<proto::Scenario> scenario =
        input.ok() ? PrepareScenario(*config, *input) : input.status();
    if (!scenario.ok()) {
      seen = std::string(scenario.status().message());
      continue;
    }
    JudgeOptions options;
    options.device_override = config->device_override;
    absl::StatusOr<Outcome> outcome = JudgeOutcome(*scenario, options, config->fail_on);
    if (outcome.ok() && outcome->rule == spec_.target.rule) {
      row_.detected = true;
      row_.note = "";
      return;
    }
    seen = outcome.ok() ? outcome->Describe() : std::string(outcome.status().message());
  }
  row_.detected = false;
  row_.note = absl::StrCat("reported but not verified: ", seen);
}

}  // namespace migsim
