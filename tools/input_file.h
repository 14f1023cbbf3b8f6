// File: tools/input_file.h
//
// InputFile: a scenario as `migsim minimize`, `replay` and `fuzz` read it,
// whatever produced it: a text scenario (.textproto, or any name whose bytes
// parse as text format: reproducers, hand-written files), a binary Scenario
// (.pb, .binpb, .bin) or a binary FuzzInput (protos/fuzz_input.proto) as the
// fuzz engines write their corpus and crash files (no extension, e.g.
// crash-<sha1>, or .fuzz). A FuzzInput becomes the Scenario that was run
// (fuzz/fuzz_input.h ScenarioOf: swarm settings applied).
#ifndef MIGSIM_TOOLS_INPUT_FILE_H_
#define MIGSIM_TOOLS_INPUT_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "protos/scenario.pb.h"

namespace migsim {

enum class InputFormat { kText, kBinaryScenario, kFuzzInput };

// InputFile: a plain value.
struct InputFile {
  std::string path;
  InputFormat format = InputFormat::kText;
  proto::Scenario scenario;  // the scenario to run
  std::string text;          // the file's bytes when kText (for its header comment)
};

// Reads `path`. By name: .textproto/.txtpb/.pbtxt are text, .pb/.binpb/.bin
// binary Scenarios (or a binary FuzzInput, as migsim_seeds names them: told
// apart by the wire types of field 1), .fuzz a binary FuzzInput; any other
// name is tried as text, then as a binary FuzzInput.
// Errors: NotFoundError when it cannot be read; InvalidArgumentError
// "PATH:LINE:COL: message" for a text file that does not parse, "PATH: not
// a text Scenario (LINE:COL: message) nor a binary FuzzInput" for a file of
// unknown kind that is neither.
absl::StatusOr<InputFile> LoadInputFile(const std::string& path);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_INPUT_FILE_H_
