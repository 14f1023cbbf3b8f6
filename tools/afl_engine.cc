// File: tools/afl_engine.cc
#include "tools/afl_engine.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "sim/scenario_io.h"

namespace migsim {
namespace {

std::string InstanceName(int i) { return i == 0 ? "main" : absl::StrCat("s", i); }

class AflEngine final : public FuzzEngine {
 public:
  absl::string_view name() const override { return "afl"; }

  absl::Status Start(const EngineLaunch& launch) override {
    dir_ = launch.dir;
    const std::string program = launch.engine_dir + "/migsim_afl";
    if (access(program.c_str(), X_OK) != 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("--engine_dir: ", program,
                       " not found (build it: cmake --preset afl && cmake --build --preset afl)"));
    }
    if (access(launch.afl_fuzz.c_str(), X_OK) != 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "--afl_fuzz: '", launch.afl_fuzz, "' not found (install AFL++: apt-get install afl++)"));
    }
    if (access(launch.afl_mutator.c_str(), R_OK) != 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("--afl_mutator: ", launch.afl_mutator,
                       " not found (build it: cmake --build --preset default)"));
    }
    std::vector<std::string> env = launch.env;
    for (const char* setting :
         {"AFL_NO_UI=1", "AFL_CUSTOM_MUTATOR_ONLY=1", "AFL_AUTORESUME=1", "AFL_SKIP_CPUFREQ=1",
          "AFL_NO_AFFINITY=1", "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1"}) {
      env.push_back(setting);
    }
    env.push_back("AFL_CUSTOM_MUTATOR_LIBRARY=" + launch.afl_mutator);
    for (int i = 0; i < launch.jobs; ++i) {
      std::vector<std::string> argv = {
          launch.afl_fuzz,      "-i",           dir_ + "/seeds", "-o", dir_ + "/afl",
          i == 0 ? "-M" : "-S", InstanceName(i)};
      const std::string dict = launch.engine_dir + "/../migsim.dict";
      if (access(dict.c_str(), R_OK) == 0) argv.insert(argv.end(), {"-x", dict});
      if (launch.time_s > 0) argv.insert(argv.end(), {"-V", absl::StrCat(launch.time_s)});
      if (launch.runs > 0) argv.insert(argv.end(), {"-E", absl::StrCat(launch.runs)});
      argv.insert(argv.end(), launch.flags.begin(), launch.flags.end());
      argv.insert(argv.end(), {"--", program});
      absl::StatusOr<EngineProcess> process = EngineProcess::Start(argv, env);
      if (!process.ok()) return process.status();
      processes_.push_back(*std::move(process));
    }
    return absl::OkStatus();
  }

  std::vector<EngineProcess*> processes() override {
    std::vector<EngineProcess*> out;
    for (EngineProcess& p : processes_) out.push_back(&p);
    return out;
  }

  void OnLine(size_t, absl::string_view) override {}  // fuzzer_stats says more

  void Refresh() override {
    EngineStats stats;
    for (size_t i = 0; i < processes_.size(); ++i) {
      absl::StatusOr<std::string> text =
          ReadFile(dir_ + "/afl/" + InstanceName(static_cast<int>(i)) + "/fuzzer_stats");
      if (text.ok()) AddAflStats(*text, i == 0, stats);
    }
    // afl-fuzz may rewrite fuzzer_stats seldom (AFL_NO_UI); the queue itself
    // is always current.
    stats.corpus = std::max<uint64_t>(stats.corpus, FromInstances("queue").size());
    if (stats.execs > 0 || stats.corpus > 0) stats_ = stats;
  }

  EngineStats stats() const override { return stats_; }

  std::vector<std::string> CorpusFiles() const override { return FromInstances("queue"); }
  std::vector<std::string> CrashFiles() const override { return FromInstances("crashes"); }

  bool Finished(bool& failed) override {
    bool all = true;
    for (EngineProcess& p : processes_) {
      const std::optional<int> status = p.Poll();
      if (!status) {
        all = false;
      } else if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
        failed = true;
      }
    }
    return all;
  }

  void Stop(int grace_ms) override {
    for (EngineProcess& p : processes_) p.Stop(grace_ms);
  }

 private:
  // "id:*" files of DIR/afl/<instance>/<sub> for every instance directory.
  std::vector<std::string> FromInstances(const std::string& sub) const {
    std::vector<std::string> out;
    std::error_code error;
    std::vector<std::string> instances;
    for (const auto& entry : std::filesystem::directory_iterator(dir_ + "/afl", error)) {
      if (entry.is_directory(error)) instances.push_back(entry.path().string());
    }
    std::sort(instances.begin(), instances.end());
    for (const std::string& instance : instances) {
      std::vector<std::string> files = ListFiles(instance + "/" + sub, {"id:"});
      out.insert(out.end(), files.begin(), files.end());
    }
    return out;
  }

  std::string dir_;
  std::vector<EngineProcess> processes_;
  EngineStats stats_;
};

}  // namespace

bool AddAflStats(absl::string_view fuzzer_stats, bool main, EngineStats& stats) {
  bool found = false;
  for (absl::string_view line : absl::StrSplit(fuzzer_stats, '\n')) {
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos) continue;
    const absl::string_view key = absl::StripAsciiWhitespace(line.substr(0, colon));
    const absl::string_view value = absl::StripAsciiWhitespace(line.substr(colon + 1));
    uint64_t n = 0;
    double speed = 0;
    if (key == "execs_done" && absl::SimpleAtoi(value, &n)) {
      stats.execs += n;
      found = true;
    } else if (key == "execs_per_sec" && absl::SimpleAtod(value, &speed) &&
               std::isfinite(speed)) {  // "inf" before the first second
      stats.execs_per_s += speed;
      found = true;
    } else if (key == "corpus_count" && absl::SimpleAtoi(value, &n)) {
      stats.corpus += n;
      found = true;
    } else if (key == "bitmap_cvg" && main) {
      stats.coverage = absl::StrCat("edges ", value);
      found = true;
    }
  }
  return found;
}

std::unique_ptr<FuzzEngine> MakeAflEngine() { return std::make_unique<AflEngine>(); }

}  // namespace migsim
