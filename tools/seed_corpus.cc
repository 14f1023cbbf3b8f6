// File: tools/seed_corpus.cc
#include "tools/seed_corpus.h"

#include <filesystem>
#include <set>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fuzz/seed_policy.h"
#include "protos/fuzz_input.pb.h"
#include "sim/hash.h"
#include "sim/scenario_io.h"
#include "tools/input_file.h"
#include "tools/replayer.h"

namespace migsim {
namespace {

// Writes one seed; returns its file name.
absl::StatusOr<std::string> WriteSeed(const std::string& dir, const proto::Scenario& scenario) {
  proto::FuzzInput input;
  *input.mutable_scenario() = scenario;
  std::string bytes;
  input.SerializeToString(&bytes);  // deterministic for a given message in one build
  Fnv1a64 fnv;
  for (char c : bytes) fnv.AddByte(static_cast<uint8_t>(c));
  const std::string name = absl::StrFormat("seed-%016x", fnv.value());
  absl::Status written = WriteFileAtomically(dir + "/" + name, bytes);
  if (!written.ok()) return absl::InternalError(written.message());
  return name;
}

}  // namespace

absl::StatusOr<SeedReport> WriteSeeds(const std::string& seeds_dir,
                                      const std::optional<proto::Scenario>& topology,
                                      const std::vector<std::string>& sources) {
  std::error_code error;
  std::filesystem::create_directories(seeds_dir, error);
  if (error) {
    return absl::InternalError(absl::StrCat(seeds_dir, ": cannot create (", error.message(), ")"));
  }
  SeedReport report;
  std::set<std::string> names;
  if (topology) {
    absl::StatusOr<std::string> name = WriteSeed(seeds_dir, *topology);
    if (!name.ok()) return name.status();
    names.insert(*name);
  }
  for (const std::string& source : sources) {
    absl::StatusOr<std::vector<std::string>> files = CollectScenarioFiles({source});
    if (!files.ok()) {
      report.skipped.push_back(std::string(files.status().message()));
      continue;
    }
    for (const std::string& file : *files) {
      if (IsRegressionPath(std::filesystem::relative(file, source, error))) continue;
      absl::StatusOr<InputFile> input = LoadInputFile(file);
      if (!input.ok()) {
        report.skipped.push_back(std::string(input.status().message()));
        continue;
      }
      StripModels(input->scenario);
      absl::StatusOr<std::string> name = WriteSeed(seeds_dir, input->scenario);
      if (!name.ok()) return name.status();
      names.insert(*name);
    }
  }
  report.written = static_cast<int>(names.size());
  if (report.written == 0) {
    return absl::InvalidArgumentError("no seed: name a --topology or a --seeds directory");
  }
  return report;
}

}  // namespace migsim
