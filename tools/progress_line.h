// File: tools/progress_line.h
//
// ProgressLine: the live status of a `migsim fuzz` campaign on stderr:
//   fuzz 00:01:05 execs 12345 (190/s) corpus 287 protocol 312 slots
//   violations 1 crashes 3 | cov 5822 ft 12114
// On a terminal it is one line rewritten in place ("\r" and erase to end of
// line) at most every `tty_period_s`; otherwise (a log file, CI) a new line
// every `log_period_s`, so logs stay readable. Messages (a new signature)
// are printed on their own line above it.
#ifndef MIGSIM_TOOLS_PROGRESS_LINE_H_
#define MIGSIM_TOOLS_PROGRESS_LINE_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "tools/fuzz_engine.h"

namespace migsim {

// What the line shows. A plain value.
struct Progress {
  double elapsed_s = 0;  // wall-clock seconds of this session
  EngineStats engine;
  uint64_t protocol_slots = 0;  // spec/coverage.h slots the corpus reaches
  uint64_t signatures = 0;      // distinct violations found (this directory)
  uint64_t crash_files = 0;     // crash files judged
};

// The line's text, without a newline.
std::string FormatProgress(const Progress& progress);

// ProgressLine: writes to `out`. Thread-compatible.
class ProgressLine {
 public:
  ProgressLine(std::FILE* out, bool tty, double tty_period_s = 0.5, double log_period_s = 10)
      : out_(out), tty_(tty), tty_period_s_(tty_period_s), log_period_s_(log_period_s) {}

  // Shows `progress` if its period has passed since the last time (or
  // `force`).
  void Update(const Progress& progress, bool force = false);
  // Prints `message` on a line of its own (clearing the live line first).
  void Message(const std::string& message);
  // Ends the live line (a newline on a terminal).
  void Finish();

 private:
  std::FILE* out_;
  bool tty_;
  double tty_period_s_;
  double log_period_s_;
  double last_s_ = -1e9;
  bool live_ = false;  // a live line is on the terminal
};

}  // namespace migsim

#endif  // MIGSIM_TOOLS_PROGRESS_LINE_H_
