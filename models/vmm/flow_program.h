// File: models/vmm/flow_program.h
//
// A VMM flow as data: a FlowProgram is an ordered list of FlowSteps (one
// migration operation each: "enter pre-copy on every device in realize
// order", "stop the vCPUs", "read the dirty logs and send the dirty pages")
// plus a FlowStyle (how the VMM talks to each uAPI: QEMU's recover states,
// its same-state dedupe, its buffer sizes, which dirty tracker it uses, how
// it recovers from a failure). The executor (models/vmm/flow_executor.h)
// runs a program one item at a time: an op that concerns every device has
// one item per device, so a scenario can interleave its own actions between
// the per-device steps of a flow.
//
// Every flow emits uAPI operations only through the existing entry points
// (models/v1/v1_flows.h and v1_user_ops.h, models/v2/v2_core.h and
// V2Device's data_fd operations, the engine's IOMMU actions), so the trace
// shows every raw access and the v1/v2 monitors judge them too.
//
// Devices are driven through one vocabulary of states (DevState) that maps
// onto both uAPIs: v1 device_state bits (001/000) and v2 states (004 + the
// merged header). The grace states map onto NDMA (V1_NDMA with the
// capability) and the P2P states (v2 with VFIO_MIGRATION_P2P); a device
// without them has its grace step "pushed down to the next step in the
// sequence" (002_e161682a2f26ac74.txt).
#ifndef MIGSIM_MODELS_VMM_FLOW_PROGRAM_H_
#define MIGSIM_MODELS_VMM_FLOW_PROGRAM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "models/vmm/vmm_records.h"

namespace migsim::vmm {

// The operations a flow is made of. "Per device" ops have one item per
// paired device of their side, visited in the step's DeviceOrder.
enum class FlowOp : uint8_t {
  kSetupDestination,  // per destination device, two passes: VFIO_DEVICE_RESET all, then RESUMING
  kDirtyStart,        // start DMA dirty tracking (container, or per-device DMA logging)
  kSendAllRam,        // send every guest page ("Stream all memory")
  kEnterPreCopy,      // per source device: SAVING | RUNNING / PRE_COPY
  kPreCopyRound,      // one round: dirty logs read and dirty pages sent, then per device its data
  kLoopPreCopy,       // back to the last kPreCopyRound unless converged or out of rounds
  kEnterGrace,        // per source device with NDMA / P2P: SAVING | NDMA | RUNNING / *_P2P
  kStopVcpus,         // stop every source vCPU (!VCPU_RUNNING)
  kStopVm,            // per source device: "~RUNNING" (pre-copy -> STOP_COPY, else STOP / 0)
  kStopPoint,         // record the stop point (source RAM snapshot, device digests)
  kDirtyStop,         // stop DMA dirty tracking ("!DIRTY_TRACKING")
  kDirtySync,         // read every dirty log and send the dirty pages
  kCompletePreCopy,   // per source device: STOP_COPY (SAVING), read to end of stream
  kStopDevices,       // per source device: STOP (device_state 0)
  kSendEnd,           // send the end-of-stream marker
  kAwaitEnd,          // wait until the destination has the end of stream
  kCommit,            // the destination holds everything: record it
  kResumeGrace,       // per destination device: NDMA | RUNNING / RUNNING_P2P
  kResumeRun,         // per destination device: RUNNING
  kStartVcpus,        // run the destination vCPUs the source ran
  kCloseFds,          // per pair: close every v2 data_fd the VMM holds
  kOpCount,
};

// Printable op name ("dirty_sync").
absl::string_view FlowOpName(FlowOp op);

// The order in which a per-device op visits the devices of its side.
enum class DeviceOrder : uint8_t {
  kRealize,         // ascending device index (QEMU's realize order)
  kReverse,         // descending (QEMU's stop order; its container device_list)
  kCapableFirst,    // devices with NDMA / P2P first, then the others, each ascending
  kIncapableFirst,  // devices without NDMA / P2P first, then the others
};

// Op arguments (FlowStep::arg), per op.
inline constexpr uint8_t kArgNone = 0;
// kStopVm: every device to STOP_COPY / SAVING, also one not in pre-copy.
inline constexpr uint8_t kStopVmToStopCopy = 1;
// kCompletePreCopy: go to STOP / 0 right after the end of stream (QEMU <= 8.1).
inline constexpr uint8_t kCompleteThenStop = 1;
// kEnterPreCopy: only query the stop-copy size, stay RUNNING (QEMU 8.0).
inline constexpr uint8_t kSetupQueryOnly = 1;
// kResumeGrace: devices without NDMA / P2P go to RUNNING in this step (their
// grace state pushed down); without it they stay RESUMING (QEMU: no prepare
// callback).
inline constexpr uint8_t kGraceIncapableRun = 1;
// FlowStep::phase of a step that enters no phase.
inline constexpr uint8_t kNoPhase = 0xff;

// One step of a program.
struct FlowStep {
  FlowOp op;
  DeviceOrder order = DeviceOrder::kRealize;
  uint8_t arg = kArgNone;
  uint8_t phase = kNoPhase;  // a Phase this step enters, recorded at its first item
  absl::string_view source;  // the document line or QEMU function behind the step
};

// How a VMM recovers when a migration fails.
enum class Recovery : uint8_t {
  kReference,  // reset devices in ERROR; grace barrier back to RUNNING; vCPUs run
  kQemuV1,     // vm_start: RMW RUNNING in realize order; ERROR = hw_error (abort)
  kQemuV2,     // vm_start: prepare (RUNNING_P2P) then RUNNING; failed SET = reset
};

// How the VMM talks to the devices and the dirty trackers.
struct FlowStyle {
  Recovery recovery = Recovery::kReference;
  // Skip a state change to the state the VMM's cache already holds (QEMU
  // 9.1+ for v2). Without it every step writes, as QEMU 6.2's
  // vfio_migration_set_state does (e.g. its SAVING -> SAVING in
  // vfio_save_complete_precopy).
  bool dedupe_same_state = true;
  // QEMU 8.0+'s vfio_migration_set_state: a failed state change goes to the
  // step's recover state, and a failed recovery (or a device left in ERROR,
  // which only VFIO_DEVICE_RESET leaves) resets the device.
  bool recover_states = false;
  // v2: GET MIG_DATA_SIZE at setup (read buffer = min(1 MiB, length)) and
  // in every round, VFIO_MIG_GET_PRECOPY_INFO after entering pre-copy and
  // in every round (QEMU 8.1+).
  bool v2_query_sizes = false;
  uint64_t v2_read_bytes = 4096;    // read() size when v2_query_sizes is off
  uint64_t v2_write_bytes = 32768;  // write() pieces (QEMU's QEMUFile buffer)
  // Dirty tracking by the devices' DMA logging when every paired source
  // device is v2 (QEMU 8.0+); else the container's VFIO_IOMMU_DIRTY_PAGES.
  bool device_dma_logging = false;
  // Device data read per device per pre-copy round: 0 = until the device has
  // none (bounded), else at most this many segments / reads (QEMU: 1).
  uint32_t reads_per_round = 0;
};

// A whole flow: its program and style.
struct FlowDefinition {
  std::vector<FlowStep> program;
  FlowStyle style;
};

// The index of the first step with `op` at or after `from`, or -1.
int FindStep(const FlowDefinition& flow, FlowOp op, size_t from = 0);

// Program edits for flow variants (naive flows, zoo mutants): each returns
// the edited copy. REQUIRES: the step named exists.
FlowDefinition WithoutStep(FlowDefinition flow, FlowOp op, size_t from = 0);
// Moves the first step with `op` to just before the first step with `before`.
FlowDefinition MoveStepBefore(FlowDefinition flow, FlowOp op, FlowOp before);

}  // namespace migsim::vmm

#endif  // MIGSIM_MODELS_VMM_FLOW_PROGRAM_H_
