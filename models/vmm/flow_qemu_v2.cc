// File: models/vmm/flow_qemu_v2.cc
//
// QEMU 9.2.4's v2 migration flows as ../shared/reference/qemu-flows.md
// records them (scenario 7, V2-PRECOPY; scenario 8, V2-P2P; sections 3.3 to
// 3.6): GET MIG_DATA_SIZE and SET PRE_COPY with PRECOPY_INFO at setup; every
// round queries the sizes and reads once; vm_state_notify stops the VM with
// all prepare callbacks (PRE_COPY_P2P / RUNNING_P2P, devices with P2P only)
// before any main callback (STOP_COPY / STOP), both in reverse order, and
// starts it with prepare then main in realize order: that two-phase
// structure is the P2P grace barrier. STOP_COPY -> STOP happens in
// vfio_save_cleanup after dirty tracking stops. Dirty tracking is the
// devices' DMA logging when every device is v2, else the container's.
// vfio_migration_set_state skips a SET to the cached state and recovers a
// failed one to its recover state or by VFIO_DEVICE_RESET.
//
// QEMU 9.2.4 has no v1 code and refuses several devices unless all support
// P2P; this flow does neither: v1 devices take the same steps through the v1
// states of models/vmm/device_driver.h (NDMA standing in for the P2P
// states, as 002_e161682a2f26ac74.txt's ancestor of them), so a mixed
// topology shows what this ordering does to every device.
#include "models/vmm/flow_registry.h"

namespace migsim::vmm {

FlowDefinition QemuV2Flow() {
  FlowDefinition flow;
  flow.program = {
      {FlowOp::kSetupDestination, DeviceOrder::kRealize, kArgNone, kPhaseSetup,
       "RESET [machine reset]; SET RESUMING [rec=RUNNING] [vfio_load_setup]"},
      {FlowOp::kDirtyStart, DeviceOrder::kReverse, kArgNone, kPhaseDirtyTracking,
       "DMA_LOGGING_START [vfio_devices_dma_logging_start] | C.DIRTY_PAGES START"},
      {FlowOp::kEnterPreCopy, DeviceOrder::kRealize, kArgNone, kPhasePreCopy,
       "GET MIG_DATA_SIZE; SET PRE_COPY [rec=RUNNING]; PRECOPY_INFO [vfio_save_setup]"},
      {FlowOp::kSendAllRam, DeviceOrder::kRealize, kArgNone, kNoPhase, "[ram_save_iterate]"},
      {FlowOp::kPreCopyRound, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "REPORT(s) [ram_state_pending_exact]; MIG_DATA_SIZE, PRECOPY_INFO "
       "[vfio_state_pending_exact]; READ [vfio_save_iterate]"},
      {FlowOp::kLoopPreCopy, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "until pending < threshold [migration_iteration_run]"},
      {FlowOp::kStopVcpus, DeviceOrder::kRealize, kArgNone, kPhaseP2pGrace,
       "[migration_stop_vm(FINISH_MIGRATE)]"},
      {FlowOp::kEnterGrace, DeviceOrder::kReverse, kArgNone, kNoPhase,
       "SET PRE_COPY_P2P | RUNNING_P2P [rec=ERROR] [vfio_vmstate_change_prepare]"},
      {FlowOp::kStopVm, DeviceOrder::kReverse, kArgNone, kPhaseStopAndCopy,
       "SET STOP_COPY | STOP [rec=ERROR] [vfio_vmstate_change]"},
      {FlowOp::kStopPoint, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "the VM is stopped (RUN_STATE_FINISH_MIGRATE)"},
      {FlowOp::kDirtySync, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "REPORT(s) [ram_save_complete]"},
      {FlowOp::kCompletePreCopy, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "(SET STOP_COPY skipped when cached) READ until 0 [vfio_save_complete_precopy]"},
      {FlowOp::kSendEnd, DeviceOrder::kRealize, kArgNone, kNoPhase, "QEMU_VM_EOF"},
      {FlowOp::kDirtyStop, DeviceOrder::kReverse, kArgNone, kNoPhase,
       "DMA_LOGGING_STOP [ram_save_cleanup] | C.DIRTY_PAGES STOP"},
      {FlowOp::kStopDevices, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "SET STOP [rec=ERROR] [vfio_save_cleanup]"},
      {FlowOp::kAwaitEnd, DeviceOrder::kRealize, kArgNone, kNoPhase, "[qemu_loadvm_state]"},
      {FlowOp::kCommit, DeviceOrder::kRealize, kArgNone, kPhaseResume,
       "[process_incoming_migration_bh]"},
      {FlowOp::kResumeGrace, DeviceOrder::kRealize, kArgNone, kPhaseResumeGrace,
       "SET RUNNING_P2P [rec=ERROR] [vm_start->vfio_vmstate_change_prepare]"},
      {FlowOp::kResumeRun, DeviceOrder::kRealize, kArgNone, kPhaseRunning,
       "SET RUNNING [rec=ERROR] [vfio_vmstate_change]"},
      {FlowOp::kStartVcpus, DeviceOrder::kRealize, kArgNone, kNoPhase, "[vm_start]"},
      {FlowOp::kCloseFds, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "CLOSE F [vfio_save_cleanup]; CLOSE G [vfio_load_cleanup]"},
  };
  flow.style.recovery = Recovery::kQemuV2;
  flow.style.dedupe_same_state = true;
  flow.style.recover_states = true;
  flow.style.v2_query_sizes = true;
  flow.style.device_dma_logging = true;
  flow.style.reads_per_round = 1;
  return flow;
}

}  // namespace migsim::vmm
