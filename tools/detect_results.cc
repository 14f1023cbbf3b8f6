// File: tools/detect_results.cc
#include "tools/detect_results.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "sim/scenario_io.h"

namespace migsim {

const char kTrialsHeader[] =
    "mutant,engine,trial,budget_s,topology,detected,cpu_s,wall_s,execs,note";

namespace {

constexpr double kCensored = std::numeric_limits<double>::infinity();

// The trials of one (mutant, engine) cell.
struct Cell {
  int run = 0;
  int detected = 0;
  std::vector<double> times;  // CPU seconds; kCensored when not detected
  double cpu_total = 0;       // censored at the budget

  double Median() const {
    if (times.empty()) return kCensored;
    const size_t n = times.size();
    return n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
  }
};

Cell Summarize(const DetectTableSpec& spec, const DetectTarget& target, const std::string& engine,
               const std::vector<TrialRow>& rows) {
  std::map<int, const TrialRow*> by_trial;  // the last row of each trial wins
  for (const TrialRow& r : rows) {
    if (r.key.mutant != target.mutant || r.key.engine != engine ||
        r.key.budget_s != spec.budget_s || r.key.topology != target.topology ||
        r.key.trial >= spec.trials) {
      continue;
    }
    by_trial[r.key.trial] = &r;
  }
  Cell cell;
  for (const auto& [trial, row] : by_trial) {
    ++cell.run;
    cell.detected += row->detected ? 1 : 0;
    cell.times.push_back(row->detected ? row->cpu_s : kCensored);
    cell.cpu_total +=
        row->detected ? std::min(row->cpu_s, double{1.0} * spec.budget_s) : spec.budget_s;
  }
  std::sort(cell.times.begin(), cell.times.end());
  return cell;
}

std::string Seconds(double s, int budget_s) {
  return std::isinf(s) ? absl::StrCat(">", budget_s) : absl::StrFormat("%.1f", s);
}

std::string CellText(const Cell& c, int budget_s) {
  if (c.run == 0) return "-";
  std::string text = absl::StrCat(c.detected, "/", c.run);
  if (c.detected == 0) return text;
  absl::StrAppend(&text, " ", Seconds(c.Median(), budget_s), " (",
                  Seconds(c.times.front(), budget_s), "-", Seconds(c.times.back(), budget_s), ")");
  return text;
}

std::string Sanitized(absl::string_view note) {
  return absl::StrReplaceAll(note, {{",", ";"}, {"\n", " "}, {"\r", " "}});
}

absl::StatusOr<TrialRow> ParseRow(absl::string_view line) {
  const std::vector<std::string> f = absl::StrSplit(line, absl::MaxSplits(',', 9));
  TrialRow r;
  int detected = 0;
  if (f.size() != 10 || !absl::SimpleAtoi(f[2], &r.key.trial) ||
      !absl::SimpleAtoi(f[3], &r.key.budget_s) || !absl::SimpleAtoi(f[5], &detected) ||
      !absl::SimpleAtod(f[6], &r.cpu_s) || !absl::SimpleAtod(f[7], &r.wall_s) ||
      !absl::SimpleAtoi(f[8], &r.execs) || (detected != 0 && detected != 1)) {
    return absl::InvalidArgumentError("not a trial row");
  }
  r.key.mutant = f[0];
  r.key.engine = f[1];
  r.key.topology = f[4];
  r.detected = detected == 1;
  r.note = f[9];
  return r;
}

}  // namespace

std::string FormatTrialRow(const TrialRow& r) {
  return absl::StrFormat("%s,%s,%d,%d,%s,%d,%.2f,%.2f,%d,%s", r.key.mutant, r.key.engine,
                         r.key.trial, r.key.budget_s, r.key.topology, r.detected ? 1 : 0, r.cpu_s,
                         r.wall_s, r.execs, Sanitized(r.note));
}

absl::StatusOr<std::vector<TrialRow>> ReadTrialRows(const std::string& path) {
  std::vector<TrialRow> rows;
  if (access(path.c_str(), F_OK) != 0) return rows;
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  const std::vector<absl::string_view> lines = absl::StrSplit(*text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty() || lines[i] == kTrialsHeader) continue;
    absl::StatusOr<TrialRow> row = ParseRow(lines[i]);
    const bool last = i + 1 == lines.size();  // no '\n' after it: a write cut short
    if (!row.ok() && last) break;
    if (!row.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", i + 1, ": ", row.status().message(), ": '", lines[i], "'"));
    }
    rows.push_back(*std::move(row));
  }
  return rows;
}

absl::Status AppendTrialRow(const std::string& path, const TrialRow& row) {
  const bool fresh = access(path.c_str(), F_OK) != 0;
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return absl::InternalError(absl::StrCat(path, ": ", std::strerror(errno)));
  const std::string text =
      absl::StrCat(fresh ? absl::StrCat(kTrialsHeader, "\n") : "", FormatTrialRow(row), "\n");
  const ssize_t written = write(fd, text.data(), text.size());
  const int error = errno;
  close(fd);
  if (written != static_cast<ssize_t>(text.size())) {
    return absl::InternalError(absl::StrCat(path, ": short write (", std::strerror(error), ")"));
  }
  return absl::OkStatus();
}

std::string FormatDetectMarkdown(const DetectTableSpec& spec, const std::vector<TrialRow>& rows) {
  std::string out = "# Detection benchmark\n\n";
  if (!spec.title_note.empty()) absl::StrAppend(&out, spec.title_note, "\n\n");
  absl::StrAppend(&out, "Time to the first detection of each mutant's expected rule, in CPU ",
                  "seconds of the engine's processes, over ", spec.trials, " trials of ",
                  spec.budget_s, " CPU seconds each (bench/README.md). A cell reads `found/run ",
                  "median (min-max)`; `>", spec.budget_s, "` is a median or maximum past the ",
                  "budget (censored trials); `-` is not run yet.\n\n");
  absl::StrAppend(&out, "| mutant | rule | topology | ", absl::StrJoin(spec.engines, " | "),
                  " |\n|---|---|---|");
  for (size_t i = 0; i < spec.engines.size(); ++i) absl::StrAppend(&out, "---|");
  absl::StrAppend(&out, "\n");
  std::map<std::string, std::vector<Cell>> by_engine;
  for (const DetectTarget& t : spec.targets) {
    absl::string_view topology = t.topology;
    absl::ConsumePrefix(&topology, "fuzz/topologies/");
    absl::StrAppend(&out, "| ", t.mutant, " | ", t.rule, " | ", topology, " |");
    for (const std::string& engine : spec.engines) {
      Cell cell = Summarize(spec, t, engine, rows);
      absl::StrAppend(&out, " ", CellText(cell, spec.budget_s), " |");
      by_engine[engine].push_back(std::move(cell));
    }
    absl::StrAppend(&out, "\n");
  }
  absl::StrAppend(&out, "\n## Totals\n\n| engine | trials run | trials found | mutants found ",
                  "in every trial (of those run) | mutants found at least once | mean CPU s ",
                  "per trial (censored at ", spec.budget_s, ") |\n|---|---|---|---|---|---|\n");
  for (const std::string& engine : spec.engines) {
    int run = 0, found = 0, every = 0, once = 0, mutants_run = 0;
    double cpu = 0;
    for (const Cell& c : by_engine[engine]) {
      run += c.run;
      found += c.detected;
      cpu += c.cpu_total;
      mutants_run += c.run > 0 ? 1 : 0;
      every += c.run > 0 && c.detected == c.run ? 1 : 0;
      once += c.detected > 0 ? 1 : 0;
    }
    absl::StrAppend(&out, "| ", engine, " | ", run, " | ", found, " | ", every, "/", mutants_run,
                    " | ", once, "/", mutants_run, " | ",
                    run > 0 ? absl::StrFormat("%.1f", cpu / run) : "-", " |\n");
  }
  return out;
}

std::string FormatDetectSummaryCsv(const DetectTableSpec& spec, const std::vector<TrialRow>& rows) {
  std::string out = "mutant,engine,rule,topology,trials,detected,median_s,min_s,max_s\n";
  const auto number = [](double s) { return std::isinf(s) ? "" : absl::StrFormat("%.2f", s); };
  for (const DetectTarget& t : spec.targets) {
    for (const std::string& engine : spec.engines) {
      const Cell c = Summarize(spec, t, engine, rows);
      absl::StrAppend(&out, t.mutant, ",", engine, ",", t.rule, ",", t.topology, ",", c.run, ",",
                      c.detected, ",", c.run > 0 ? number(c.Median()) : "", ",",
                      c.detected > 0 ? number(c.times.front()) : "", ",",
                      c.run > 0 ? number(c.times.back()) : "", "\n");
    }
  }
  return out;
}

}  // namespace migsim
