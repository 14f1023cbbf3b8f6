// File: sim/scenario_io.h
//
// Reading and writing Scenario files. Text format (.textproto, .txtpb,
// .pbtxt) is the human format; binary (.pb, .binpb, .bin) is what fuzzers
// produce. Parse errors name the file, line and column; nothing here
// validates semantics (models/scenario_check.h does).
#ifndef MIGSIM_SIM_SCENARIO_IO_H_
#define MIGSIM_SIM_SCENARIO_IO_H_

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "protos/scenario.pb.h"

namespace migsim {

// Reads `path`, choosing text or binary by its extension (text when unknown).
// Errors: NotFoundError when it cannot be opened; InvalidArgumentError
// "PATH:LINE:COL: message" for a text parse error, "PATH: not a binary
// Scenario" for a binary one.
absl::StatusOr<proto::Scenario> LoadScenarioFile(const std::string& path);

// Parses text format; `name` prefixes error messages.
absl::StatusOr<proto::Scenario> ParseScenarioText(absl::string_view text, absl::string_view name);

// Renders text format, fields in field-number order (byte-identical per input).
std::string ScenarioToText(const proto::Scenario& scenario);

// Writes `contents` to `path` atomically: a temporary file in the same
// directory, flushed, then renamed over `path`. The file is whole or absent.
absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents);

// Reads a whole file. Errors: NotFoundError.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace migsim

#endif  // MIGSIM_SIM_SCENARIO_IO_H_
