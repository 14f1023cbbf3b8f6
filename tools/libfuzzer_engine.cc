// File: tools/libfuzzer_engine.cc
#include "tools/libfuzzer_engine.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace migsim {
namespace {

// The unsigned number right after `key` in `line`, or nullopt.
std::optional<uint64_t> NumberAfter(absl::string_view line, absl::string_view key) {
  const size_t at = line.find(key);
  if (at == absl::string_view::npos) return std::nullopt;
  absl::string_view rest = absl::StripLeadingAsciiWhitespace(line.substr(at + key.size()));
  size_t digits = 0;
  while (digits < rest.size() && absl::ascii_isdigit(rest[digits])) ++digits;
  uint64_t value = 0;
  if (digits == 0 || !absl::SimpleAtoi(rest.substr(0, digits), &value)) return std::nullopt;
  return value;
}

// `env` with detect_leaks=0 in ASAN_OPTIONS (unless it names detect_leaks):
// the target is an ASan build, and a leak at a worker's exit would be
// reported as a crash that is no protocol violation.
std::vector<std::string> WithoutLeakCheck(std::vector<std::string> env) {
  for (std::string& entry : env) {
    if (!absl::StartsWith(entry, "ASAN_OPTIONS=")) continue;
    if (!absl::StrContains(entry, "detect_leaks")) absl::StrAppend(&entry, ":detect_leaks=0");
    return env;
  }
  env.push_back("ASAN_OPTIONS=detect_leaks=0");
  return env;
}

class LibFuzzerEngine final : public FuzzEngine {
 public:
  // The exit status libFuzzer is told to use when it found a crash.
  static constexpr int kErrorExitCode = 77;

  absl::string_view name() const override { return "libfuzzer"; }

  absl::Status Start(const EngineLaunch& launch) override {
    dir_ = launch.dir;
    const std::string program = launch.engine_dir + "/migsim_libfuzzer";
    if (access(program.c_str(), X_OK) != 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "--engine_dir: ", program,
          " not found (build it: cmake --preset fuzz && cmake --build --preset fuzz)"));
    }
    std::vector<std::string> argv = {program,
                                     absl::StrCat("-fork=", launch.jobs),
                                     "-ignore_crashes=1",
                                     absl::StrCat("-error_exitcode=", kErrorExitCode),
                                     "-ignore_timeouts=1",
                                     "-ignore_ooms=1",
                                     "-max_len=65536",
                                     absl::StrCat("-artifact_prefix=", dir_, "/crashes/")};
    // The dictionary the fuzz build writes next to its bin/ (fuzz/README.md).
    const std::string dict = launch.engine_dir + "/../migsim.dict";
    if (access(dict.c_str(), R_OK) == 0) argv.push_back("-dict=" + dict);
    if (launch.time_s > 0) argv.push_back(absl::StrCat("-max_total_time=", launch.time_s));
    if (launch.runs > 0) argv.push_back(absl::StrCat("-runs=", launch.runs));
    argv.insert(argv.end(), launch.flags.begin(), launch.flags.end());
    argv.push_back(dir_ + "/corpus");
    argv.push_back(dir_ + "/seeds");
    absl::StatusOr<EngineProcess> process =
        EngineProcess::Start(argv, WithoutLeakCheck(launch.env));
    if (!process.ok()) return process.status();
    process_.emplace(*std::move(process));
    return absl::OkStatus();
  }

  std::vector<EngineProcess*> processes() override {
    if (!process_) return {};
    return {&*process_};
  }

  void OnLine(size_t, absl::string_view line) override { ParseLibFuzzerStatus(line, stats_); }

  EngineStats stats() const override { return stats_; }

  std::vector<std::string> CorpusFiles() const override { return ListFiles(dir_ + "/corpus"); }

  std::vector<std::string> CrashFiles() const override {
    return ListFiles(dir_ + "/crashes", {"crash-", "timeout-", "oom-", "leak-"});
  }

  bool Finished(bool& failed) override {
    if (!process_) return true;
    const std::optional<int> status = process_->Poll();
    if (!status) return false;
    // In fork mode with -ignore_crashes, libFuzzer ends with -error_exitcode
    // when any job crashed: a campaign that found violations ended normally.
    failed = !WIFEXITED(*status) ||
             (WEXITSTATUS(*status) != 0 && WEXITSTATUS(*status) != kErrorExitCode);
    return true;
  }

  void Stop(int grace_ms) override {
    if (process_) process_->Stop(grace_ms);
  }

 private:
  std::string dir_;
  std::optional<EngineProcess> process_;
  EngineStats stats_;
};

}  // namespace

bool ParseLibFuzzerStatus(absl::string_view line, EngineStats& stats) {
  if (!absl::StartsWith(line, "#")) return false;
  const std::optional<uint64_t> execs = NumberAfter(line, "#");
  const std::optional<uint64_t> corpus = NumberAfter(line, "corp:");
  if (!execs || !corpus) return false;
  stats.execs = *execs;
  stats.corpus = *corpus;
  // Fork mode prints "exec/s: N", plain mode "exec/s: N" too; older forms "exec/s N".
  std::optional<uint64_t> speed = NumberAfter(line, "exec/s:");
  if (!speed) speed = NumberAfter(line, "exec/s");
  if (speed) stats.execs_per_s = static_cast<double>(*speed);
  const std::optional<uint64_t> cov = NumberAfter(line, "cov:");
  const std::optional<uint64_t> ft = NumberAfter(line, "ft:");
  if (cov && ft) stats.coverage = absl::StrCat("cov ", *cov, " ft ", *ft);
  return true;
}

std::unique_ptr<FuzzEngine> MakeLibFuzzerEngine() { return std::make_unique<LibFuzzerEngine>(); }

}  // namespace migsim
