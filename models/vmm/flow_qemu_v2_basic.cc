// File: models/vmm/flow_qemu_v2_basic.cc
//
// QEMU 8.0's first v2 flow, ../shared/reference/qemu-flows.md scenario 6
// (V2-BASIC): STOP_COPY only. vfio_save_setup only queries MIG_DATA_SIZE;
// the rounds read the dirty logs only; vfio_vmstate_change(false) sets STOP,
// vfio_save_complete_precopy sets STOP_COPY, reads to the end of stream and
// sets STOP; vm_start sets RUNNING. No P2P phase and no dedupe of
// same-state SETs (both came later); a failed SET resets the device (recover
// state ERROR). QEMU 8.0 refused more than one device; this flow does not
// (see flow_qemu_v2.cc).
//
// One deliberate difference: QEMU 8.x closed the destination's data_fd
// before vm_start (qemu_loadvm_state_cleanup); the reference v2 model ends a
// session when its fd is closed, so RESUMING -> STOP would then find no
// stream. This flow closes the fds after RUNNING, as QEMU 9.2.4 does.
#include "models/vmm/flow_registry.h"

namespace migsim::vmm {

FlowDefinition QemuV2BasicFlow() {
  FlowDefinition flow;
  flow.program = {
      {FlowOp::kSetupDestination, DeviceOrder::kRealize, kArgNone, kPhaseSetup,
       "RESET; SET RESUMING [rec=RUNNING] [vfio_load_setup]"},
      {FlowOp::kDirtyStart, DeviceOrder::kReverse, kArgNone, kPhaseDirtyTracking,
       "SET DMA_LOGGING_START | C.DIRTY_PAGES START [vfio_listener_log_global_start]"},
      {FlowOp::kEnterPreCopy, DeviceOrder::kRealize, kSetupQueryOnly, kPhasePreCopy,
       "GET MIG_DATA_SIZE [vfio_save_setup]"},
      {FlowOp::kSendAllRam, DeviceOrder::kRealize, kArgNone, kNoPhase, "[ram_save_iterate]"},
      {FlowOp::kPreCopyRound, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "REPORT(s) | GET_BITMAP(s) [ram_state_pending_exact]"},
      {FlowOp::kLoopPreCopy, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "[migration_iteration_run]"},
      {FlowOp::kStopVcpus, DeviceOrder::kRealize, kArgNone, kPhaseStopAndCopy, "[vm_stop]"},
      {FlowOp::kStopVm, DeviceOrder::kReverse, kArgNone, kNoPhase,
       "SET STOP [rec=ERROR] [vfio_vmstate_change(false)]"},
      {FlowOp::kStopPoint, DeviceOrder::kRealize, kArgNone, kNoPhase, "the VM is stopped"},
      {FlowOp::kDirtySync, DeviceOrder::kRealize, kArgNone, kNoPhase, "[ram_save_complete]"},
      {FlowOp::kCompletePreCopy, DeviceOrder::kRealize, kCompleteThenStop, kNoPhase,
       "SET STOP_COPY [rec=STOP]; READ until 0; SET STOP [rec=ERROR] "
       "[vfio_save_complete_precopy]"},
      {FlowOp::kSendEnd, DeviceOrder::kRealize, kArgNone, kNoPhase, "QEMU_VM_EOF"},
      {FlowOp::kDirtyStop, DeviceOrder::kReverse, kArgNone, kNoPhase, "[ram_save_cleanup]"},
      {FlowOp::kAwaitEnd, DeviceOrder::kRealize, kArgNone, kNoPhase, "[qemu_loadvm_state]"},
      {FlowOp::kCommit, DeviceOrder::kRealize, kArgNone, kPhaseResume,
       "[qemu_loadvm_state_cleanup]"},
      {FlowOp::kResumeRun, DeviceOrder::kRealize, kArgNone, kPhaseRunning,
       "SET RUNNING [rec=ERROR] [vfio_vmstate_change(true)]"},
      {FlowOp::kStartVcpus, DeviceOrder::kRealize, kArgNone, kNoPhase, "[vm_start]"},
      {FlowOp::kCloseFds, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "CLOSE F [vfio_save_cleanup]; CLOSE G (after RUNNING, see above)"},
  };
  flow.style.recovery = Recovery::kQemuV2;
  flow.style.dedupe_same_state = false;
  flow.style.recover_states = true;
  flow.style.v2_query_sizes = false;
  flow.style.device_dma_logging = true;
  flow.style.reads_per_round = 1;
  return flow;
}

}  // namespace migsim::vmm
