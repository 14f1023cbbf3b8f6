// File: tools/known_signatures.cc
#include "tools/known_signatures.h"

#include "sim/scenario_io.h"
#include "tools/replayer.h"
#include "tools/reproducer.h"

namespace migsim {

absl::StatusOr<KnownSignatures> LoadKnownSignatures(const std::vector<std::string>& paths) {
  KnownSignatures known;
  if (paths.empty()) return known;
  absl::StatusOr<std::vector<std::string>> files = CollectScenarioFiles(paths);
  if (!files.ok()) return files.status();
  for (const std::string& file : *files) {
    absl::StatusOr<std::string> text = ReadFile(file);
    if (!text.ok()) return text.status();
    absl::StatusOr<Expectation> expectation = ParseExpectation(*text, file);
    if (!expectation.ok()) return expectation.status();
    if (!expectation->signature.empty()) known.emplace(expectation->signature, file);
  }
  return known;
}

}  // namespace migsim
