// File: sim/scenario_io.cc
#include "sim/scenario_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace migsim {
namespace {

// Keeps the first text-format error with its position.
class FirstError final : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (message_.empty()) {
      // The parser counts from 0; editors count from 1.
      message_ = absl::StrCat(line + 1, ":", column + 1, ": ", message);
    }
  }
  void AddWarning(int, int, const std::string&) override {}
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

bool IsBinaryPath(const std::string& path) {
  return absl::EndsWith(path, ".pb") || absl::EndsWith(path, ".binpb") ||
         absl::EndsWith(path, ".bin");
}

}  // namespace

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open (", std::strerror(errno), ")"));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

absl::StatusOr<proto::Scenario> ParseScenarioText(absl::string_view text, absl::string_view name) {
  proto::Scenario scenario;
  google::protobuf::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &scenario)) {
    return absl::InvalidArgumentError(absl::StrCat(name, ":", errors.message()));
  }
  return scenario;
}

absl::StatusOr<proto::Scenario> LoadScenarioFile(const std::string& path) {
  absl::StatusOr<std::string> contents = ReadFile(path);
  if (!contents.ok()) return contents.status();
  if (!IsBinaryPath(path)) return ParseScenarioText(*contents, path);
  proto::Scenario scenario;
  if (!scenario.ParseFromString(*contents)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a binary Scenario"));
  }
  return scenario;
}

std::string ScenarioToText(const proto::Scenario& scenario) {
  std::string out;
  google::protobuf::TextFormat::Printer printer;
  printer.PrintToString(scenario, &out);
  return out;
}

absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents) {
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return absl::UnavailableError(absl::StrCat(tmp, ": cannot create (", std::strerror(errno),
                                               ")"));
  }
  const bool written = std::fwrite(contents.data(), 1, contents.size(), f) == contents.size();
  const bool flushed = std::fflush(f) == 0;
  const bool closed = std::fclose(f) == 0;
  if (!written || !flushed || !closed) {
    std::remove(tmp.c_str());
    return absl::UnavailableError(absl::StrCat(tmp, ": write failed"));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return absl::UnavailableError(absl::StrCat(path, ": rename failed (", std::strerror(errno),
                                               ")"));
  }
  return absl::OkStatus();
}

}  // namespace migsim
