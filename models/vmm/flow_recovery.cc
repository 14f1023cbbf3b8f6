// File: models/vmm/flow_recovery.cc
//
// What a VMM does when a migration fails: back to a running source, never a
// silent half-state. The destination gives up (its process exits; the
// kernel resets the devices of a closed fd, modelled as VFIO_DEVICE_RESET).
//   - kReference: devices left in ERROR are reset ("The device must be
//     recovered by issuing VFIO_DEVICE_RESET", 002_e161682a2f26ac74.txt);
//     then back to RUNNING through the P2P grace state, as the resume flow
//     does; then the vCPUs;
//   - kQemuV1: migration_iteration_finish -> vm_start (RMW RUNNING in
//     realize order) when the VM was stopped, cleanup (dirty tracking off),
//     then vfio_migration_state_notifier's RMW RUNNING on every device
//     (qemu-flows.md 1.5);
//   - kQemuV2: vm_start's prepare (RUNNING_P2P) then main (RUNNING) phases
//     when the VM was stopped, cleanup, then the notifier's SET RUNNING
//     (qemu-flows.md 3.6); every SET with recover state ERROR (reset).
#include "models/vmm/device_driver.h"
#include "models/vmm/migration.h"
#include "models/vmm/vmm_records.h"
#include "sim/guest_cpu.h"

namespace migsim::vmm {
namespace {

// Moves `side` to `state`; a device that refuses is reset (RUNNING).
void Force(World& world, DeviceSide& side, DevState state, const FlowStyle& style) {
  if (SetState(world, side, state, style, /*dedupe=*/true) != 0) Reset(world, side);
}

}  // namespace

void Migration::Recover(World& world) {
  RecordPhase(world, kPhaseRecovery, false);
  const FlowStyle& style = flow_.style;
  const Host& source = world.host(source_host_);
  switch (style.recovery) {
    case Recovery::kReference:
      for (DeviceSide& s : source_) {
        if (InError(s)) Reset(world, s);
      }
      for (DeviceSide& s : source_) {
        if (s.grace_capable) Force(world, s, DevState::kRunningGrace, style);
      }
      for (DeviceSide& s : source_) {
        if (!s.grace_capable) Force(world, s, DevState::kRunning, style);
      }
      for (DeviceSide& s : source_) {
        if (s.grace_capable) Force(world, s, DevState::kRunning, style);
      }
      break;
    case Recovery::kQemuV1:
      if (vcpus_stopped_) {
        for (DeviceSide& s : source_) {
          if (SetState(world, s, DevState::kRunning, style, false) != 0 && InError(s)) {
            aborted_ = true;  // hw_error(): QEMU aborts
            return;
          }
        }
      }
      break;
    case Recovery::kQemuV2:
      if (vcpus_stopped_) {
        for (DeviceSide& s : source_) {
          if (s.grace_capable) SetState(world, s, DevState::kRunningGrace, style, true);
        }
        for (DeviceSide& s : source_) SetState(world, s, DevState::kRunning, style, true);
      }
      break;
  }
  for (uint32_t v = 0; v < source.vcpus.size() && v < 64; ++v) {
    if (((vcpu_mask_ >> v) & 1) && !source.vcpus[v].running) VcpuRun(world, source_host_, v);
  }
  StopDirtyTracking(world);
  // QEMU's vfio_save_cleanup closes the data_fd before the notifier runs.
  for (DeviceSide& s : source_) CloseDataFds(world, s);
  if (style.recovery == Recovery::kQemuV1) {
    for (DeviceSide& s : source_) {
      if (SetState(world, s, DevState::kRunning, style, false) != 0 && InError(s)) {
        aborted_ = true;
        return;
      }
    }
  } else if (style.recovery == Recovery::kQemuV2) {
    for (DeviceSide& s : source_) SetState(world, s, DevState::kRunning, style, true);
  }
  for (DeviceSide& d : destination_) {
    Reset(world, d);
    CloseDataFds(world, d);
  }
}

}  // namespace migsim::vmm
