// File: tools/detect_results.h
//
// The detection benchmark's results (`migsim bench`, bench/README.md):
//   - the trials file (default bench/results/detect_trials.csv): one line per
//     finished trial, appended as soon as it ends, so an interrupted run
//     loses at most the trials in flight and a rerun skips every trial
//     already recorded (TrialKey);
//   - the tables derived from it, Markdown (detect.md) and CSV
//     (detect_summary.csv): per mutant and engine the detection rate and the
//     median, minimum and maximum time to the first detection of the
//     expected rule, in CPU seconds, over the trials (FuzzBench / Magma's
//     time-to-bug); per engine the totals.
// A trial that did not detect the rule within its budget is censored: it
// counts as "later than the budget" for the median and the maximum (shown
// as ">B"), and not at all for the minimum.
#ifndef MIGSIM_TOOLS_DETECT_RESULTS_H_
#define MIGSIM_TOOLS_DETECT_RESULTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/detect_plan.h"

namespace migsim {

// One finished trial: one line of the trials file. A plain value.
struct TrialRow {
  TrialKey key;
  bool detected = false;
  double cpu_s = 0;    // CPU seconds of the engine's processes at detection (or at the end)
  double wall_s = 0;   // wall-clock seconds at detection (or at the end)
  uint64_t execs = 0;  // the engine's executions at detection (or at the end); 0 = unknown
  std::string note;    // why it ended: "budget", "wall-limit", "engine exit 1: ...", ""
};

// The header line of the trials file (without '\n').
extern const char kTrialsHeader[];

// The row as one CSV line (no '\n'); commas and newlines in `note` become
// ';' and ' '.
std::string FormatTrialRow(const TrialRow& row);

// The rows of the trials file at `path`; none when it does not exist.
// Errors: InvalidArgumentError "PATH:LINE: ..." for a line that does not
// parse (a partial last line, from a crash mid-write, is ignored).
absl::StatusOr<std::vector<TrialRow>> ReadTrialRows(const std::string& path);

// Appends `row` to the file at `path` in one write (creating it, with the
// header, when missing). Errors: InternalError naming the file.
absl::Status AppendTrialRow(const std::string& path, const TrialRow& row);

// What the tables are about: the plan, and how the trials are labelled.
struct DetectTableSpec {
  std::vector<DetectTarget> targets;
  std::vector<std::string> engines;
  int trials = 5;
  int budget_s = 60;
  std::string title_note;  // one line under the title: the command, the machine
};

// The Markdown tables of the rows matching `spec` (same topology and
// budget; the first `trials` trials of each mutant and engine).
std::string FormatDetectMarkdown(const DetectTableSpec& spec, const std::vector<TrialRow>& rows);

// The same as CSV: mutant,engine,rule,topology,trials,detected,median_s,min_s,max_s
// (median and max empty when censored, min empty when nothing was found).
std::string FormatDetectSummaryCsv(const DetectTableSpec& spec, const std::vector<TrialRow>& rows);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_DETECT_RESULTS_H_
