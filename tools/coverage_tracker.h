// File: tools/coverage_tracker.h
//
// CoverageTracker: the protocol coverage (spec/coverage.h) a campaign's
// corpus reaches, for the progress line and the summary: the union of
// CoverageOf() over every corpus input, each rebuilt as the harness runs it
// (fuzz/harness.h PrepareScenario). Inputs are added incrementally, a
// bounded number per call, so the campaign loop stays responsive while an
// engine floods its corpus.
#ifndef MIGSIM_TOOLS_COVERAGE_TRACKER_H_
#define MIGSIM_TOOLS_COVERAGE_TRACKER_H_

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "fuzz/harness_config.h"
#include "spec/coverage.h"

namespace migsim {

// CoverageTracker: thread-compatible.
class CoverageTracker {
 public:
  explicit CoverageTracker(HarnessConfig config) : config_(std::move(config)) {}

  // Adds the coverage of at most `max_new` files of `files` not seen before,
  // in the order given. Files that are not valid inputs count as seen.
  // Returns how many were added.
  size_t Add(const std::vector<std::string>& files, size_t max_new);

  // Slots hit by the union so far.
  size_t slots() const { return map_.HitCount(); }
  const CoverageMap& map() const { return map_; }

 private:
  HarnessConfig config_;
  CoverageMap map_;
  std::set<std::string> seen_;
};

}  // namespace migsim

#endif  // MIGSIM_TOOLS_COVERAGE_TRACKER_H_
