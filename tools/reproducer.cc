// File: tools/reproducer.cc
#include "tools/reproducer.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "sim/check.h"
#include "sim/scenario_io.h"
#include "spec/rule_registry.h"
#include "tools/outcome.h"
#include "tools/run_report.h"
#include "tools/timeline.h"

namespace migsim {
namespace {

// One header value on one line.
std::string OneLine(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"\r", " "}, {"\n", " "}});
}

bool IsSignatureChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

}  // namespace

absl::StatusOr<Expectation> ParseExpectation(absl::string_view text, absl::string_view name) {
  Expectation out;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    if (!absl::ConsumePrefix(&line, "#")) break;  // the header ends at the first field
    line = absl::StripLeadingAsciiWhitespace(line);
    if (absl::ConsumePrefix(&line, "signature:")) {
      const absl::string_view value = absl::StripAsciiWhitespace(line);
      if (value.empty() || !std::all_of(value.begin(), value.end(), IsSignatureChar)) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": header signature: '", value, "' is not a signature"));
      }
      out.signature = std::string(value);
    } else if (absl::ConsumePrefix(&line, "fail_on:")) {
      const absl::string_view value = absl::StripAsciiWhitespace(line);
      if (!ParseFailOnName(value, out.fail_on)) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": header fail_on: '", value, "' is not device, user or any"));
      }
      out.has_fail_on = true;
    } else if (absl::ConsumePrefix(&line, "trace_hash:")) {
      out.trace_hash = std::string(absl::StripAsciiWhitespace(line));
    }
  }
  return out;
}

std::string FormatReproducer(const MinimizeResult& m, FailOn fail_on, absl::string_view source) {
  std::string out = "# migsim reproducer: `migsim replay FILE` checks it still fails this way\n";
  absl::StrAppend(&out, "# signature: ", m.signature, "\n");
  absl::StrAppend(&out, "# fail_on: ", FailOnName(fail_on), "\n");
  if (const Rule* rule = FindRule(m.rule); rule != nullptr) {
    absl::StrAppend(&out, "# rule: ", rule->id, " (", rule->doc, ": \"", OneLine(rule->quote),
                    "\")\n");
  }
  if (!m.violation.empty()) absl::StrAppend(&out, "# violation: ", OneLine(m.violation), "\n");
  absl::StrAppendFormat(&out, "# trace_hash: 0x%016x\n", m.trace_hash);
  absl::StrAppendFormat(&out, "# minimized: %d -> %d actions in %d judge runs%s, %s\n",
                        m.actions_before, m.actions_after, m.runs,
                        m.budget_spent ? " (run budget spent)" : "",
                        m.confirmed ? "confirmed" : "NOT confirmed");
  if (!source.empty()) absl::StrAppend(&out, "# source: ", OneLine(source), "\n");
  absl::StrAppend(&out, ScenarioToText(m.scenario));
  return out;
}

absl::Status WriteReproducerDir(const std::string& dir, const MinimizeResult& m, FailOn fail_on,
                                absl::string_view source, const JudgeOptions& judge_options) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::InternalError(absl::StrCat(dir, ": cannot create (", error.message(), ")"));
  }
  std::optional<JudgedRun> run;
  absl::StatusOr<Outcome> outcome = JudgeOutcome(m.scenario, judge_options, fail_on, &run);
  MIGSIM_CHECK(outcome.ok()) << "a minimized scenario stopped validating: " << outcome.status();
  const std::string trace =
      absl::StrCat(FormatRunHeader(m.scenario, run->world),
                   FormatTrace(run->world, TraceDetail::kFull), FormatVerdict(run->verdict));
  const std::string timeline = FormatTimelineJson(m.scenario, run->world, run->verdict);
  for (const auto& [name, contents] : std::vector<std::pair<std::string, std::string>>{
           {"repro.textproto", FormatReproducer(m, fail_on, source)},
           {"trace.txt", trace},
           {"timeline.json", timeline}}) {
    absl::Status written = WriteFileAtomically(absl::StrCat(dir, "/", name), contents);
    if (!written.ok()) return written;
  }
  return absl::OkStatus();
}

}  // namespace migsim
