// File: models/vmm/flow_reference.cc
//
// The reference save and resume flows of 002_e161682a2f26ac74.txt
// ("What follows is a reference flow for saving device state in a live
// migration, with all features"), generalised to a mix of devices:
//   - devices without NDMA (v1) or VFIO_MIGRATION_P2P (v2) have their grace
//     steps "pushed down to the next step in the sequence";
//   - the grace states are cross-device barriers: a step that moves every
//     device finishes on all of them before the next step starts ("The VMM
//     must bring all devices to the grace state before advancing past it"),
//     and the devices that cannot be quiesced leave RUNNING before the ones
//     that can (so no device that may still initiate P2P DMA runs while a
//     peer has stopped), and on resume run only after every quiescable
//     device reached its grace state;
//   - DIRTY_TRACKING is cleared once all DMA is suspended ("must ensure that
//     all DMA is suspended before clearing DIRTY_TRACKING, for instance by
//     using NDMA or !RUNNING on all VFIO devices"): v2's P2P states still
//     allow DMA to RAM, so with such devices (or devices without NDMA) that is
//     after stop-and-copy begins; the final snapshot of the (frozen) DMA log
//     follows ("Final snapshot of DMA dirty log (atomic not required)").
#include "models/vmm/flow_registry.h"

namespace migsim::vmm {

FlowDefinition ReferenceFlow() {
  FlowDefinition flow;
  flow.program = {
      {FlowOp::kSetupDestination, DeviceOrder::kRealize, kArgNone, kPhaseSetup,
       "002 resume: \"Use ioctl(VFIO_GROUP_GET_DEVICE_FD) to obtain a fresh device\", then "
       "\"RESUMING\""},
      {FlowOp::kDirtyStart, DeviceOrder::kRealize, kArgNone, kPhaseDirtyTracking,
       "002: \"RUNNING, DIRTY_TRACKING, VCPU_RUNNING\" / \"Log DMAs\""},
      {FlowOp::kSendAllRam, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "002: \"Stream all memory\""},
      {FlowOp::kEnterPreCopy, DeviceOrder::kRealize, kArgNone, kPhasePreCopy,
       "002: \"SAVING | RUNNING, DIRTY_TRACKING, VCPU_RUNNING\" / \"Log internal device changes "
       "(pre-copy)\""},
      {FlowOp::kPreCopyRound, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "002: \"Atomic Read and Clear DMA Dirty log\", \"Stream dirty memory\", \"Stream device "
       "state through the migration window\""},
      {FlowOp::kLoopPreCopy, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "002: \"While in this state repeat as desired:\""},
      {FlowOp::kEnterGrace, DeviceOrder::kRealize, kArgNone, kPhaseViommuGrace,
       "002: \"SAVING | NDMA | RUNNING, VCPU_RUNNING\" / \"vIOMMU grace state\""},
      {FlowOp::kStopVcpus, DeviceOrder::kRealize, kArgNone, kPhaseP2pGrace,
       "002: \"SAVING | NDMA | RUNNING\" / \"Peer to Peer DMA grace state\""},
      {FlowOp::kStopVm, DeviceOrder::kIncapableFirst, kStopVmToStopCopy, kPhaseStopAndCopy,
       "002: \"SAVING\" (the NDMA states pushed down for devices without NDMA)"},
      {FlowOp::kStopPoint, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "the VM is stopped: vCPUs stopped, every device out of RUNNING"},
      {FlowOp::kDirtyStop, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "002: \"!DIRTY_TRACKING\" / \"Freeze the DMA log, stop tracking and allow user-space to "
       "read it.\""},
      {FlowOp::kDirtySync, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "002: \"Final snapshot of DMA dirty log (atomic not required)\", \"Copy final dirty "
       "data\""},
      {FlowOp::kCompletePreCopy, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "002: \"Stream final device state through the migration window\""},
      {FlowOp::kStopDevices, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "002: \"0\" / \"Device is halted\""},
      {FlowOp::kSendEnd, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "002: \"The entire migration data, up to the end of stream must be transported\""},
      {FlowOp::kAwaitEnd, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "the destination reads the stream up to its end"},
      {FlowOp::kCommit, DeviceOrder::kRealize, kArgNone, kPhaseResume,
       "002 resume: \"Push in migration data.\""},
      {FlowOp::kResumeGrace, DeviceOrder::kCapableFirst, kGraceIncapableRun, kPhaseResumeGrace,
       "002 resume: \"NDMA | RUNNING\" / \"Peer to Peer DMA grace state\""},
      {FlowOp::kResumeRun, DeviceOrder::kRealize, kArgNone, kPhaseRunning,
       "002 resume: \"RUNNING, VCPU_RUNNING\" / \"Normal operating state\""},
      {FlowOp::kStartVcpus, DeviceOrder::kRealize, kArgNone, kNoPhase, "002 resume: VCPU_RUNNING"},
      {FlowOp::kCloseFds, DeviceOrder::kRealize, kArgNone, kNoPhase,
       "v2: every data_fd is closed once its session is over"},
  };
  flow.style.recovery = Recovery::kReference;
  flow.style.dedupe_same_state = true;
  flow.style.reads_per_round = 0;
  return flow;
}

}  // namespace migsim::vmm
