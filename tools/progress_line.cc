// File: tools/progress_line.cc
#include "tools/progress_line.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace migsim {

std::string FormatProgress(const Progress& p) {
  const auto seconds = static_cast<int64_t>(p.elapsed_s);
  std::string out = absl::StrFormat(
      "fuzz %02d:%02d:%02d execs %d (%.0f/s) corpus %d protocol %d slots violations %d "
      "crashes %d",
      seconds / 3600, seconds / 60 % 60, seconds % 60, p.engine.execs, p.engine.execs_per_s,
      p.engine.corpus, p.protocol_slots, p.signatures, p.crash_files);
  if (!p.engine.coverage.empty()) absl::StrAppend(&out, " | ", p.engine.coverage);
  return out;
}

void ProgressLine::Update(const Progress& progress, bool force) {
  const double period = tty_ ? tty_period_s_ : log_period_s_;
  if (!force && progress.elapsed_s - last_s_ < period) return;
  last_s_ = progress.elapsed_s;
  const std::string text = FormatProgress(progress);
  if (tty_) {
    std::fprintf(out_, "\r\033[K%s", text.c_str());
    live_ = true;
  } else {
    std::fprintf(out_, "%s\n", text.c_str());
  }
  std::fflush(out_);
}

void ProgressLine::Message(const std::string& message) {
  if (live_) std::fputs("\r\033[K", out_);
  live_ = false;
  std::fprintf(out_, "%s\n", message.c_str());
  std::fflush(out_);
  last_s_ = -1e9;  // redraw the live line at the next update
}

void ProgressLine::Finish() {
  if (live_) std::fputs("\n", out_);
  live_ = false;
  std::fflush(out_);
}

}  // namespace migsim
