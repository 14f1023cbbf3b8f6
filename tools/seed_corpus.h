// File: tools/seed_corpus.h
//
// WriteSeeds: the seed corpus of a `migsim fuzz` campaign, DIR/seeds/: the
// campaign's topology scenario (its own actions, the first thing a campaign
// on it should try) and every scenario file found in the seed sources
// (default: the repository's corpus/), each as a binary FuzzInput (plain
// scenario, empty swarm: everything enabled) named seed-<FNV-1a 64 of its
// bytes, written atomically, under the seed policy of fuzz/seed_policy.h:
// model choices cleared (the topology scenario keeps its own), and files in
// regressions/ directories below a source directory left out. Re-seeding the same directory
// rewrites the same files. A seed file that does not load is reported, not fatal: the engine can do
// without it.
#ifndef MIGSIM_TOOLS_SEED_CORPUS_H_
#define MIGSIM_TOOLS_SEED_CORPUS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "protos/scenario.pb.h"

namespace migsim {

// What WriteSeeds did. A plain value.
struct SeedReport {
  int written = 0;                   // distinct seed files (duplicates share a name)
  std::vector<std::string> skipped;  // "PATH: why" for each source that did not load
};

// Writes the seeds into `seeds_dir` (created when missing).
// Errors: InternalError when the directory cannot be created or a file
// cannot be written; InvalidArgumentError when there is not a single seed.
absl::StatusOr<SeedReport> WriteSeeds(const std::string& seeds_dir,
                                      const std::optional<proto::Scenario>& topology,
                                      const std::vector<std::string>& sources);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_SEED_CORPUS_H_
