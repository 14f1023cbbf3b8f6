// File: tools/crash_triage.cc
#include "tools/crash_triage.h"

#include <chrono>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fuzz/fuzz_input.h"
#include "fuzz/harness.h"
#include "sim/check.h"
#include "sim/scenario_io.h"
#include "spec/rule_registry.h"
#include "tools/minimizer.h"
#include "tools/outcome.h"
#include "tools/reproducer.h"

namespace migsim {
namespace {

// True when `path` was last modified less than a second ago (or is gone).
bool StillFresh(const std::string& path) {
  std::error_code error;
  const auto written = std::filesystem::last_write_time(path, error);
  if (error) return true;
  return std::filesystem::file_time_type::clock::now() - written < std::chrono::seconds(1);
}

}  // namespace

CrashTriage::CrashTriage(std::string dir, HarnessConfig config, proto::CampaignSummary& summary,
                         int64_t runs_max, std::function<void(const std::string&)> log,
                         KnownSignatures known)
    : dir_(std::move(dir)),
      config_(std::move(config)),
      summary_(summary),
      runs_max_(runs_max),
      log_(std::move(log)),
      known_(std::move(known)) {
  judged_.insert(summary_.judged().begin(), summary_.judged().end());
  for (const proto::Finding& f : summary_.findings()) all_confirmed_ &= f.confirmed();
}

int CrashTriage::Judge(const std::vector<std::string>& crash_files, double elapsed_s,
                       uint64_t execs, bool final_pass, const std::function<bool()>& stop) {
  const int findings_before = summary_.findings_size();
  for (const std::string& path : crash_files) {
    if (stop && stop()) break;
    std::string relative = path;
    if (absl::StartsWith(relative, dir_ + "/")) relative = relative.substr(dir_.size() + 1);
    if (judged_.count(relative) != 0) continue;
    if (!final_pass && StillFresh(path)) continue;
    JudgeOne(path, relative, elapsed_s, execs);
    judged_.insert(relative);
    summary_.add_judged(relative);
    summary_.set_crash_files(summary_.crash_files() + 1);
  }
  return summary_.findings_size() - findings_before;
}

void CrashTriage::JudgeOne(const std::string& path, const std::string& relative, double elapsed_s,
                           uint64_t execs) {
  absl::StatusOr<std::string> bytes = ReadFile(path);
  absl::StatusOr<proto::FuzzInput> input =
      bytes.ok() ? ParseFuzzInput(*bytes) : absl::StatusOr<proto::FuzzInput>(bytes.status());
  absl::StatusOr<proto::Scenario> scenario =
      input.ok() ? PrepareScenario(config_, *input) : input.status();
  absl::StatusOr<Outcome> outcome = absl::UnknownError("not judged");
  if (scenario.ok()) {
    JudgeOptions options;
    options.device_override = config_.device_override;
    outcome = JudgeOutcome(*scenario, options, config_.fail_on);
  }
  if (!outcome.ok()) {
    const absl::Status& why = !scenario.ok() ? scenario.status() : outcome.status();
    summary_.set_invalid(summary_.invalid() + 1);
    log_(absl::StrCat(relative, ": not a valid scenario (", why.message(), ")"));
    return;
  }
  if (outcome->clean()) {
    summary_.set_unreproduced(summary_.unreproduced() + 1);
    log_(absl::StrCat(relative, ": re-judged ", outcome->Describe(),
                      ", not a violation (an engine timeout or out-of-memory, or a crash of "
                      "migsim itself: see engine.log)"));
    return;
  }
  for (proto::Finding& f : *summary_.mutable_findings()) {
    if (f.signature() == outcome->signature) {
      f.set_hits(f.hits() + 1);
      return;
    }
  }
  if (const auto known = known_.find(outcome->signature); known != known_.end()) {
    AddKnownFinding(*outcome, known->second, relative, elapsed_s, execs);
    return;
  }
  AddFinding(*scenario, relative, elapsed_s, execs);
}

void CrashTriage::AddKnownFinding(const Outcome& outcome, const std::string& repro,
                                  const std::string& relative, double elapsed_s, uint64_t execs) {
  proto::Finding& f = *summary_.add_findings();
  f.set_signature(outcome.signature);
  f.set_rule(outcome.rule);
  f.set_doc(outcome.doc);
  f.set_violation(outcome.violation);
  f.set_first_found_s(elapsed_s);
  f.set_first_found_execs(execs);
  f.set_hits(1);
  f.set_source(relative);
  f.set_repro(repro);
  f.set_known(true);
  f.set_confirmed(true);  // its reproducer is checked by `migsim replay`, not here
  log_(absl::StrCat("KNOWN ", outcome.signature, ": ", repro));
}

void CrashTriage::AddFinding(const proto::Scenario& scenario, const std::string& relative,
                             double elapsed_s, uint64_t execs) {
  MinimizeOptions options;
  options.judge.device_override = config_.device_override;
  options.fail_on = config_.fail_on;
  options.runs_max = runs_max_;
  absl::StatusOr<MinimizeResult> m = Minimize(scenario, options);
  MIGSIM_CHECK(m.ok()) << "a failing crash file stopped failing: " << m.status();
  proto::Finding& f = *summary_.add_findings();
  f.set_signature(m->signature);
  f.set_rule(m->rule);
  if (const Rule* rule = FindRule(m->rule); rule != nullptr) f.set_doc(std::string(rule->doc));
  f.set_violation(m->violation);
  f.set_first_found_s(elapsed_s);
  f.set_first_found_execs(execs);
  f.set_hits(1);
  f.set_source(relative);
  f.set_repro(m->signature + "/repro.textproto");
  f.set_actions_before(static_cast<uint32_t>(m->actions_before));
  f.set_actions_after(static_cast<uint32_t>(m->actions_after));
  f.set_minimize_runs(static_cast<uint64_t>(m->runs));
  f.set_confirmed(m->confirmed);
  all_confirmed_ &= m->confirmed;
  const absl::Status written =
      WriteReproducerDir(dir_ + "/" + m->signature, *m, config_.fail_on, relative, options.judge);
  log_(absl::StrFormat("NEW %s: %d -> %d actions (%d judge runs)%s -> %s/%s", m->signature,
                       m->actions_before, m->actions_after, m->runs,
                       m->confirmed ? "" : ", NOT confirmed", dir_, f.repro()));
  if (!written.ok()) log_(absl::StrCat(m->signature, ": ", written.message()));
}

}  // namespace migsim
