// File: tools/campaign.h
//
// RunCampaign: the body of `migsim fuzz`. It
//   1. checks the settings the way the harness will (MakeHarnessConfig:
//      topology file, model names, fail_on) and opens DIR, resuming from
//      DIR/summary.textproto when a campaign with the same settings ran
//      there (known signatures and judged crash files are kept);
//   2. writes the seed corpus (tools/seed_corpus.h) into DIR/seeds;
//   3. starts the engine (tools/fuzz_engine.h) with the harness's
//      environment: MIGSIM_FUZZ_TOPOLOGY, MIGSIM_FUZZ_MODEL and
//      MIGSIM_FUZZ_FAIL_ON in place of any inherited MIGSIM_FUZZ_*;
//   4. until the engine ends (--time, --runs), DIR holds --max_violations
//      new signatures, or SIGINT/SIGTERM arrives: copies its
//      output to DIR/engine.log, judges new crash files (tools/crash_triage.h:
//      dedup by signature, minimize, write DIR/<signature>/...), tracks the
//      corpus's protocol coverage (tools/coverage_tracker.h), rewrites
//      DIR/summary.textproto whenever it changes, and shows the progress line
//      (tools/progress_line.h);
//   5. stops the engine, judges the crash files left (a second signal skips
//      them: they wait for the next resume), writes the summary and prints
//      the table of findings.
// --known=DIR[,DIR] names reproducers whose signatures are known
// (tools/known_signatures.h): a finding with such a signature is listed as
// known, is not minimized, and does not fail the campaign; --junit=FILE
// writes the findings as JUnit XML (tools/junit_report.h): a failure per new
// signature, a passed case per known one.
// Exit status: 0 no new violation, 1 new violations found (in DIR, resumed
// ones included), 2 bad usage or input (one line naming the flag or file), 4 the
// bench failed (the engine ended abnormally, or a reproducer did not
// reproduce twice).
#ifndef MIGSIM_TOOLS_CAMPAIGN_H_
#define MIGSIM_TOOLS_CAMPAIGN_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz/harness_config.h"

namespace migsim {

inline constexpr int kExitBenchFailure = 4;

// The settings of one campaign. A plain value; fuzz_command.cc fills it
// from flags.
struct CampaignOptions {
  std::string engine = "libfuzzer";  // "libfuzzer" | "afl"
  std::string dir = "fuzz-out";      // --out
  std::string topology;              // --topology; "" = each input's own
  std::string models;                // --model, "NAME[,NAME]"
  FailOn fail_on = FailOn::kDevice;
  std::string only_rule;           // --only_rule: hunt this Rule.id alone; "" = every rule
  std::vector<std::string> known;  // --known: reproducer files or directories
  std::string junit;               // --junit: JUnit XML of the findings; "" = none
  int jobs = 1;
  int64_t time_s = 0;                     // 0 = until interrupted (or runs)
  int64_t runs = 0;                       // 0 = no limit
  int64_t max_violations = 0;             // stop once DIR holds this many new signatures; 0 = no
  std::string engine_dir;                 // holds migsim_libfuzzer / migsim_afl
  std::string afl_fuzz = "afl-fuzz";      // program, searched in PATH when no '/'
  std::string afl_mutator;                // libmigsim_afl_mutator.so
  std::vector<std::string> seed_sources;  // files or directories of scenarios
  std::vector<std::string> engine_flags;  // appended to the engine's command line
  int64_t minimize_runs = 20000;          // the minimizer's budget per new signature
  std::FILE* progress = stderr;           // where the progress line goes
  bool tty = false;                       // `progress` is a terminal
};

// Runs the campaign; returns the exit status (see the file comment).
int RunCampaign(const CampaignOptions& options);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_CAMPAIGN_H_
