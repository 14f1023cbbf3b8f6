// File: spec/rules/vmm_rules.h
//
// Whole-VM rules: what a migration of a VM with several devices must keep
// end to end, from 002_e161682a2f26ac74.txt's system view (the reference
// flows, the grace states as cross-device barriers, DIRTY_TRACKING, peer-
// to-peer DMA) and QEMU's recovery (../reference/qemu-flows.md). Checked by
// spec/monitors/vmm_*_monitor.cc from the trace alone (the VMM's records,
// models/vmm/vmm_records.h, plus the device and engine records).
//
// Owners, and why:
//   - the grace barrier, quiet P2P around stopped devices, when dirty
//     tracking may stop, copying RAM, transporting each device's stream and
//     ending in a clean state are things only the VMM can do: user rules;
//   - a P2P access reaching a stopped device although the VMM quiesced
//     every initiator, and a resumed device whose state differs from its
//     source's at the stop point although the VMM transported the stream
//     faithfully, are failures of the kernel side: device rules.
// A device-side cause of a lost RAM page (the IOMMU not logging a write) is
// also the system rule IOMMU-DIRTY-LOGS-DMA-WRITES (device), so a device-
// aimed campaign stops on it; USER-VM-RAM-MATCHES reports the end-to-end
// consequence either way, naming the page, the writer and the write.
#ifndef MIGSIM_SPEC_RULES_VMM_RULES_H_
#define MIGSIM_SPEC_RULES_VMM_RULES_H_

#include "spec/rule.h"

namespace migsim::rules {

inline constexpr absl::string_view kDocSystemView = "002_e161682a2f26ac74.txt";
inline constexpr absl::string_view kDocQemuFlows = "../reference/qemu-flows.md";
inline constexpr VariantMask kMigratableVariants =
    VariantBit(proto::V1_RFC) | VariantBit(proto::V1) | VariantBit(proto::V1_NDMA) |
    VariantBit(proto::V2);

// The document's sentence goes on "+devices to the grace state before
// advancing past it."; in the original file a diff marker is glued to
// "devices", so a verbatim quote ends before it.
inline constexpr Rule kUserVmGraceBarrier = {
    .id = "USER-VM-GRACE-BARRIER",
    .variants = kMigratableVariants,
    .owner = Owner::kUser,
    .doc = kDocSystemView,
    .quote = "act as cross device synchronization points. The VMM must bring all",
    .summary =
        "during a migration the VMM never leaves a P2P target out of a state that accepts "
        "MMIO while another device of its host can initiate P2P DMA (every quiescable "
        "device in its grace state first); user, because only the VMM orders the devices",
    .test = "VmmP2pRulesTest.SkippedGraceFires",
};

inline constexpr Rule kUserVmP2pQuiet = {
    .id = "USER-VM-P2P-QUIET",
    .variants = kMigratableVariants,
    .owner = Owner::kUser,
    .doc = kDocSystemView,
    .quote =
        "it is important that userspace suspend these accesses before entering any "
        "device_state where MMIO is not permitted, such as !RUNNING.",
    .summary =
        "no peer-to-peer access reaches a paired device that is !RUNNING, SAVING or "
        "RESUMING from an initiator the VMM left able to initiate P2P DMA; user, because "
        "the VMM let the initiator run",
    .test = "VmmP2pRulesTest.SkippedGraceFires",
};

inline constexpr Rule kVmP2pQuiet = {
    .id = "VM-P2P-QUIET",
    .variants = kMigratableVariants,
    .owner = Owner::kDevice,
    .doc = kDocSystemView,
    .quote =
        "The Peer to Peer Grace States exist so that all devices may reach RUNNING before "
        "any device is subjected to a MMIO access.",
    .summary =
        "when the VMM followed the grace protocol (the initiator is in a grace or stopped "
        "state), no peer-to-peer access reaches a paired device that is !RUNNING, SAVING "
        "or RESUMING; device, because the initiator ignored its quiesced state",
    .test = "VmmP2pRulesTest.InitiatorIgnoringGraceFires",
};

inline constexpr Rule kUserVmDirtyStopQuiesced = {
    .id = "USER-VM-DIRTY-STOP-QUIESCED",
    .variants = kMigratableVariants,
    .owner = Owner::kUser,
    .doc = kDocSystemView,
    .quote =
        "must ensure that all DMA is suspended before clearing DIRTY_TRACKING, for instance "
        "by using NDMA or !RUNNING on all VFIO devices.",
    .summary =
        "during a migration (until it fails) the VMM stops the container's dirty tracking, "
        "or a device's DMA logging, only when no paired device of that host can still DMA "
        "(v1 !RUNNING or NDMA; v2 STOP, STOP_COPY); user, because it is the VMM's call",
    .test = "VmmDirtyRulesTest.EarlyStopFires",
};

inline constexpr Rule kUserVmRamMatches = {
    .id = "USER-VM-RAM-MATCHES",
    .variants = kMigratableVariants,
    .owner = Owner::kUser,
    .doc = kDocSystemView,
    .quote = "Copy final dirty data",
    .summary =
        "when the destination commits, its RAM equals the source's at the stop point; a "
        "difference names the page, the write that dirtied it (time, DMA id, device or "
        "vCPU) and what the copy missed; user, because copying RAM is the VMM's work",
    .test = "VmmIntegrityRulesTest.LostDirtyPageFires",
};

inline constexpr Rule kVmDeviceMatches = {
    .id = "VM-DEVICE-MATCHES",
    .variants = kMigratableVariants,
    .owner = Owner::kDevice,
    .doc = kDocSystemView,
    .quote =
        "The device captures its internal state and streams it through the migration "
        "window.",
    .summary =
        "a destination device that loads its pair's stream during a migration holds the "
        "source device's internal state at the stop point; device, because the VMM "
        "carried the stream intact (else USER-VM-STREAM-TRANSPORTED)",
    .test = "VmmIntegrityRulesTest.DeviceStateDiffersFires",
};

inline constexpr Rule kUserVmStreamTransported = {
    .id = "USER-VM-STREAM-TRANSPORTED",
    .variants = kMigratableVariants,
    .owner = Owner::kUser,
    .doc = kDocSystemView,
    .quote =
        "All of the migration data streamed from the time SAVING starts to this final end "
        "of stream is concatenated together and provided to RESUMING.",
    .summary =
        "every segment of a source device's stream reaches its destination device intact "
        "and in order before that device loads (or the migration ends); user, because "
        "the VMM owns the transport",
    .test = "VmmChannelRulesTest.EveryFaultGivesItsViolation",
};

inline constexpr Rule kUserVmCompleteOrRollback = {
    .id = "USER-VM-COMPLETE-OR-ROLLBACK",
    .variants = kMigratableVariants,
    .owner = Owner::kUser,
    .doc = kDocQemuFlows,
    .quote =
        "`vm_start()` (if the VM was running) → prepare `STOP_COPY→RUNNING_P2P`, main "
        "`→RUNNING` for every device;",
    .summary =
        "a migration ends completed (destination devices loaded and RUNNING, its vCPUs "
        "running, the source stopped) or failed back to a running source (source devices "
        "RUNNING, its vCPUs running again, destination vCPUs stopped): no half-state",
    .test = "VmmOutcomeRulesTest.HalfStateFires",
};

}  // namespace migsim::rules

#endif  // MIGSIM_SPEC_RULES_VMM_RULES_H_
