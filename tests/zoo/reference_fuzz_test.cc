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
// ZOO_FUZZ_SEED and ZOO_FUZZ_RUNS widen the search, and ZOO_FUZZ_DUMP prints
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

namespace migsim::zoo {
namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kGuestPages = 256;  // identity mapped: IOVA 0 .. 1 MiB

std::string V2Device(Prng& prng, bool busy, uint64_t p2p_iova) {
  std::string params = absl::StrCat(prng.Chance(1, 2) ? "p2p: true " : "",
                                    prng.Chance(1, 2) ? "pre_copy: true " : "");
  if (busy) {
    absl::StrAppend(&params, "internals { tick_ns: ", 300 + prng.UniformBelow(2000),
                    " dma_iova: 0x8000 ring_entries: ", 1 + prng.UniformBelow(64),
                    " p2p_iova: ", p2p_iova, " p2p_every: ", 1 + prng.UniformBelow(3),
                    prng.Chance(1, 4) ? " no_precopy_logging: true" : "", " }");
  }
  return absl::StrCat("devices { host: 0 kind: V2_DEVICE v2 { ", params, "} } ");
}

std::string Topology(Prng& prng) {
  return absl::StrCat(
      "topology { hosts { guest_pages: ", kGuestPages, " identity_map: true vcpus: 1 } ",
      V2Device(prng, true, 0x200000), V2Device(prng, true, 0x100000),
      V2Device(prng, prng.Chance(1, 2), 0),
      "devices { host: 0 kind: DMA_ENGINE dma_engine { period_ns: 900 iova: 0x20000 "
      "span: 0x10000 length: 100 write_percent: 70 } } ",
      "p2p_windows { target_device: 1 iova: 0x100000 bar_offset: 0 size: 4096 } ",
      "p2p_windows { target_device: 0 iova: 0x200000 bar_offset: 0 size: 4096 } } ");
}

std::string Act(absl::string_view body) { return absl::StrCat("actions { ", body, " } "); }

// An IOVA range [iova, iova + length) inside guest RAM, page aligned.
std::string AlignedRange(Prng& prng, absl::string_view iova, absl::string_view length) {
  const uint64_t first = prng.UniformBelow(kGuestPages);
  const uint64_t pages = 1 + prng.UniformBelow(kGuestPages - first);
  return absl::StrCat(iova, ": ", first * kPage, " ", length, ": ", pages * kPage);
}

std::string V2Action(Prng& prng, uint32_t d, uint32_t e) {
  const uint32_t slot = static_cast<uint32_t>(prng.UniformBelow(3));
  switch (prng.UniformBelow(13)) {
    case 0:
    case 1: {
      const uint64_t state = prng.Chance(9, 10) ? 1 + prng.UniformBelow(7) : prng.UniformBelow(10);
      return Act(absl::StrCat("v2_set_state { device: ", d, " state: ", state, " }"));
    }
    case 2:
      return Act(absl::StrCat("v2_get_state { device: ", d, " }"));
    case 3:
      return Act(absl::StrCat("v2_read { device: ", d, " fd: ", slot,
                              " length: ", 1 + prng.UniformBelow(2000), " }"));
    case 4:
      return Act(absl::StrCat("v2_write { device: ", d, " fd: ", slot,
                              " length: ", 1 + prng.UniformBelow(2000),
                              prng.Chance(3, 4) ? " from_saved: true" : "", " source_device: ", e,
                              " pattern: ", prng.UniformBelow(99), " }"));
    case 5:
      return Act(absl::StrCat("v2_close_fd { device: ", d, " fd: ", slot, " }"));
    case 6:
      return Act(absl::StrCat("v2_precopy_info { device: ", d, " fd: ", slot, " }"));
    case 7:
      return Act(absl::StrCat("v2_data_size { device: ", d, " }"));
    case 8:
      return Act(absl::StrCat("v2_log_start { device: ", d,
                              " page_size: ", kPage << prng.UniformBelow(3), " ranges { ",
                              AlignedRange(prng, "iova", "length"), " } }"));
    case 9:
      return Act(absl::StrCat("v2_log_stop { device: ", d, " }"));
    case 10:
      return Act(absl::StrCat("v2_log_report { device: ", d, " ",
                              AlignedRange(prng, "iova", "length"),
                              " page_size: ", kPage << prng.UniformBelow(3),
                              prng.Chance(1, 3) ? " bitmap_preset: 1 bitmap_preset: 4" : "", " }"));
    case 11:
      return prng.Chance(1, 2)
                 ? Act(absl::StrCat("v2_save_to_end { device: ", d,
                                    " read_bytes: ", 1 + prng.UniformBelow(3000), " }"))
                 : Act(absl::StrCat("v2_push { source_device: ", e, " target_device: ", d,
                                    " piece_bytes: ", prng.UniformBelow(3000), " }"));
    default: {
      // A raw VFIO_DEVICE_FEATURE: a known feature, random GET/SET/PROBE bits.
      constexpr uint32_t kFeatures[] = {1, 2, 6, 7, 8, 9, 3};
      const uint32_t flags =
          kFeatures[prng.UniformBelow(7)] | static_cast<uint32_t>(prng.UniformBelow(8) << 16);
      return Act(absl::StrCat("v2_feature { device: ", d, " flags: ", flags, " argsz: ",
                              prng.UniformBelow(48), " state: ", prng.UniformBelow(8), " }"));
    }
  }
}

std::string HostAction(Prng& prng, uint32_t d) {
  constexpr const char* kSites[] = {"STATE_TRANSITION", "DATA_READ",    "DATA_WRITE",
                                    "RESUME_LOAD",      "PRECOPY_INFO", "DMA_LOGGING"};
  switch (prng.UniformBelow(13)) {
    case 0:
    case 10:
    case 11:
      return Act(absl::StrCat("advance_time { ns: ", 100 + prng.UniformBelow(6000), " }"));
    case 1:
      return Act(absl::StrCat("reset { device: ", d, " }"));
    case 2:
      return Act(absl::StrCat(prng.Chance(1, 2) ? "close" : "open", " { device: ", d, " }"));
    case 3:
      return Act(absl::StrCat(
          "arm_failure { device: ", d, " site: ", kSites[prng.UniformBelow(6)],
          " to_error: ", prng.Chance(1, 2) ? "true" : "false", " skip: ", prng.UniformBelow(3),
          prng.Chance(1, 3) ? " match_arc: true arc_from: 2 arc_to: 5" : "", " }"));
    case 4: {
      // Often crossing a page; sometimes beyond guest RAM (a fault) or into
      // a peer's BAR window.
      const uint64_t iova = prng.Chance(1, 8)   ? 0x100000 + prng.UniformBelow(64) * 8
                            : prng.Chance(1, 8) ? 0x300000
                                                : prng.UniformBelow(kGuestPages * kPage - 9000);
      return Act(absl::StrCat("device_dma { device: ", prng.UniformBelow(4), " iova: ", iova,
                              " length: ", 1 + prng.UniformBelow(8192),
                              " write: ", prng.Chance(3, 4) ? "true" : "false", " }"));
    }
    case 5:
      return Act(absl::StrCat("vcpu_run { host: 0 vcpu: 0 } } actions { guest_mmio { device: ", d,
                              " vcpu: 0 offset: ", prng.UniformBelow(16) * 8,
                              " width: 8 write: true value: ", prng.UniformBelow(999), " }"));
    case 6:
      return Act("dirty_start { host: 0 }");
    case 7:
      return Act("dirty_stop { host: 0 }");
    case 8:
      return Act(
          absl::StrCat("dirty_get_bitmap { host: 0 ", AlignedRange(prng, "iova", "size"), " }"));
    case 9: {
      const uint64_t page = prng.UniformBelow(kGuestPages);
      return prng.Chance(1, 2)
                 ? Act(absl::StrCat("unmap_dma { host: 0 iova: ", page * kPage, " size: 4096 }"))
                 : Act(absl::StrCat("map_dma { host: 0 iova: ", page * kPage,
                                    " size: 4096 gpa: ", page * kPage, " }"));
    }
    default:
      return Act(
          absl::StrCat("dirty_get_bitmap { host: 0 iova: 0 size: ", kGuestPages * kPage, " }"));
  }
}

TEST(ReferenceFuzzTest, ReferenceV2ModelsAndIommuNeverViolate) {
  const char* env_seed = std::getenv("ZOO_FUZZ_SEED");
  const char* env_runs = std::getenv("ZOO_FUZZ_RUNS");
  Prng prng(env_seed != nullptr ? std::strtoull(env_seed, nullptr, 10) : 20260207);
  const int runs = env_runs != nullptr ? std::atoi(env_runs) : 300;
  JudgeOptions options;
  options.keep_going = true;
  int user_errors = 0;
  for (int run = 0; run < runs; ++run) {
    std::string text = absl::StrCat("format_version: 1 seed: ", run, " ", Topology(prng));
    for (int i = 0; i < 60; ++i) {
      const uint32_t d = static_cast<uint32_t>(prng.UniformBelow(3));
      const uint32_t e = static_cast<uint32_t>(prng.UniformBelow(3));
      absl::StrAppend(&text, prng.Chance(3, 5) ? V2Action(prng, d, e) : HostAction(prng, d));
    }
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
