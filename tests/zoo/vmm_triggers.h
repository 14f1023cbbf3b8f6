// File: tests/zoo/vmm_triggers.h
//
// Trigger scenarios of the zoo's VMM mutants (models/vmm/zoo_flows.h), for
// tests/zoo/zoo_trigger_test.cc: small whole-VM topologies written for the
// reference VMM, each with the one interleaving or condition its mutant's
// defect needs to show. Every flow step count below is the reference flow's
// (flow_reference.cc): setup_destination has two items per pair, every
// per-device op one item per pair, the others one item.
#ifndef MIGSIM_TESTS_ZOO_VMM_TRIGGERS_H_
#define MIGSIM_TESTS_ZOO_VMM_TRIGGERS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace migsim::zoo_testing {

// A whole VM: source host h0 and destination host h1, each with 16 pages
// mapped 1:1 in its IOMMU and one vCPU; `devices` (Device bodies without
// their host) on h0 as d0.., the same again on h1, each source device
// paired with its copy; `extra` more topology (P2P windows) and `channel`
// the ChannelParams body.
inline std::string Vm(const std::vector<std::string>& devices, absl::string_view actions,
                      absl::string_view extra = "", absl::string_view channel = "") {
  std::string t = "format_version: 1 seed: 5 topology { ";
  for (int h = 0; h < 2; ++h)
    absl::StrAppend(&t, "hosts { guest_pages: 16 identity_map: true vcpus: 1 } ");
  for (int h = 0; h < 2; ++h) {
    for (const std::string& d : devices) absl::StrAppend(&t, "devices { host: ", h, " ", d, " } ");
  }
  absl::StrAppend(&t, extra, "migration { source_host: 0 destination_host: 1 ");
  const size_t n = devices.size();
  for (size_t i = 0; i < n; ++i) {
    absl::StrAppend(&t, "pairs { source_device: ", i, " destination_device: ", n + i, " } ");
  }
  absl::StrAppend(&t, "channel { ", channel, " } } } ", actions);
  return t;
}

inline std::string VmAct(absl::string_view body) { return absl::StrCat("actions { ", body, " } "); }
inline std::string Migrate(int precopy_rounds) {
  return VmAct(absl::StrCat(
      "vmm_migrate { flow: \"reference\" options { precopy_rounds: ", precopy_rounds, " } }"));
}
inline std::string VmmStep(int steps) {
  return VmAct(absl::StrCat("vmm_step { steps: ", steps, " }"));
}
// A DMA write of 64 bytes by source device `device` to page 5, completed.
inline std::string DmaToPage5(int device) {
  return VmAct(absl::StrCat("device_dma { device: ", device,
                            " iova: 0x5000 length: 64 write: true pattern: 7 }")) +
         VmAct("advance_time { ns: 1000 }");
}
inline const std::string kVmmRun = VmAct("vmm_run {}");

inline const std::string kV2 = "kind: V2_DEVICE";
inline const std::string kV2P2p = "kind: V2_DEVICE v2 { p2p: true }";
inline const std::string kV2PreCopy = "kind: V2_DEVICE v2 { pre_copy: true }";
inline const std::string kV1 = "kind: V1_DEVICE v1 { variant: V1 }";
// d0 (a v2 device with P2P) and its copy d2 are P2P targets; d1 is a v1
// device without NDMA, which can only be quiesced by stopping it.
inline const std::string kP2pWindows =
    "p2p_windows { target_device: 0 iova: 0x100000 size: 4096 } "
    "p2p_windows { target_device: 2 iova: 0x100000 size: 4096 } ";

// Adds the VMM mutants' triggers to `t`, by mutant name.
inline void AddVmmTriggers(std::map<std::string, std::string>& t) {
  t.insert({
      // After 3 steps (setup 2, then dirty_start) the reference logs DMA;
      // the mutant has copied RAM (send_all_ram) and starts tracking only
      // next, so the write in between is in no log: a lost dirty page.
      {"vmm_dirty_start_after_copy", Vm({kV2}, Migrate(0) + VmmStep(3) + DmaToPage5(0) + kVmmRun)},
      // A device in RUNNING_P2P can still DMA to RAM when the mutant stops
      // tracking; idle, so no page is actually lost.
      {"vmm_dirty_stop_in_grace", Vm({kV2P2p}, Migrate(0) + kVmmRun)},
      // A stream of three segments (1024 state words, read 4 KiB at a time)
      // over a channel of 8192 bytes/us: the segments the mutant sends after
      // the end-of-stream marker arrive after the destination committed on
      // the marker; the reference sends the marker last and waits for it.
      {"vmm_end_before_device_data", Vm({"kind: V2_DEVICE v2 { internals { state_words: 1024 } }"},
                                        Migrate(0) + kVmmRun, "", "bytes_per_us: 8192")},
      // After 13 steps (setup 4, dirty_start, send_all_ram, enter_precopy 2,
      // loop, enter_grace 2, stop_vcpus, then one more) the mutant took its
      // final snapshot; the reference stopped d1 only. d0 in RUNNING_P2P
      // then writes page 5.
      {"vmm_final_sync_in_grace",
       Vm({kV2P2p, kV2}, Migrate(0) + VmmStep(13) + DmaToPage5(0) + kVmmRun)},
      // After 8 steps (setup 2, dirty_start, send_all_ram, enter_precopy,
      // the round's 2 items, loop) the one pre-copy round is over; a vCPU
      // store before the stop is only caught by the final read.
      {"vmm_no_final_dirty_sync",
       Vm({kV2PreCopy}, VmAct("vcpu_run { host: 0 vcpu: 0 }") + Migrate(1) + VmmStep(8) +
                            VmAct("guest_write { host: 0 vcpu: 0 gpa: 0x6000 length: 64 "
                                  "pattern: 9 }") +
                            kVmmRun)},
      // The source device's first SET (-> PRE_COPY) fails into ERROR; the
      // migration fails and must roll back to a running source.
      {"vmm_recover_without_reset",
       Vm({kV2PreCopy}, VmAct("arm_failure { device: 0 site: STATE_TRANSITION to_error: true }") +
                            Migrate(0) + kVmmRun)},
      // On resume, the mutant runs d3 (no grace state) before P2P target d2
      // left RESUMING.
      {"vmm_resume_container_order", Vm({kV2P2p, kV1}, Migrate(0) + kVmmRun, kP2pWindows)},
      // On save, the mutant stops P2P target d0 while d1 still runs.
      {"vmm_stop_realize_order", Vm({kV2P2p, kV1}, Migrate(0) + kVmmRun, kP2pWindows)},
  });
}

}  // namespace migsim::zoo_testing

#endif  // MIGSIM_TESTS_ZOO_VMM_TRIGGERS_H_
