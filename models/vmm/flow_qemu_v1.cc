// File: models/vmm/flow_qemu_v1.cc
//
// QEMU 6.2's v1 migration flows as ../shared/reference/qemu-flows.md
// records them (scenario 1, V1-SAVE; scenario 2, V1-RESUME; section 1.6 for
// several devices): RAM's save handlers run first, the devices' in realize
// order; the VM-state handlers stop the devices in reverse realize order and
// start them in realize order; there is no NDMA and no cross-device barrier
// (the problem NDMA and later RUNNING_P2P were meant to solve), so peer-to-
// peer DMA is only safe when every initiator stops before its target and
// the target starts before its initiators. Every device_state change is
// vfio_migration_set_state's read-modify-write, also when the value does not
// change (its SAVING -> SAVING in vfio_save_complete_precopy). A failed
// write that leaves the device in ERROR is hw_error(): QEMU aborts.
//
// QEMU 6.2 has no v2 code; a v2 device in the topology is driven through the
// same steps with the v2 states of models/vmm/device_driver.h, so a mixed
// topology shows what this ordering does to every device.
#include "models/vmm/flow_registry.h"

namespace migsim::vmm {

FlowDefinition QemuV1Flow() {
  FlowDefinition flow;
  flow.program = {
      {FlowOp::kSetupDestination, DeviceOrder::kRealize, kArgNone, kPhaseSetup,
       "RESET [qemu_system_reset->vfio_pci_reset]; RESUMING [vfio_load_setup]"},
      {FlowOp::kDirtyStart, DeviceOrder::kRealize, kArgNone, kPhaseDirtyTracking,
       "C.DIRTY_PAGES START [ram_save_setup->...->vfio_set_dirty_page_tracking]"},
      {FlowOp::kDirtySync, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "GET_BITMAP(s) [ram_init_bitmaps->migration_bitmap_sync_precopy]"},
      {FlowOp::kEnterPreCopy, DeviceOrder::kRealize, kArgNone, kPhasePreCopy,
       "WR device_state := {S,R} [vfio_save_setup]"},
      {FlowOp::kSendAllRam, DeviceOrder::kRealize, kArgNone, kNoPhase, "[ram_save_iterate]"},
      {FlowOp::kPreCopyRound, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "GET_BITMAP(s) [ram_save_pending]; RD pending_bytes [vfio_save_pending]; one segment "
       "[vfio_save_iterate]"},
      {FlowOp::kLoopPreCopy, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "loop until pending < threshold [migration_iteration_run]"},
      {FlowOp::kStopVcpus, DeviceOrder::kRealize, kArgNone, kPhaseStopAndCopy,
       "[migration_completion->vm_stop_force_state(RUN_STATE_FINISH_MIGRATE)]"},
      {FlowOp::kStopVm, DeviceOrder::kReverse, kArgNone, kNoPhase,
       "WR device_state := {S} [vfio_vmstate_change(running=false)], reverse order"},
      {FlowOp::kStopPoint, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "the VM is stopped (RUN_STATE_FINISH_MIGRATE)"},
      {FlowOp::kDirtySync, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "GET_BITMAP(s) [ram_save_complete]"},
      {FlowOp::kCompletePreCopy, DeviceOrder::kRealize, kCompleteThenStop, kNoPhase,
       "WR {S}; drain; WR {} [vfio_save_complete_precopy]"},
      {FlowOp::kSendEnd, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "QEMU_VM_EOF [qemu_savevm_state_complete_precopy]"},
      {FlowOp::kDirtyStop, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "C.DIRTY_PAGES STOP [migrate_fd_cleanup->...->vfio_listener_log_global_stop]"},
      {FlowOp::kAwaitEnd, DeviceOrder::kRealize, kArgNone, kNoPhase, "[qemu_loadvm_state]"},
      {FlowOp::kCommit, DeviceOrder::kRealize, kArgNone, kPhaseResume,
       "[process_incoming_migration_bh]"},
      {FlowOp::kResumeRun, DeviceOrder::kRealize, kArgNone, kPhaseRunning,
       "WR device_state := {R} [vm_start->vfio_vmstate_change(running=true)]"},
      {FlowOp::kStartVcpus, DeviceOrder::kRealize, kArgNone, kNoPhase, "[vm_start]"},
      {FlowOp::kCloseFds, DeviceOrder::kRealize, kArgNone, kNoPhase, "v2 devices: close(data_fd)"},
  };
  flow.style.recovery = Recovery::kQemuV1;
  flow.style.dedupe_same_state = false;
  flow.style.reads_per_round = 1;
  return flow;
}

}  // namespace migsim::vmm
