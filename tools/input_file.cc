// File: tools/input_file.cc
#include "tools/input_file.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "fuzz/fuzz_input.h"
#include "sim/scenario_io.h"

namespace migsim {
namespace {

bool HasTextName(const std::string& path) {
  return absl::EndsWith(path, ".textproto") || absl::EndsWith(path, ".txtpb") ||
         absl::EndsWith(path, ".pbtxt");
}

bool HasBinaryScenarioName(const std::string& path) {
  return absl::EndsWith(path, ".pb") || absl::EndsWith(path, ".binpb") ||
         absl::EndsWith(path, ".bin");
}

absl::StatusOr<proto::Scenario> FromFuzzInput(const std::string& bytes) {
  absl::StatusOr<proto::FuzzInput> input = ParseFuzzInput(bytes);
  if (!input.ok()) return input.status();
  return ScenarioOf(*input);
}

}  // namespace

absl::StatusOr<InputFile> LoadInputFile(const std::string& path) {
  InputFile file;
  file.path = path;
  absl::StatusOr<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  if (HasBinaryScenarioName(path)) {
    proto::Scenario scenario;
    if (!scenario.ParseFromString(*bytes)) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": not a binary Scenario"));
    }
    // A FuzzInput (migsim_seeds writes them as .pb) parses as a Scenario
    // whose fields are all unknown: its field 1 is a message, not a varint.
    if (!scenario.GetReflection()->GetUnknownFields(scenario).empty()) {
      absl::StatusOr<proto::FuzzInput> input = ParseFuzzInput(*bytes);
      if (input.ok() && input->has_scenario() &&
          input->GetReflection()->GetUnknownFields(*input).empty()) {
        file.format = InputFormat::kFuzzInput;
        file.scenario = ScenarioOf(*input);
        return file;
      }
    }
    file.format = InputFormat::kBinaryScenario;
    file.scenario = std::move(scenario);
    return file;
  }
  if (absl::EndsWith(path, ".fuzz")) {
    absl::StatusOr<proto::Scenario> s = FromFuzzInput(*bytes);
    if (!s.ok()) return absl::InvalidArgumentError(absl::StrCat(path, ": not a binary FuzzInput"));
    file.format = InputFormat::kFuzzInput;
    file.scenario = *std::move(s);
    return file;
  }
  absl::StatusOr<proto::Scenario> text = ParseScenarioText(*bytes, path);
  if (text.ok() || HasTextName(path)) {
    if (!text.ok()) return text.status();
    file.format = InputFormat::kText;
    file.scenario = *std::move(text);
    file.text = *std::move(bytes);
    return file;
  }
  absl::StatusOr<proto::Scenario> fuzz = FromFuzzInput(*bytes);
  if (!fuzz.ok()) {
    // "PATH:LINE:COL: message" -> "LINE:COL: message".
    std::string why(text.status().message());
    if (absl::StartsWith(why, path + ":")) why = why.substr(path.size() + 1);
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a text Scenario (", why, ") nor a binary FuzzInput"));
  }
  file.format = InputFormat::kFuzzInput;
  file.scenario = *std::move(fuzz);
  return file;
}

}  // namespace migsim
