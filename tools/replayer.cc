// File: tools/replayer.cc
#include "tools/replayer.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "sim/check.h"
#include "sim/scenario_io.h"
#include "tools/input_file.h"
#include "tools/reproducer.h"

namespace migsim {
namespace {

bool IsScenarioName(const std::string& name) {
  for (absl::string_view ext :
       {".textproto", ".txtpb", ".pbtxt", ".pb", ".binpb", ".bin", ".fuzz"}) {
    if (absl::EndsWith(name, ext)) return true;
  }
  return false;
}

// DIR/summary.textproto of a `migsim fuzz` campaign (tools/campaign_store.h)
// is text format but not a scenario.
bool IsCampaignSummary(const std::string& path) {
  if (!absl::EndsWith(path, "/summary.textproto")) return false;
  absl::StatusOr<std::string> text = ReadFile(path);
  return text.ok() && absl::StartsWith(*text, "# migsim fuzz campaign summary");
}

ReplayResult BadInput(const std::string& path, absl::string_view error) {
  ReplayResult r;
  r.path = path;
  r.status = ReplayStatus::kBadInput;
  // Load errors start with the path already; field errors do not.
  r.error = absl::StartsWith(error, path) ? std::string(error) : absl::StrCat(path, ": ", error);
  return r;
}

ReplayStatus Compare(const std::string& expected, const Outcome& got) {
  if (expected.empty()) {
    return got.clean() && got.liveness.empty() ? ReplayStatus::kClean : ReplayStatus::kChanged;
  }
  if (got.signature == expected) return ReplayStatus::kReproduced;
  if (got.clean() && got.liveness.empty()) return ReplayStatus::kFixed;
  return ReplayStatus::kChanged;
}

}  // namespace

absl::string_view ReplayStatusName(ReplayStatus status) {
  switch (status) {
    case ReplayStatus::kReproduced:
      return "REPRODUCED";
    case ReplayStatus::kClean:
      return "CLEAN";
    case ReplayStatus::kFixed:
      return "FIXED";
    case ReplayStatus::kChanged:
      return "CHANGED";
    case ReplayStatus::kBadInput:
      return "BAD-INPUT";
  }
  MIGSIM_CHECK(false) << "ReplayStatus " << static_cast<int>(status);
  return "";
}

std::string ReplayResult::Describe() const {
  if (status == ReplayStatus::kBadInput) return absl::StrCat("BAD-INPUT ", error);  // names path
  std::string out = absl::StrCat(ReplayStatusName(status), " ", path, ": ");
  const std::string expect = expected.empty() ? "clean" : expected;
  switch (status) {
    case ReplayStatus::kReproduced:
    case ReplayStatus::kClean:
      absl::StrAppend(&out, got.Describe());
      break;
    case ReplayStatus::kFixed:
      absl::StrAppend(&out, "expected ", expect, ", now clean");
      break;
    case ReplayStatus::kChanged:
      absl::StrAppend(&out, "expected ", expect, ", got ", got.Describe());
      break;
    case ReplayStatus::kBadInput:
      absl::StrAppend(&out, error);
      break;
  }
  if (!note.empty()) absl::StrAppend(&out, " (", note, ")");
  return out;
}

ReplayResult ReplayFile(const std::string& path, const ReplayOptions& options) {
  absl::StatusOr<InputFile> input = LoadInputFile(path);
  if (!input.ok()) return BadInput(path, input.status().message());
  Expectation expectation;
  if (input->format == InputFormat::kText) {
    absl::StatusOr<Expectation> parsed = ParseExpectation(input->text, path);
    if (!parsed.ok()) return BadInput(path, parsed.status().message());
    expectation = *std::move(parsed);
  }
  if (!expectation.has_fail_on) expectation.fail_on = options.default_fail_on;
  if (options.rewrite.reference) expectation.signature.clear();  // reference models run clean
  ScenarioRewrite rewrite = options.rewrite;
  if (input->format == InputFormat::kFuzzInput) rewrite.events_cap = kFuzzEventsMaxDefault;
  if (absl::Status s = rewrite.Apply(input->scenario); !s.ok()) {
    return BadInput(path, s.message());
  }
  absl::StatusOr<Outcome> got = JudgeOutcome(input->scenario, options.judge, expectation.fail_on);
  if (!got.ok()) return BadInput(path, got.status().message());
  ReplayResult r;
  r.path = path;
  r.expected = expectation.signature;
  r.got = *std::move(got);
  r.status = Compare(r.expected, r.got);
  const std::string hash = absl::StrFormat("0x%016x", r.got.trace_hash);
  if (r.status == ReplayStatus::kReproduced && !expectation.trace_hash.empty() &&
      expectation.trace_hash != hash && options.rewrite.empty()) {
    r.note = absl::StrCat("trace_hash ", hash, " differs from the header's ",
                          expectation.trace_hash, ": the models changed since it was written");
  }
  return r;
}

absl::StatusOr<std::vector<std::string>> CollectScenarioFiles(
    const std::vector<std::string>& args) {
  std::vector<std::string> files;
  for (const std::string& arg : args) {
    std::error_code error;
    if (std::filesystem::is_directory(arg, error)) {
      std::vector<std::string> found;
      for (auto it = std::filesystem::recursive_directory_iterator(arg, error);
           !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
        if (it->is_regular_file(error) && IsScenarioName(it->path().filename().string()) &&
            !IsCampaignSummary(it->path().string())) {
          found.push_back(it->path().string());
        }
      }
      if (error) return absl::NotFoundError(absl::StrCat(arg, ": ", error.message()));
      if (found.empty()) return absl::InvalidArgumentError(arg + ": holds no scenario files");
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::exists(arg, error)) {
      files.push_back(arg);
    } else {
      return absl::NotFoundError(arg + ": no such file or directory");
    }
  }
  return files;
}

int ReplayExitCode(const std::vector<ReplayResult>& results) {
  int exit = 0;
  for (const ReplayResult& r : results) {
    if (r.status == ReplayStatus::kBadInput) return 2;
    if (!r.as_expected()) exit = 1;
  }
  return exit;
}

}  // namespace migsim
