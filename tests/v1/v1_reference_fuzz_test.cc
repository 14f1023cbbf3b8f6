// Goal: the reference v1 models never commit a device violation, whatever a
// user does to them: random sequences of every v1 action, device action,
// armed failure, DMA request, MMIO and time step, on every variant (user
// protocol errors are expected and allowed). A false positive here would
// make every fuzz campaign report the reference model.
// Method: a fixed-seed generator (sim/prng.h) writes scenarios of 60
// actions over three devices (two of one variant, with peer-to-peer
// windows, one of another); each is judged with keep_going and must have no
// device violation and no liveness failure. By hand, V1_FUZZ_SEED and
// V1_FUZZ_RUNS widen the search (15000 runs over seeds 1..3 pass), and
// V1_FUZZ_DUMP prints per-run record and load counts.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "models/record_kinds.h"
#include "sim/prng.h"
#include "tests/v1/v1_harness.h"

namespace migsim::v1 {
namespace {

constexpr const char* kVariants[] = {"V1_RFC", "V1", "V1_NDMA"};

std::string Devices(Prng& prng) {
  const char* variant = kVariants[prng.UniformBelow(3)];
  const char* other = kVariants[prng.UniformBelow(3)];
  auto dev = [&](const char* v, bool busy, uint64_t p2p_iova) {
    std::string fields = absl::StrCat("segment_bytes: ", 16 + prng.UniformBelow(600));
    if (std::string(v) == "V1_NDMA" && prng.Chance(1, 2))
      absl::StrAppend(&fields, " ndma_capable: true");
    if (prng.Chance(1, 3)) absl::StrAppend(&fields, " sparse_mmap: true");
    if (std::string(v) == "V1_RFC" && prng.Chance(1, 4))
      absl::StrAppend(&fields, " rfc_report_all: true");
    if (busy) {
      absl::StrAppend(&fields, " internals { tick_ns: ", 300 + prng.UniformBelow(2000),
                      " dma_iova: 8192 p2p_iova: ", p2p_iova, " p2p_every: 2",
                      prng.Chance(1, 4) ? " no_precopy_logging: true" : "", " }");
    }
    return testing::Dev(v, fields);
  };
  return dev(variant, true, 0x200000) + dev(variant, true, 0x100000) + dev(other, false, 0) +
         " p2p_windows { target_device: 1 iova: 0x100000 bar_offset: 0 size: 4096 }"
         " p2p_windows { target_device: 0 iova: 0x200000 bar_offset: 0 size: 4096 }";
}

std::string RandomAction(Prng& prng) {
  const uint32_t d = static_cast<uint32_t>(prng.UniformBelow(3));
  const uint32_t e = static_cast<uint32_t>(prng.UniformBelow(3));
  constexpr uint64_t kFields[] = {0, 4, 8, 16, 24, 32, 40, 48, 56};
  const uint64_t field = kFields[prng.UniformBelow(9)];
  const uint32_t width = field < 8 ? 4 : 8;
  constexpr const char* kSites[] = {"STATE_TRANSITION", "DATA_READ", "DATA_WRITE", "RESUME_LOAD"};
  switch (prng.UniformBelow(16)) {
    case 0:
    case 1: {
      // Mostly states some variant allows, so that sessions really run.
      constexpr uint32_t kLikely[] = {0, 1, 2, 3, 4, 8, 9, 10, 11, 12};
      const uint32_t s = prng.Chance(4, 5) ? kLikely[prng.UniformBelow(10)]
                                           : static_cast<uint32_t>(prng.UniformBelow(16));
      return testing::Set(d, s);
    }
    case 2: return testing::SaveIteration(d);
    case 3: return testing::Drain(d);
    case 4: return testing::Push(d, e);
    case 5: return testing::Read(d, field, width);
    case 6: return testing::Write(d, field, width, prng.UniformBelow(5000));
    case 7: return testing::Advance(100 + prng.UniformBelow(3000));
    case 8: return testing::Reset(d);
    case 9:
      return prng.Chance(1, 2) ? absl::StrCat("actions { close { device: ", d, " } } ")
                               : absl::StrCat("actions { open { device: ", d, " } } ");
    case 10:
      return testing::Arm(d, kSites[prng.UniformBelow(4)], prng.Chance(1, 2),
                          static_cast<uint32_t>(prng.UniformBelow(3)));
    case 11:
      return absl::StrCat("actions { device_dma { device: ", d,
                          " iova: ", prng.UniformBelow(64) * 4096, " length: 64 write: true } } ");
    case 12:
      return absl::StrCat("actions { vcpu_run { host: 0 vcpu: 0 } } actions { guest_mmio { ",
                          "device: ", d, " vcpu: 0 offset: ", prng.UniformBelow(16) * 8,
                          " width: 8 write: true value: 3 } } ");
    case 13:
      return absl::StrCat("actions { v1_window_read { device: ", d,
                          " offset: ", 32 + prng.UniformBelow(4200),
                          " length: ", 1 + prng.UniformBelow(300),
                          " mmap: ", prng.Chance(1, 3) ? "true" : "false", " } } ");
    case 14:
      return absl::StrCat(
          "actions { v1_window_write { device: ", d, " offset: ", 32 + prng.UniformBelow(4200),
          " length: ", 1 + prng.UniformBelow(300), " from_saved: true source_device: ", e, " } } ");
    default:
      return absl::StrCat("actions { v1_dirty_pfns { device: ", d,
                          " start_pfn: ", prng.UniformBelow(8),
                          " page_size: ", 4096u << prng.UniformBelow(3),
                          " total_pfns: ", prng.UniformBelow(100), " } } ");
  }
}

TEST(V1ReferenceFuzzTest, ReferenceModelsNeverViolate) {
  const char* env_seed = std::getenv("V1_FUZZ_SEED");
  const char* env_runs = std::getenv("V1_FUZZ_RUNS");
  Prng prng(env_seed != nullptr ? std::strtoull(env_seed, nullptr, 10) : 20240601);
  const int runs = env_runs != nullptr ? std::atoi(env_runs) : 300;
  for (int run = 0; run < runs; ++run) {
    std::string actions;
    for (int i = 0; i < 60; ++i) actions += RandomAction(prng);
    const std::string text = testing::Scenario(Devices(prng), actions);
    auto out = testing::JudgeWith(text, {}, /*keep_going=*/true);
    ASSERT_TRUE(out.device_ids.empty()) << "run " << run << "\n" << text << "\n" << out.Describe();
    ASSERT_TRUE(out.world->liveness_failure().empty()) << text;
    if (std::getenv("V1_FUZZ_DUMP") != nullptr) {
      int loads = 0;
      const Trace& t = out.world->trace();
      for (uint64_t i = 0; i < t.count(); ++i) loads += t.at(i).kind == kRecordResumeLoaded;
      std::fprintf(stderr, "run %d: %llu records, %zu user errors, %d loads\n", run,
                   static_cast<unsigned long long>(t.count()), out.user_ids.size(), loads);
    }
  }
}

}  // namespace
}  // namespace migsim::v1
