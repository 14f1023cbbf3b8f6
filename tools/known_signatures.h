// File: tools/known_signatures.h
//
// KnownSignatures: the bugs a fuzz campaign already knows about, so that a
// CI campaign fails only on a NEW one (`migsim fuzz --known=DIR[,DIR]`,
// README.md "Continuous integration"). They are read from reproducer
// headers (tools/reproducer.h, `# signature:` lines): a regression corpus
// (corpus/regressions/) or an earlier campaign's directory, any file
// `migsim replay` would replay. A file without a signature line (a clean
// scenario) adds nothing.
#ifndef MIGSIM_TOOLS_KNOWN_SIGNATURES_H_
#define MIGSIM_TOOLS_KNOWN_SIGNATURES_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace migsim {

// Signature -> the first file (in path order) whose header names it.
using KnownSignatures = std::map<std::string, std::string>;

// The signatures of every reproducer under `paths` (files, or directories
// searched recursively as tools/replayer.h CollectScenarioFiles does).
// Errors: NotFoundError for a path that does not exist; InvalidArgumentError
// "PATH: header signature: ..." for a header that does not parse, or a
// directory holding no scenario files.
absl::StatusOr<KnownSignatures> LoadKnownSignatures(const std::vector<std::string>& paths);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_KNOWN_SIGNATURES_H_
