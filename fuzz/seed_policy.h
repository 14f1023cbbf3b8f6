// File: fuzz/seed_policy.h
//
// What a seed brings to a fuzz campaign, the one policy the build's seed
// corpus (fuzz/seeds_main.cc, <build>/fuzz_seeds/) and `migsim fuzz`'s own
// (tools/seed_corpus.h) share:
//   - actions, not defects: every model choice of a seed's topology is
//     cleared (StripModels), since a campaign brings its own models
//     (MIGSIM_FUZZ_MODEL) and a seed that names a mutant would crash every
//     campaign at its first input;
//   - no regression reproducer of the bug zoo (corpus/regressions/): each is
//     a minimized trigger of one mutant's rule, so seeding with it would
//     make a campaign (and the detection benchmark) "find" that mutant
//     without searching. A campaign that wants them names the directory
//     itself (`migsim fuzz --seeds=corpus/regressions`).
#ifndef MIGSIM_FUZZ_SEED_POLICY_H_
#define MIGSIM_FUZZ_SEED_POLICY_H_

#include <filesystem>

#include "protos/scenario.pb.h"

namespace migsim {

// Clears every model choice of `scenario`: every string field called
// `model` or ending in `_model` anywhere in its topology (Device.model,
// Host.iommu_model), found by reflection so a new model field is covered.
void StripModels(proto::Scenario& scenario);

// True when `relative`, a path below a seed directory, lies in a directory
// called "regressions" (corpus/regressions/<mutant>/...).
bool IsRegressionPath(const std::filesystem::path& relative);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_SEED_POLICY_H_
