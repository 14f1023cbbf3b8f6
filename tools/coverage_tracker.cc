// File: tools/coverage_tracker.cc
#include "tools/coverage_tracker.h"

#include "fuzz/fuzz_input.h"
#include "fuzz/harness.h"
#include "sim/scenario_io.h"

namespace migsim {

size_t CoverageTracker::Add(const std::vector<std::string>& files, size_t max_new) {
  size_t added = 0;
  for (const std::string& path : files) {
    if (added >= max_new) break;
    if (!seen_.insert(path).second) continue;
    ++added;
    absl::StatusOr<std::string> bytes = ReadFile(path);
    if (!bytes.ok()) continue;
    absl::StatusOr<proto::FuzzInput> input = ParseFuzzInput(*bytes);
    if (!input.ok()) continue;
    absl::StatusOr<proto::Scenario> scenario = PrepareScenario(config_, *input);
    if (!scenario.ok()) continue;
    JudgeOptions options;
    options.keep_records = false;
    options.device_override = config_.device_override;
    absl::StatusOr<CoverageMap> coverage = CoverageOf(*scenario, options);
    if (coverage.ok()) map_.Merge(*coverage);
  }
  return added;
}

}  // namespace migsim
