// Goal: the zoo's baseline. The reference v2 driver, its VFIO core and the
// reference IOMMU never commit a device violation whatever a user does to
// them, so that every rule a zoo mutant raises is the mutant's own defect
// (tests/v1/v1_reference_fuzz_test.cc does the same for the v1 models).
// Method: a fixed-seed generator (sim/prng.h) writes scenarios of 60
// actions over three V2 devices with random flag sets (two ticking, ringing
// doorbells in each other's BAR through P2P windows) and a DMA engine, on
// one host with IOMMU dirty tracking: every v2 action (SET to any value,
// data_fd reads, writes, closes, PRECOPY_INFO, DMA logging, raw
// VFIO_DEVICE_FEATURE calls, save and push), reset, open, close, armed
// failures at every site, DMA requests crossing pages or faulting, MMIO,
// map / unmap and VFIO_IOMMU_DIRTY_PAGES start, stop and GET_BITMAP. Each is
// judged with keep_going and must show no device violation and no liveness
// failure (user protocol errors are expected and allowed). By hand,
// ZOO_FUZZ_SEED and ZOO_FUZZ_RUNS widen the search, ZOO_FUZZ_FAMILY=v1 runs the
// same generator over v1 devices instead, and ZOO_FUZZ_DUMP prints
// per-run record and user-error counts (and the first scenario).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "sim/prng.h"
#include "spec/judge.h"
#include "spec/verdict.h"
#include "tests/test_util.h"
#include "tests/zoo/random_scenario.h"

namespace migsim::zoo {
namespace {

TEST(ReferenceFuzzTest, ReferenceV2ModelsAndIommuNeverViolate) {
  const char* env_seed = std::getenv("ZOO_FUZZ_SEED");
  const char* env_runs = std::getenv("ZOO_FUZZ_RUNS");
  Prng prng(env_seed != nullptr ? std::strtoull(env_seed, nullptr, 10) : 20260207);
  const int runs = env_runs != nullptr ? std::atoi(env_runs) : 300;
  const char* env_family = std::getenv("ZOO_FUZZ_FAMILY");
  const zoo_testing::Family family = env_family != nullptr && std::string(env_family) == "v1"
                                         ? zoo_testing::Family::kV1
                                         : zoo_testing::Family::kV2;
  JudgeOptions options;
  options.keep_going = true;
  int user_errors = 0;
  for (int run = 0; run < runs; ++run) {
    const std::string text = zoo_testing::RandomScenario(prng, family, 60, run);
    absl::StatusOr<JudgedRun> judged = Judge(testing::ParseScenario(text), options);
    ASSERT_TRUE(judged.ok()) << judged.status() << "\n" << text;
    std::string found;
    for (const Violation& v : judged->verdict.device_violations) {
      absl::StrAppend(&found, FormatViolation(v), "\n");
    }
    ASSERT_TRUE(found.empty()) << "run " << run << "\n" << text << "\n" << found;
    ASSERT_TRUE(judged->verdict.liveness_failure.empty())
        << judged->verdict.liveness_failure << "\n"
        << text;
    user_errors += static_cast<int>(judged->verdict.user_errors.size());
    if (std::getenv("ZOO_FUZZ_DUMP") != nullptr) {
      std::fprintf(stderr, "run %d: %llu records, %zu user errors\n%s\n", run,
                   static_cast<unsigned long long>(judged->verdict.records),
                   judged->verdict.user_errors.size(), run == 0 ? text.c_str() : "");
    }
  }
  // The generator reaches user-side mistakes too; a generator that never
  // did would be too tame to trust.
  EXPECT_GT(user_errors, 0);
}

}  // namespace
}  // namespace migsim::zoo
