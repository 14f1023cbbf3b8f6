// File: tools/crash_triage.h
//
// CrashTriage: what `migsim fuzz` does with each crash file an engine
// writes. It rebuilds the scenario the engine ran exactly as the harness
// did (fuzz/harness.h PrepareScenario with the campaign's HarnessConfig),
// re-judges it rather than trusting the engine's report, and sorts it:
//   - a signature seen before: one more hit on its Finding;
//   - a new signature: minimized (tools/minimizer.h) and written as
//     DIR/<signature>/{repro.textproto, trace.txt, timeline.json}, each
//     atomically (tools/reproducer.h), then recorded as a new Finding;
//   - a signature a known reproducer names (tools/known_signatures.h):
//     recorded as a Finding marked known, pointing at that reproducer, and
//     not minimized (its reproducer exists);
//   - a clean re-run: counted as unreproduced (an engine timeout or OOM, or a
//     sanitizer report in migsim itself: DIR/engine.log has the details);
//   - not a valid scenario: counted as invalid.
// Every file judged is listed in the summary (CampaignSummary.judged), so a
// resumed campaign does not judge it again. Files younger than a second are
// left for the next call, unless it is the final one, since an engine may
// still be writing them.
#ifndef MIGSIM_TOOLS_CRASH_TRIAGE_H_
#define MIGSIM_TOOLS_CRASH_TRIAGE_H_

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "fuzz/harness_config.h"
#include "tools/campaign_summary.pb.h"
#include "tools/known_signatures.h"
#include "tools/outcome.h"

namespace migsim {

// CrashTriage: holds the campaign's summary by reference. Thread-compatible.
class CrashTriage {
 public:
  // `dir` is the campaign directory; `summary` its summary (findings and
  // judged files already there are known); `runs_max` the minimizer's
  // budget per new signature; `log` receives one line per event worth
  // telling (a new signature, an unreproduced crash); `known` the
  // signatures not to report as new.
  CrashTriage(std::string dir, HarnessConfig config, proto::CampaignSummary& summary,
              int64_t runs_max, std::function<void(const std::string&)> log,
              KnownSignatures known = {});

  // Judges the files of `crash_files` not judged yet. `elapsed_s` and
  // `execs` stamp new findings. `final_pass` also takes files younger than a
  // second. `stop` is checked between files: when it returns true the rest
  // is left for a later call. Returns the number of new signatures.
  int Judge(const std::vector<std::string>& crash_files, double elapsed_s, uint64_t execs,
            bool final_pass, const std::function<bool()>& stop);

  // False when a reproducer failed its confirmation (same signature and
  // trace hash twice): a determinism bug in migsim.
  bool all_confirmed() const { return all_confirmed_; }

 private:
  void JudgeOne(const std::string& path, const std::string& relative, double elapsed_s,
                uint64_t execs);
  void AddFinding(const proto::Scenario& scenario, const std::string& relative, double elapsed_s,
                  uint64_t execs);
  void AddKnownFinding(const Outcome& outcome, const std::string& repro,
                       const std::string& relative, double elapsed_s, uint64_t execs);

  std::string dir_;
  HarnessConfig config_;
  proto::CampaignSummary& summary_;
  int64_t runs_max_;
  std::function<void(const std::string&)> log_;
  KnownSignatures known_;
  std::set<std::string> judged_;
  bool all_confirmed_ = true;
};

}  // namespace migsim

#endif  // MIGSIM_TOOLS_CRASH_TRIAGE_H_
