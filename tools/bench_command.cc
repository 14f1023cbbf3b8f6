// File: tools/bench_command.cc
//
// `migsim bench detect|plan|table [flags]`: the detection benchmark
// (bench/README.md; tools/detect_plan.h, detect_trial.h, detect_results.h).
//   detect  runs every trial of the matrix not yet in the trials file, at
//           most --parallel at a time, appending each as it ends and
//           rewriting the tables; Ctrl-C stops (the trials in flight are
//           dropped, rerun resumes);
//   plan    prints the plan: one line per mutant "MUTANT RULE FAIL_ON
//           TOPOLOGY" (scripts/make_regressions.sh reads it);
//   table   rewrites the tables from the trials file.
// Exit status: 0 done, 2 bad usage or a missing engine, 4 a results file
// that cannot be read or written.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "sim/scenario_io.h"
#include "tools/commands.h"
#include "tools/detect_plan.h"
#include "tools/detect_results.h"
#include "tools/detect_trial.h"
#include "tools/input_file.h"
#include "tools/seed_corpus.h"
#include "tools/tool_flags.h"

ABSL_DECLARE_FLAG(std::string, afl_fuzz);
ABSL_DECLARE_FLAG(std::string, afl_mutator);

ABSL_FLAG(std::string, mutants, "all", "bench: comma-separated zoo mutants, or all.");
ABSL_FLAG(std::string, engines, "",
          "bench: comma-separated engines among structure, random, afl, bytes (default: all).");
ABSL_FLAG(int32_t, trials, 5, "bench: trials per mutant and engine (seeds 1..N).");
ABSL_FLAG(int32_t, budget, 60, "bench: CPU seconds per trial.");
ABSL_FLAG(int32_t, parallel, 2, "bench: trials run at the same time (one engine process each).");
ABSL_FLAG(double, wall_factor, 10,
          "bench: a trial still short of its CPU budget after budget x this many wall-clock "
          "seconds ends (starved).");
ABSL_FLAG(int32_t, max_trials, 0, "bench: stop after running this many trials (0: all).");
ABSL_FLAG(std::string, results, "",
          "bench: the results directory (default: bench/results of this migsim's repository): "
          "detect_trials.csv, detect.md, detect_summary.csv.");
ABSL_FLAG(std::string, work, "", "bench: scratch directory (default: <repo>/out/bench-detect).");
ABSL_FLAG(std::string, libfuzzer_dir, "",
          "bench: holds migsim_libfuzzer and migsim_libfuzzer_bytes (default: build-fuzz-fast/bin, "
          "else build-fuzz/bin).");
ABSL_FLAG(std::string, afl_dir, "", "bench: holds migsim_afl (default: build-afl/bin).");
ABSL_FLAG(std::string, random_dir, "", "bench: holds migsim_random (default: this migsim's bin/).");

namespace migsim {
namespace {

volatile std::sig_atomic_t g_bench_stop = 0;
void OnBenchStop(int) { g_bench_stop = 1; }

int Fail(const std::string& message, int status = 2) {
  std::fprintf(stderr, "%s\n", message.c_str());
  return status;
}

std::filesystem::path BinDir() {
  std::error_code error;
  return std::filesystem::read_symlink("/proc/self/exe", error).parent_path();
}
std::filesystem::path RepoDir() { return BinDir().parent_path().parent_path(); }

std::string Or(const std::string& value, const std::string& fallback) {
  return value.empty() ? fallback : value;
}

EnginePrograms Programs() {
  const std::filesystem::path repo = RepoDir();
  std::error_code error;
  const std::filesystem::path fast = repo / "build-fuzz-fast/bin";
  EnginePrograms p;
  p.libfuzzer_dir =
      Or(absl::GetFlag(FLAGS_libfuzzer_dir), std::filesystem::is_directory(fast, error)
                                                 ? fast.string()
                                                 : (repo / "build-fuzz/bin").string());
  p.afl_dir = Or(absl::GetFlag(FLAGS_afl_dir), (repo / "build-afl/bin").string());
  p.random_dir = Or(absl::GetFlag(FLAGS_random_dir), BinDir().string());
  p.afl_fuzz = absl::GetFlag(FLAGS_afl_fuzz);
  if (p.afl_fuzz.find('/') == std::string::npos) p.afl_fuzz = "/usr/bin/" + p.afl_fuzz;
  p.afl_mutator = Or(absl::GetFlag(FLAGS_afl_mutator),
                     (BinDir().parent_path() / "lib/libmigsim_afl_mutator.so").string());
  const std::string dict = p.libfuzzer_dir + "/../migsim.dict";
  if (access(dict.c_str(), R_OK) == 0) p.dict = dict;
  return p;
}

struct Bench {
  std::string repo;
  std::string results;
  std::string work;
  DetectTableSpec spec;

  std::string trials_csv() const { return results + "/detect_trials.csv"; }
};

absl::StatusOr<Bench> MakeBench() {
  Bench b;
  b.repo = RepoDir().string();
  b.results = Or(absl::GetFlag(FLAGS_results), b.repo + "/bench/results");
  b.work = Or(absl::GetFlag(FLAGS_work), b.repo + "/out/bench-detect");
  absl::StatusOr<std::vector<DetectTarget>> targets =
      PlanTargets(b.repo, absl::GetFlag(FLAGS_mutants), absl::GetFlag(FLAGS_topology));
  if (!targets.ok()) return targets.status();
  absl::StatusOr<std::vector<std::string>> engines = PlanEngines(absl::GetFlag(FLAGS_engines));
  if (!engines.ok()) return engines.status();
  b.spec.targets = *std::move(targets);
  b.spec.engines = *std::move(engines);
  b.spec.trials = absl::GetFlag(FLAGS_trials);
  b.spec.budget_s = absl::GetFlag(FLAGS_budget);
  if (b.spec.trials < 1 || b.spec.trials > 100) {
    return absl::InvalidArgumentError(
        absl::StrCat("--trials: ", b.spec.trials, " is not in 1..100"));
  }
  if (b.spec.budget_s < 1 || b.spec.budget_s > 86400) {
    return absl::InvalidArgumentError(
        absl::StrCat("--budget: ", b.spec.budget_s, " is not in 1..86400"));
  }
  const EnginePrograms p = Programs();
  b.spec.title_note = absl::StrFormat(
      "`migsim bench detect --trials=%d --budget=%d`; libFuzzer targets from %s, migsim_random "
      "from %s, migsim_afl from %s (afl-fuzz %s).",
      b.spec.trials, b.spec.budget_s, p.libfuzzer_dir, p.random_dir, p.afl_dir, p.afl_fuzz);
  return b;
}

absl::Status WriteTables(const Bench& b, const std::vector<TrialRow>& rows) {
  if (absl::Status s =
          WriteFileAtomically(b.results + "/detect.md", FormatDetectMarkdown(b.spec, rows));
      !s.ok()) {
    return s;
  }
  return WriteFileAtomically(b.results + "/detect_summary.csv",
                             FormatDetectSummaryCsv(b.spec, rows));
}

// The seed corpus of `topology`, written once per run.
absl::StatusOr<std::string> SeedsFor(const Bench& b, const std::string& topology) {
  const std::string dir =
      absl::StrCat(b.work, "/seeds/", std::filesystem::path(topology).stem().string());
  absl::StatusOr<InputFile> file = LoadInputFile(b.repo + "/" + topology);
  if (!file.ok()) return file.status();
  absl::StatusOr<SeedReport> seeds = WriteSeeds(dir, file->scenario, {b.repo + "/corpus"});
  if (!seeds.ok()) return seeds.status();
  return dir;
}

std::string Describe(const TrialRow& r) {
  const std::string what =
      r.detected ? absl::StrFormat("found in %.1f s CPU", r.cpu_s)
                 : absl::StrFormat("not found (%s) after %.1f s CPU", r.note, r.cpu_s);
  return absl::StrFormat("%s %s #%d: %s (%.1f s wall, %d execs)", r.key.mutant, r.key.engine,
                         r.key.trial, what, r.wall_s, r.execs);
}

// The work directory of one trial.
std::string WorkDirOf(const Bench& b, const TrialKey& k) {
  return absl::StrCat(b.work, "/", k.mutant, "-", k.engine, "-", k.trial);
}

// DetectRunner: the trials of one `migsim bench detect`, at most `parallel`
// at a time. Thread-compatible.
class DetectRunner {
 public:
  DetectRunner(Bench& b, std::vector<TrialRow> rows, std::vector<TrialKey> pending, int parallel)
      : b_(b), rows_(std::move(rows)), pending_(std::move(pending)), parallel_(parallel) {
    for (const DetectTarget& t : b_.spec.targets) targets_[t.mutant] = &t;
  }

  // Runs until every pending trial is recorded or a stop signal; returns
  // the exit status.
  int Run() {
    while (g_bench_stop == 0 && (next_ < pending_.size() || !running_.empty())) {
      if (absl::Status s = StartTrials(); !s.ok())
        return Fail(absl::StrCat("bench: ", s.message()));
      std::vector<pollfd> fds;
      for (const auto& t : running_) fds.push_back({t->output_fd(), POLLIN, 0});
      poll(fds.data(), fds.size(), 100);
      if (absl::Status s = StepTrials(); !s.ok()) return Fail(std::string(s.message()), 4);
    }
    for (auto& t : running_) t->Abort();
    if (g_bench_stop != 0) std::fprintf(stderr, "bench: interrupted; rerun to resume\n");
    std::fprintf(stderr, "bench: tables in %s/detect.md and detect_summary.csv\n",
                 b_.results.c_str());
    return WriteTables(b_, rows_).ok() ? 0 : 4;
  }

 private:
  absl::Status StartTrials() {
    while (running_.size() < static_cast<size_t>(parallel_) && next_ < pending_.size()) {
      const TrialKey& key = pending_[next_++];
      const DetectTarget& target = *targets_.at(key.mutant);
      if (seeds_.count(target.topology) == 0) {
        absl::StatusOr<std::string> dir = SeedsFor(b_, target.topology);
        if (!dir.ok()) return dir.status();
        seeds_[target.topology] = *dir;
      }
      const TrialSpec spec{key,
                           target,
                           b_.repo + "/" + target.topology,
                           seeds_[target.topology],
                           WorkDirOf(b_, key),
                           programs_,
                           absl::GetFlag(FLAGS_wall_factor) * key.budget_s};
      absl::StatusOr<std::unique_ptr<DetectTrial>> trial = DetectTrial::Start(spec);
      if (!trial.ok()) return trial.status();
      running_.push_back(*std::move(trial));
    }
    return absl::OkStatus();
  }

  absl::Status StepTrials() {
    for (size_t i = 0; i < running_.size();) {
      if (!running_[i]->Step()) {
        ++i;
        continue;
      }
      const TrialRow row = running_[i]->row();
      running_.erase(running_.begin() + static_cast<long>(i));
      if (absl::Status s = AppendTrialRow(b_.trials_csv(), row); !s.ok()) return s;
      rows_.push_back(row);
      std::fprintf(stderr, "[%zu/%zu] %s\n", ++finished_, pending_.size(), Describe(row).c_str());
      // Keep the work of a trial that ended oddly, for a look at its engine.log.
      if (row.detected || row.note == "budget") {
        std::error_code error;
        std::filesystem::remove_all(WorkDirOf(b_, row.key), error);
      }
      if (absl::Status s = WriteTables(b_, rows_); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  Bench& b_;
  std::vector<TrialRow> rows_;
  std::vector<TrialKey> pending_;
  const int parallel_;
  const EnginePrograms programs_ = Programs();
  std::map<std::string, const DetectTarget*> targets_;
  std::map<std::string, std::string> seeds_;  // topology -> seed directory
  std::vector<std::unique_ptr<DetectTrial>> running_;
  size_t next_ = 0;
  size_t finished_ = 0;
};

int Detect(Bench& b) {
  absl::StatusOr<std::vector<TrialRow>> rows = ReadTrialRows(b.trials_csv());
  if (!rows.ok()) return Fail(std::string(rows.status().message()), 4);
  std::set<TrialKey> done;
  for (const TrialRow& r : *rows) done.insert(r.key);
  std::vector<TrialKey> pending;
  for (TrialKey& k : OrderTrials(b.spec.targets, b.spec.engines, b.spec.trials, b.spec.budget_s)) {
    if (done.count(k) == 0) pending.push_back(std::move(k));
  }
  const int parallel = std::max(1, absl::GetFlag(FLAGS_parallel));
  const int max_trials = absl::GetFlag(FLAGS_max_trials);
  if (max_trials > 0 && pending.size() > static_cast<size_t>(max_trials))
    pending.resize(max_trials);
  std::fprintf(stderr, "bench: %zu trials to run (%zu recorded), %d at a time\n", pending.size(),
               rows->size(), parallel);
  std::error_code error;
  std::filesystem::create_directories(b.results, error);
  signal(SIGINT, OnBenchStop);
  signal(SIGTERM, OnBenchStop);
  DetectRunner runner(b, *std::move(rows), std::move(pending), parallel);
  return runner.Run();
}

}  // namespace

int BenchCommand(const Args& args) {
  if (args.size() != 1 || (args[0] != "detect" && args[0] != "plan" && args[0] != "table")) {
    return Fail("migsim bench: name one of detect, plan or table");
  }
  absl::StatusOr<Bench> bench = MakeBench();
  if (!bench.ok()) return Fail(std::string(bench.status().message()));
  if (args[0] == "plan") {
    for (const DetectTarget& t : bench->spec.targets) {
      std::printf("%s %s %s %s\n", t.mutant.c_str(), t.rule.c_str(),
                  std::string(FailOnName(t.fail_on)).c_str(), t.topology.c_str());
    }
    return 0;
  }
  if (args[0] == "table") {
    absl::StatusOr<std::vector<TrialRow>> rows = ReadTrialRows(bench->trials_csv());
    if (!rows.ok()) return Fail(std::string(rows.status().message()), 4);
    if (absl::Status s = WriteTables(*bench, *rows); !s.ok())
      return Fail(std::string(s.message()), 4);
    std::printf("%s", FormatDetectMarkdown(bench->spec, *rows).c_str());
    return 0;
  }
  return Detect(*bench);
}

}  // namespace migsim
