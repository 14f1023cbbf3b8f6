// File: models/vmm/vmm_records.h
//
// The trace records of the whole-VM family (kinds kVmmRecordFirst = 576 ..
// 703), the contract between the VMM flows and the migration channel on one
// side and the whole-VM monitors (spec/monitors/vmm_*.cc) on the other. The
// monitors judge a migration from these records plus the device and engine
// records, never from the components' state, so every flow (ours, a user's,
// a zoo mutant) must emit them as documented here:
//   - one MIGRATION_START when a flow starts and one MIGRATION_END when it
//     ends (completed, failed back to a running source, or aborted);
//   - a PHASE record whenever the flow enters a phase of the migration;
//   - a CHANNEL_SEND for every message the source hands the channel, and a
//     CHANNEL_RECEIVE for every message the destination gets out of it;
//   - one STOP_POINT once the source VM is stopped (vCPUs stopped, devices
//     out of RUNNING), carrying the digests the destination must reproduce,
//     and one COMMIT once the destination holds all it will load;
// so that "the destination VM equals the source VM at the stop point" can be
// decided from the trace alone.
//
// Digests: a RAM message's content digest folds (page, page digest) of its
// pages in order (ContentDigest below); a device segment's digest is FNV-1a
// 64 of its bytes.
#ifndef MIGSIM_MODELS_VMM_VMM_RECORDS_H_
#define MIGSIM_MODELS_VMM_VMM_RECORDS_H_

#include <cstdint>

#include "models/record_kinds.h"
#include "sim/hash.h"

namespace migsim::vmm {

// Phases of a migration, in the order the reference flow enters them
// (002_e161682a2f26ac74.txt's reference save and resume flows).
enum Phase : uint64_t {
  kPhaseSetup = 0,          // destination devices reset and RESUMING
  kPhaseDirtyTracking = 1,  // "RUNNING, DIRTY_TRACKING, VCPU_RUNNING": stream all memory
  kPhasePreCopy = 2,        // "SAVING | RUNNING": pre-copy iterations
  kPhaseViommuGrace = 3,    // "vIOMMU grace state"
  kPhaseP2pGrace = 4,       // "Peer to Peer DMA grace state" (vCPUs stopped)
  kPhaseStopAndCopy = 5,    // "SAVING": final device state and dirty data
  kPhaseResume = 6,         // destination loads and leaves RESUMING
  kPhaseResumeGrace = 7,    // destination "Peer to Peer DMA grace state"
  kPhaseRunning = 8,        // destination "Normal operating state"
  kPhaseRecovery = 9,       // a failure: back to a running source
  kPhaseCount = 10,
};

// Kinds of channel messages.
enum MessageKind : uint64_t {
  kMessageRam = 1,     // contiguous guest pages
  kMessageDevice = 2,  // one segment of one pair's device stream
  kMessageEnd = 3,     // end of the migration stream
};

// How a migration ended (MIGRATION_END arg1).
enum Outcome : uint64_t {
  kOutcomeCompleted = 0,  // the destination runs, the source is stopped
  kOutcomeFailed = 1,     // the source runs again, the destination does not
  kOutcomeAborted = 2,    // the VMM gave up loudly (QEMU's hw_error)
};

enum VmmRecordKind : uint16_t {
  // A flow started: host = source host; arg0 = migration number (1, 2, ...),
  // arg1 = flow index in the registry, arg2 = destination host, arg3 =
  // pairs, arg4 = pre-copy rounds asked, arg5 = guest vCPUs running (bit
  // mask of the first 64). result = 0, -EBUSY when a migration is already
  // in progress (nothing started), or -ENODEV when the topology has no
  // migration (host 0, every arg 0). vmm_step / vmm_run and channel fault
  // arming answer -ENODEV the same way, in their own record kinds.
  kRecordMigrationStart = kVmmRecordFirst,
  // The flow entered a phase: host = the side it concerns; arg0 =
  // migration, arg1 = Phase, arg2 = program counter.
  kRecordPhase,
  // One flow step ran: arg0 = migration, arg1 = program counter, arg2 =
  // FlowOp, arg3 = item within the op (device position), arg4 = device or
  // kNoDevice. result = 0 or the -errno the step's uAPI call returned.
  kRecordFlowStep,
  // The source handed a message to the channel: host = source host; arg0 =
  // message sequence number (1, 2, ...), arg1 = MessageKind, arg2 = RAM:
  // first page / device: pair index, arg3 = RAM: page count / device: bytes,
  // arg4 = content digest, arg5 = delivery time planned.
  kRecordChannelSend,
  // The destination took a message out of the channel: host = destination
  // host; arg0 = sequence number, arg1 = kind, arg2 = first page / pair,
  // arg3 = pages / bytes received, arg4 = digest of what arrived, arg5 =
  // the migration it belongs to. result = 0, or -ESTALE when it arrived
  // after the destination committed or the migration ended (discarded).
  kRecordChannelReceive,
  // A channel fault was armed: arg0 = ChannelFault, arg1 = message kind,
  // arg2 = skip, arg3 = delay_ns.
  kRecordChannelFaultArmed,
  // An armed fault hit a message: arg0 = ChannelFault, arg1 = sequence
  // number, arg2 = the message's kind.
  kRecordChannelFaultFired,
  // The VMM read and cleared the hypervisor's CPU dirty log (KVM's log of
  // vCPU stores): host; arg0 = first page, arg1 = pages covered, arg2 =
  // dirty pages reported. payload = the page numbers.
  kRecordCpuDirtyRead,
  // The source VM is stopped (vCPUs stopped, every paired source device out
  // of RUNNING): host = source host; arg0 = migration, arg1 = source RAM
  // digest (GuestMemory::Digest), arg2 = pages. payload = per pair, in pair
  // order, the source device's internal-state digest.
  kRecordStopPoint,
  // The destination holds everything it will load (the end of stream
  // arrived, or the flow gave up waiting): host = destination host; arg0 =
  // migration, arg1 = destination RAM digest, arg2 = source RAM digest at the
  // stop point, arg3 = pages that differ (counted up to 16), arg4 = the end
  // of stream arrived (1) or not (0). payload = up to 16 differing pages.
  kRecordCommit,
  // The flow ended: arg0 = migration, arg1 = Outcome, arg2 = program
  // counter, arg3 = steps taken. result = 0, or the -errno that failed it.
  kRecordMigrationEnd,
  kVmmRecordKindEnd,
};
static_assert(kVmmRecordKindEnd <= kModelRecordEnd);

// The content digest of a RAM message: (page, digest) pairs folded in order.
constexpr uint64_t FoldPage(uint64_t digest, uint64_t page, uint64_t page_digest) {
  return HashCombine(HashCombine(digest, page), page_digest);
}
inline constexpr uint64_t kEmptyContentDigest = 0x6d696773696d5241ull;  // "migsimRA"

// Pages listed in a COMMIT record's payload at most.
inline constexpr uint64_t kCommitDiffPagesMax = 16;

}  // namespace migsim::vmm

#endif  // MIGSIM_MODELS_VMM_VMM_RECORDS_H_
