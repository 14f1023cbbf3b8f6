// File: tests/zoo/random_scenario.h
//
// A fixed-seed generator of random scenarios for the zoo's tests: one host
// (256 identity-mapped pages, one vCPU, IOMMU dirty tracking driven by the
// scenario), three devices of one family (v1 with random variants and
// parameters, or v2 with random flag sets; two ticking and ringing doorbells
// in each other's BAR through P2P windows) and a DMA engine, then `actions`
// random actions: every action of the family, reset, open, close, armed
// failures at every site, DMA requests (crossing pages, faulting, or into a
// peer's BAR), MMIO, map / unmap and VFIO_IOMMU_DIRTY_PAGES. User protocol
// errors are expected in what it writes; bad input is not.
#ifndef MIGSIM_TESTS_ZOO_RANDOM_SCENARIO_H_
#define MIGSIM_TESTS_ZOO_RANDOM_SCENARIO_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "sim/prng.h"

namespace migsim::zoo_testing {

enum class Family { kV1, kV2 };

namespace internal {

inline constexpr uint64_t kPage = 4096;
inline constexpr uint64_t kGuestPages = 256;  // identity mapped: IOVA 0 .. 1 MiB

inline std::string V2Device(Prng& prng, bool busy, uint64_t p2p_iova) {
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

constexpr absl::string_view kEngine =
    "devices { host: 0 kind: DMA_ENGINE dma_engine { period_ns: 900 iova: 0x20000 "
    "span: 0x10000 length: 100 write_percent: 70 } } ";
constexpr absl::string_view kWindows =
    "p2p_windows { target_device: 1 iova: 0x100000 bar_offset: 0 size: 4096 } "
    "p2p_windows { target_device: 0 iova: 0x200000 bar_offset: 0 size: 4096 } } ";

inline std::string V2Topology(Prng& prng) {
  return absl::StrCat("topology { hosts { guest_pages: ", kGuestPages,
                      " identity_map: true vcpus: 1 } ", V2Device(prng, true, 0x200000),
                      V2Device(prng, true, 0x100000), V2Device(prng, prng.Chance(1, 2), 0), kEngine,
                      kWindows);
}

inline std::string Act(absl::string_view body) { return absl::StrCat("actions { ", body, " } "); }

// An IOVA range [iova, iova + length) inside guest RAM, page aligned.
inline std::string AlignedRange(Prng& prng, absl::string_view iova, absl::string_view length) {
  const uint64_t first = prng.UniformBelow(kGuestPages);
  const uint64_t pages = 1 + prng.UniformBelow(kGuestPages - first);
  return absl::StrCat(iova, ": ", first * kPage, " ", length, ": ", pages * kPage);
}

inline std::string V1Device(Prng& prng, absl::string_view variant, bool busy, uint64_t p2p_iova) {
  std::string fields =
      absl::StrCat("variant: ", variant, " segment_bytes: ", 16 + prng.UniformBelow(600));
  if (variant == "V1_NDMA" && prng.Chance(1, 2)) absl::StrAppend(&fields, " ndma_capable: true");
  if (prng.Chance(1, 3)) absl::StrAppend(&fields, " sparse_mmap: true");
  if (variant == "V1_RFC" && prng.Chance(1, 4)) absl::StrAppend(&fields, " rfc_report_all: true");
  if (busy) {
    absl::StrAppend(&fields, " internals { tick_ns: ", 300 + prng.UniformBelow(2000),
                    " dma_iova: 0x8000 p2p_iova: ", p2p_iova, " p2p_every: 2",
                    prng.Chance(1, 4) ? " no_precopy_logging: true" : "", " }");
  }
  return absl::StrCat("devices { host: 0 kind: V1_DEVICE v1 { ", fields, " } } ");
}

inline std::string V1Topology(Prng& prng) {
  constexpr absl::string_view kVariants[] = {"V1_RFC", "V1", "V1_NDMA"};
  const absl::string_view pair = kVariants[prng.UniformBelow(3)];
  return absl::StrCat(
      "topology { hosts { guest_pages: ", kGuestPages, " identity_map: true vcpus: 1 } ",
      V1Device(prng, pair, true, 0x200000), V1Device(prng, pair, true, 0x100000),
      V1Device(prng, kVariants[prng.UniformBelow(3)], prng.Chance(1, 2), 0), kEngine, kWindows);
}

inline std::string V1Action(Prng& prng, uint32_t d, uint32_t e) {
  constexpr uint64_t kFields[] = {0, 4, 8, 16, 24, 32, 40, 48, 56};
  const uint64_t field = kFields[prng.UniformBelow(9)];
  const uint32_t width = field < 8 ? 4 : 8;
  switch (prng.UniformBelow(10)) {
    case 0:
    case 1: {
      constexpr uint32_t kLikely[] = {0, 1, 2, 3, 4, 8, 9, 10, 11, 12};
      const uint64_t s = prng.Chance(4, 5) ? kLikely[prng.UniformBelow(10)] : prng.UniformBelow(16);
      return Act(absl::StrCat("v1_set_state { device: ", d, " mask: 0 value: ", s, " }"));
    }
    case 2:
      return Act(absl::StrCat("v1_save_iteration { device: ", d, " }"));
    case 3:
      return Act(absl::StrCat("v1_drain { device: ", d, " }"));
    case 4:
      return Act(absl::StrCat("v1_push { source_device: ", e, " target_device: ", d, " }"));
    case 5:
      return Act(
          absl::StrCat("v1_read { device: ", d, " offset: ", field, " width: ", width, " }"));
    case 6:
      return Act(absl::StrCat("v1_write { device: ", d, " offset: ", field, " width: ", width,
                              " value: ", prng.UniformBelow(5000), " }"));
    case 7:
      return Act(absl::StrCat(
          "v1_window_read { device: ", d, " offset: ", 32 + prng.UniformBelow(4200),
          " length: ", 1 + prng.UniformBelow(300), prng.Chance(1, 3) ? " mmap: true" : "", " }"));
    case 8:
      return Act(absl::StrCat(
          "v1_window_write { device: ", d, " offset: ", 32 + prng.UniformBelow(4200),
          " length: ", 1 + prng.UniformBelow(300), " from_saved: true source_device: ", e, " }"));
    default:
      return Act(absl::StrCat("v1_dirty_pfns { device: ", d, " start_pfn: ", prng.UniformBelow(8),
                              " page_size: ", kPage << prng.UniformBelow(3),
                              " total_pfns: ", prng.UniformBelow(300), " }"));
  }
}

inline std::string V2Action(Prng& prng, uint32_t d, uint32_t e) {
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

inline std::string HostAction(Prng& prng, uint32_t d) {
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

}  // namespace internal

// A random scenario in text format (see the file comment).
inline std::string RandomScenario(Prng& prng, Family family, int actions, uint64_t seed) {
  std::string text =
      absl::StrCat("format_version: 1 seed: ", seed, " ",
                   family == Family::kV1 ? internal::V1Topology(prng) : internal::V2Topology(prng));
  for (int i = 0; i < actions; ++i) {
    const uint32_t d = static_cast<uint32_t>(prng.UniformBelow(3));
    const uint32_t e = static_cast<uint32_t>(prng.UniformBelow(3));
    if (!prng.Chance(3, 5)) {
      absl::StrAppend(&text, internal::HostAction(prng, d));
    } else if (family == Family::kV1) {
      absl::StrAppend(&text, internal::V1Action(prng, d, e));
    } else {
      absl::StrAppend(&text, internal::V2Action(prng, d, e));
    }
  }
  return text;
}

}  // namespace migsim::zoo_testing

#endif  // MIGSIM_TESTS_ZOO_RANDOM_SCENARIO_H_
