// File: tools/campaign.cc
#include "tools/campaign.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tools/campaign_store.h"
#include "tools/coverage_tracker.h"
#include "tools/crash_triage.h"
#include "tools/fuzz_engine.h"
#include "tools/input_file.h"
#include "tools/junit_report.h"
#include "tools/known_signatures.h"
#include "tools/outcome.h"
#include "tools/progress_line.h"
#include "tools/seed_corpus.h"

extern char** environ;

namespace migsim {
namespace {

// SIGINT/SIGTERM received so far (the first stops the engine, the second
// also skips the crash files not judged yet).
volatile std::sig_atomic_t g_stop_signals = 0;

void OnStopSignal(int) { g_stop_signals = g_stop_signals + 1; }

void CatchStopSignals() {
  g_stop_signals = 0;
  struct sigaction action = {};
  action.sa_handler = &OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// Seconds per loop iteration spent waiting for engine output; the other
// work (crash files, coverage, progress) happens about once a second.
constexpr int kPollMs = 200;
constexpr int kStopGraceMs = 3000;
// Seconds past --time after which the engine is stopped.
constexpr double kTimeGraceS = 3;
// Corpus inputs whose coverage is computed per second (each is one run).
constexpr size_t kCoveragePerTick = 64;
constexpr size_t kCoverageFinal = 4096;

// The harness's configuration for these options; errors name our flags.
absl::StatusOr<HarnessConfig> ConfigFor(const CampaignOptions& o) {
  HarnessEnv env;
  env.topology = o.topology;
  env.model = o.models;
  env.fail_on = std::string(FailOnName(o.fail_on));
  env.only_rule = o.only_rule;
  absl::StatusOr<HarnessConfig> config = MakeHarnessConfig(env);
  if (config.ok()) return config;
  std::string message(config.status().message());
  for (const auto& [variable, flag] :
       {std::pair{"MIGSIM_FUZZ_TOPOLOGY", "--topology"}, std::pair{"MIGSIM_FUZZ_MODEL", "--model"},
        std::pair{"MIGSIM_FUZZ_FAIL_ON", "--fail_on"},
        std::pair{"MIGSIM_FUZZ_ONLY_RULE", "--only_rule"}}) {
    if (absl::StartsWith(message, variable)) message = flag + message.substr(strlen(variable));
  }
  return absl::Status(config.status().code(), message);
}

// This process's environment without MIGSIM_FUZZ_*, plus the harness's.
std::vector<std::string> EngineEnvironment(const CampaignOptions& o) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const absl::string_view entry(*e);
    if (!absl::StartsWith(entry, "MIGSIM_FUZZ_")) env.emplace_back(entry);
  }
  if (!o.topology.empty()) {
    std::error_code error;
    env.push_back("MIGSIM_FUZZ_TOPOLOGY=" + std::filesystem::absolute(o.topology, error).string());
  }
  if (!o.models.empty()) env.push_back("MIGSIM_FUZZ_MODEL=" + o.models);
  env.push_back(absl::StrCat("MIGSIM_FUZZ_FAIL_ON=", FailOnName(o.fail_on)));
  if (!o.only_rule.empty()) env.push_back("MIGSIM_FUZZ_ONLY_RULE=" + o.only_rule);
  return env;
}

// One campaign session: the state the loop shares between its steps.
class Session {
 public:
  Session(const CampaignOptions& o, HarnessConfig config, proto::CampaignSummary summary,
          KnownSignatures known)
      : o_(o),
        summary_(std::move(summary)),
        base_execs_(summary_.execs()),
        base_elapsed_s_(summary_.elapsed_s()),
        triage_(
            o.dir, config, summary_, o.minimize_runs,
            [this](const std::string& m) { progress_.Message(m); }, std::move(known)),
        coverage_(config),
        progress_(o.progress, o.tty),
        start_(std::chrono::steady_clock::now()) {}

  int Run();

 private:
  double Elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  uint64_t Execs() const { return base_execs_ + engine_->stats().execs; }
  absl::Status Start();
  void Pump(int timeout_ms);
  void Tick(bool final_pass);
  void Save();
  Progress Snapshot() const;
  int64_t NewFindings() const;
  void WriteJUnit(bool engine_failed);

  const CampaignOptions& o_;
  proto::CampaignSummary summary_;
  const uint64_t base_execs_;
  const double base_elapsed_s_;
  CrashTriage triage_;
  CoverageTracker coverage_;
  ProgressLine progress_;
  std::unique_ptr<FuzzEngine> engine_;
  std::ofstream log_;
  std::chrono::steady_clock::time_point start_;
};

absl::Status Session::Start() {
  engine_ = MakeFuzzEngine(o_.engine);
  log_.open(o_.dir + "/engine.log", std::ios::app);
  EngineLaunch launch;
  launch.dir = o_.dir;
  launch.engine_dir = o_.engine_dir;
  launch.afl_fuzz = o_.afl_fuzz;
  launch.afl_mutator = o_.afl_mutator;
  launch.jobs = o_.jobs;
  launch.time_s = o_.time_s;
  launch.runs = o_.runs;
  launch.env = EngineEnvironment(o_);
  launch.flags = o_.engine_flags;
  return engine_->Start(launch);
}

// Copies engine output to engine.log and the engine's parser, waiting up to
// `timeout_ms` for some.
void Session::Pump(int timeout_ms) {
  std::vector<EngineProcess*> processes = engine_->processes();
  std::vector<pollfd> fds;
  for (EngineProcess* p : processes) fds.push_back({p->output_fd(), POLLIN, 0});
  if (poll(fds.data(), fds.size(), timeout_ms) < 0) return;  // EINTR: a signal, seen by Run
  for (size_t i = 0; i < processes.size(); ++i) {
    for (const std::string& line : processes[i]->ReadLines()) {
      log_ << line << '\n';
      engine_->OnLine(i, line);
    }
  }
  log_.flush();
}

Progress Session::Snapshot() const {
  Progress p;
  p.elapsed_s = Elapsed();
  p.engine = engine_->stats();
  p.engine.execs = Execs();
  p.protocol_slots = coverage_.slots();
  p.signatures = static_cast<uint64_t>(summary_.findings_size());
  p.crash_files = summary_.crash_files();
  return p;
}

int64_t Session::NewFindings() const {
  int64_t n = 0;
  for (const proto::Finding& f : summary_.findings()) n += f.known() ? 0 : 1;
  return n;
}

void Session::Save() {
  summary_.set_execs(Execs());
  summary_.set_elapsed_s(base_elapsed_s_ + Elapsed());
  summary_.set_corpus_size(engine_->stats().corpus);
  summary_.set_protocol_slots(coverage_.slots());
  if (absl::Status s = SaveSummary(o_.dir, summary_); !s.ok()) {
    progress_.Message(absl::StrCat("summary: ", s.message()));
  }
}

void Session::Tick(bool final_pass) {
  engine_->Refresh();
  const int stop_after = final_pass ? 2 : 1;
  const uint64_t judged_before = summary_.crash_files();
  triage_.Judge(engine_->CrashFiles(), base_elapsed_s_ + Elapsed(), Execs(), final_pass,
                [stop_after] { return g_stop_signals >= stop_after; });
  coverage_.Add(engine_->CorpusFiles(), final_pass ? kCoverageFinal : kCoveragePerTick);
  if (final_pass || summary_.crash_files() != judged_before) Save();
  progress_.Update(Snapshot(), final_pass);
}

int Session::Run() {
  if (absl::Status s = Start(); !s.ok()) {
    std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
    return s.code() == absl::StatusCode::kFailedPrecondition ? 2 : kExitBenchFailure;
  }
  Save();
  bool failed = false;
  double last_tick = -1;
  while (g_stop_signals == 0 && !engine_->Finished(failed)) {
    Pump(kPollMs);
    if (Elapsed() - last_tick >= 1.0) {
      last_tick = Elapsed();
      Tick(false);
    }
    // The engine enforces --time too, but libFuzzer's fork mode lets its
    // running jobs finish first.
    if (o_.time_s > 0 && Elapsed() > static_cast<double>(o_.time_s) + kTimeGraceS) break;
    if (o_.max_violations > 0 && NewFindings() >= o_.max_violations) break;
  }
  const bool interrupted = g_stop_signals > 0;
  engine_->Stop(kStopGraceMs);
  Pump(0);
  if (interrupted) progress_.Message("stopping: judging the crash files left (Ctrl-C again skips)");
  Tick(/*final_pass=*/true);
  progress_.Finish();
  std::printf("%s", FormatFindingsTable(summary_, o_.dir).c_str());
  std::printf(
      "summary: %s/summary.textproto (%llu crash files judged, %llu unreproduced, %llu "
      "invalid)\n",
      o_.dir.c_str(), static_cast<unsigned long long>(summary_.crash_files()),
      static_cast<unsigned long long>(summary_.unreproduced()),
      static_cast<unsigned long long>(summary_.invalid()));
  WriteJUnit(failed && !interrupted);
  if (failed && !interrupted) {
    std::fprintf(stderr, "migsim fuzz: the %s engine ended abnormally; see %s/engine.log\n",
                 std::string(engine_->name()).c_str(), o_.dir.c_str());
    return kExitBenchFailure;
  }
  if (!triage_.all_confirmed()) {
    std::fprintf(stderr,
                 "migsim fuzz: a reproducer did not reproduce twice (a determinism bug "
                 "in migsim)\n");
    return kExitBenchFailure;
  }
  return NewFindings() == 0 ? 0 : 1;
}

// --junit: one case for the campaign itself (an error when the engine
// failed), then one per finding: a failure when new, passed when known.
void Session::WriteJUnit(bool engine_failed) {
  if (o_.junit.empty()) return;
  JUnitReport report("migsim fuzz");
  JUnitCase campaign;
  campaign.name = absl::StrCat("campaign ", o_.dir);
  campaign.details = absl::StrFormat(
      "%s engine, topology '%s', models '%s', %llu execs in %.0f s, %d signatures (%lld new)\n",
      o_.engine, o_.topology, o_.models, static_cast<unsigned long long>(Execs()),
      base_elapsed_s_ + Elapsed(), summary_.findings_size(), static_cast<long long>(NewFindings()));
  if (engine_failed) {
    campaign.result = JUnitCase::Result::kError;
    campaign.type = "ENGINE";
    campaign.message = absl::StrCat("the ", engine_->name(), " engine ended abnormally");
  }
  report.Add(campaign);
  for (const proto::Finding& f : summary_.findings()) {
    JUnitCase c;
    c.name = f.signature();
    const std::string repro = f.known() ? f.repro() : absl::StrCat(o_.dir, "/", f.repro());
    c.details = absl::StrCat(f.violation(), "\nreproducer: ", repro, "\nreplay: migsim replay ",
                             repro, "\n");
    if (!f.known()) {
      c.result = JUnitCase::Result::kFailure;
      c.type = f.rule();
      c.message = f.violation();
    }
    report.Add(std::move(c));
  }
  if (absl::Status s = report.Write(o_.junit); !s.ok()) {
    std::fprintf(stderr, "--junit: %s\n", std::string(s.message()).c_str());
  } else {
    std::printf("junit: %s\n", o_.junit.c_str());
  }
}

}  // namespace

int RunCampaign(const CampaignOptions& o) {
  absl::StatusOr<HarnessConfig> config = ConfigFor(o);
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  std::error_code error;
  std::filesystem::create_directories(o.dir + "/crashes", error);
  if (!error) std::filesystem::create_directories(o.dir + "/corpus", error);
  if (error) {
    std::fprintf(stderr, "--out: %s: cannot create (%s)\n", o.dir.c_str(), error.message().c_str());
    return 2;
  }
  proto::CampaignSummary settings;
  settings.set_engine(o.engine);
  settings.set_topology(o.topology);
  for (absl::string_view m : absl::StrSplit(o.models, ',', absl::SkipEmpty())) {
    settings.add_models(std::string(m));
  }
  settings.set_fail_on(std::string(FailOnName(o.fail_on)));
  settings.set_only_rule(o.only_rule);
  for (const std::string& k : o.known) settings.add_known(k);
  absl::StatusOr<KnownSignatures> known = LoadKnownSignatures(o.known);
  if (!known.ok()) {
    std::fprintf(stderr, "--known: %s\n", std::string(known.status().message()).c_str());
    return 2;
  }
  absl::StatusOr<proto::CampaignSummary> summary = OpenSummary(o.dir, settings);
  if (!summary.ok()) {
    std::fprintf(stderr, "%s\n", std::string(summary.status().message()).c_str());
    return 2;
  }
  // The topology file's own actions are the first seed (the harness then
  // gives every input that topology anyway).
  std::optional<proto::Scenario> topology_seed;
  if (!o.topology.empty()) {
    absl::StatusOr<InputFile> file = LoadInputFile(o.topology);
    if (file.ok()) topology_seed = std::move(file->scenario);
  }
  absl::StatusOr<SeedReport> seeds = WriteSeeds(o.dir + "/seeds", topology_seed, o.seed_sources);
  if (!seeds.ok()) {
    std::fprintf(stderr, "--seeds: %s\n", std::string(seeds.status().message()).c_str());
    return 2;
  }
  for (const std::string& skipped : seeds->skipped) {
    std::fprintf(stderr, "seed skipped: %s\n", skipped.c_str());
  }
  std::fprintf(
      o.progress, "fuzz: %s engine, %d job(s), %d seeds, out %s%s\n", o.engine.c_str(), o.jobs,
      seeds->written, o.dir.c_str(),
      summary->sessions() > 1
          ? absl::StrCat(" (resumed: ", summary->findings_size(), " known signatures)").c_str()
          : "");
  if (!known->empty()) {
    std::fprintf(o.progress, "fuzz: %zu signatures known from --known reproducers\n",
                 known->size());
  }
  CatchStopSignals();
  Session session(o, *std::move(config), *std::move(summary), *std::move(known));
  return session.Run();
}

}  // namespace migsim
