// File: models/vmm/zoo_flows.cc
//
// The bug zoo's VMM mutants (models/vmm/zoo_flows.h): the reference VMM
// with one defect each, as a transformation of whatever flow program a
// vmm_migrate starts. Each defect is small and plausible, and most show
// only at the end of a migration or under a particular interleaving:
//   - dirty tracking: started after the first full copy of RAM; no final
//     dirty-log read after the VM stopped; the final read, or the stop of
//     tracking, in the P2P grace state, where devices can still DMA to RAM;
//   - device order: devices stopped in realize order, so a P2P target
//     stops before a device without a grace state; destination devices
//     started in the container's order (most recently attached first);
//   - the stream: the end-of-stream marker sent before the devices' final
//     data, so a slow channel delivers that data after the destination
//     resumed;
//   - rollback: recovery by SET RUNNING alone, never resetting a device a
//     failed SET left in ERROR.
// ZooFlows() stays empty: VMM mutants are selected through the topology
// (Topology.migration.vmm_model), not as flow names, so the flow a scenario
// (or a fuzzer) chose is the one that runs, with the defect.
#include "models/vmm/zoo_flows.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "models/vmm/flow_registry.h"
#include "sim/check.h"

namespace migsim::vmm {
namespace {

// The index of the last step with `op`, or -1.
int LastStep(const FlowDefinition& flow, FlowOp op) {
  for (size_t i = flow.program.size(); i-- > 0;) {
    if (flow.program[i].op == op) return static_cast<int>(i);
  }
  return -1;
}

// The index of the first step with `op` after the first step with `after`,
// or -1 (also when there is no `after` step).
int StepAfter(const FlowDefinition& flow, FlowOp op, FlowOp after) {
  const int a = FindStep(flow, after);
  return a < 0 ? -1 : FindStep(flow, op, static_cast<size_t>(a) + 1);
}

std::string Lacks(absl::string_view what) { return absl::StrCat("no ", what); }

// Moves the step at `from` to just before the step now at `to` (to ==
// size: to the end).
FlowDefinition MoveStep(FlowDefinition flow, int from, int to) {
  MIGSIM_CHECK(from >= 0 && to >= 0) << "from=" << from << " to=" << to;
  MIGSIM_CHECK(static_cast<size_t>(from) < flow.program.size() &&
               static_cast<size_t>(to) <= flow.program.size())
      << "from=" << from << " to=" << to << " steps=" << flow.program.size();
  const FlowStep step = flow.program[from];
  flow.program.erase(flow.program.begin() + from);
  if (to > from) --to;
  flow.program.insert(flow.program.begin() + to, step);
  return flow;
}

// --- vmm_dirty_start_after_copy -------------------------------------------
// DIRTY_TRACKING begins after "Stream all memory" instead of before it: a
// page written between its copy and the start of tracking is in no log
// (starting also clears the CPU dirty log). QEMU starts logging in RAM's
// save_setup before the first copy (qemu-flows.md 4.4: log_global_start,
// then ram_init_bitmaps marks every page dirty).

std::string DirtyStartMisfit(const FlowDefinition& flow) {
  const int start = FindStep(flow, FlowOp::kDirtyStart);
  const int copy = FindStep(flow, FlowOp::kSendAllRam);
  return start >= 0 && copy > start ? "" : Lacks("dirty_start step before send_all_ram");
}
FlowDefinition DirtyStartAfterCopy(FlowDefinition flow) {
  const int start = FindStep(flow, FlowOp::kDirtyStart);
  const int copy = FindStep(flow, FlowOp::kSendAllRam);
  return MoveStep(std::move(flow), start, copy + 1);
}

// --- vmm_no_final_dirty_sync ----------------------------------------------
// The dirty logs are not read once more after the VM stopped: what was
// written since the last pre-copy round is never resent.

std::string FinalSyncMisfit(const FlowDefinition& flow) {
  return StepAfter(flow, FlowOp::kDirtySync, FlowOp::kStopPoint) >= 0
             ? ""
             : Lacks("dirty_sync step after stop_point");
}
FlowDefinition NoFinalDirtySync(FlowDefinition flow) {
  const int sync = StepAfter(flow, FlowOp::kDirtySync, FlowOp::kStopPoint);
  MIGSIM_CHECK(sync >= 0);
  flow.program.erase(flow.program.begin() + sync);
  return flow;
}

// --- vmm_final_sync_in_grace ----------------------------------------------
// The final snapshot of the dirty logs is taken in the P2P grace state, as
// 002's reference flow places it for NDMA devices, before the devices leave
// it: a v2 device in RUNNING_P2P (or a v1 device without NDMA) still DMAs
// to RAM, and what it writes after the snapshot is never read.

std::string FinalSyncGraceMisfit(const FlowDefinition& flow) {
  return FindStep(flow, FlowOp::kStopVm) >= 0 && FinalSyncMisfit(flow).empty()
             ? ""
             : Lacks("stop_vm step and dirty_sync step after stop_point");
}
FlowDefinition FinalSyncInGrace(FlowDefinition flow) {
  const int sync = StepAfter(flow, FlowOp::kDirtySync, FlowOp::kStopPoint);
  const int stop_vm = FindStep(flow, FlowOp::kStopVm);
  return MoveStep(std::move(flow), sync, stop_vm);
}

// --- vmm_dirty_stop_in_grace ----------------------------------------------
// DIRTY_TRACKING is cleared in the P2P grace state (vCPUs stopped), before
// the devices leave it: v2's RUNNING_P2P and a v1 device without NDMA still
// DMA to RAM there.

std::string DirtyStopMisfit(const FlowDefinition& flow) {
  const int stop_vm = FindStep(flow, FlowOp::kStopVm);
  const int dirty_stop = LastStep(flow, FlowOp::kDirtyStop);
  return stop_vm >= 0 && dirty_stop > stop_vm ? "" : Lacks("dirty_stop step after stop_vm");
}
FlowDefinition DirtyStopInGrace(FlowDefinition flow) {
  const int stop_vm = FindStep(flow, FlowOp::kStopVm);
  const int dirty_stop = LastStep(flow, FlowOp::kDirtyStop);
  return MoveStep(std::move(flow), dirty_stop, stop_vm);
}

// --- vmm_stop_realize_order -----------------------------------------------
// The devices leave their running states in realize order, as QEMU's save
// handlers run (qemu-flows.md 3.5), instead of those without a grace state
// first: QEMU 8.2+ migrates several devices only when all have the P2P
// states, so its order never had to care; a VMM that also takes devices
// without them (whose grace step is "pushed down" to the stop) stops a P2P
// target while such a device can still reach it.

std::string StopOrderMisfit(const FlowDefinition& flow) {
  const int i = FindStep(flow, FlowOp::kStopVm);
  return i >= 0 && flow.program[i].order != DeviceOrder::kRealize
             ? ""
             : Lacks("stop_vm step in an order other than realize order");
}
FlowDefinition StopRealizeOrder(FlowDefinition flow) {
  flow.program[FindStep(flow, FlowOp::kStopVm)].order = DeviceOrder::kRealize;
  return flow;
}

// --- vmm_resume_container_order -------------------------------------------
// The destination's P2P grace step walks the container's device list (most
// recently attached first, QEMU's QLIST_INSERT_HEAD order, qemu-flows.md
// 3.5) instead of the P2P-capable devices first, so a device without a
// grace state (whose grace step runs it) runs before a P2P target left
// RESUMING.

std::string ResumeOrderMisfit(const FlowDefinition& flow) {
  const int i = FindStep(flow, FlowOp::kResumeGrace);
  return i >= 0 && flow.program[i].order != DeviceOrder::kReverse
             ? ""
             : Lacks("resume_grace step in an order other than reverse order");
}
FlowDefinition ResumeContainerOrder(FlowDefinition flow) {
  flow.program[FindStep(flow, FlowOp::kResumeGrace)].order = DeviceOrder::kReverse;
  return flow;
}

// --- vmm_end_before_device_data -------------------------------------------
// The end-of-stream marker goes out before the devices' final stop-copy
// data, as when device state rides a channel of its own and the main
// channel's end marker does not wait for it (QEMU's multifd device state
// transfer, qemu-flows.md 3.7: the main channel's complete_precopy emits
// only a dummy end and the STOP_COPY reads run in a thread): the
// destination commits on the marker, and a device whose last segments are
// still in flight loads a partial stream.

std::string EndMisfit(const FlowDefinition& flow) {
  const int complete = LastStep(flow, FlowOp::kCompletePreCopy);
  const int end = FindStep(flow, FlowOp::kSendEnd);
  return complete >= 0 && end > complete ? "" : Lacks("send_end step after complete_precopy");
}
FlowDefinition EndBeforeDeviceData(FlowDefinition flow) {
  const int complete = LastStep(flow, FlowOp::kCompletePreCopy);
  const int end = FindStep(flow, FlowOp::kSendEnd);
  return MoveStep(std::move(flow), end, complete);
}

// --- vmm_recover_without_reset --------------------------------------------
// After a failure the VMM moves every source device back to RUNNING by SET
// alone (QEMU's vm_start and notifier) but without QEMU 8.0+'s recover
// state ERROR, keeping QEMU's v1 habit "Recovery = back to RUNNING, never
// reset" (qemu-flows.md 1.5) on v2 devices: a device a failed SET left in
// ERROR is never reset.

std::string RecoverMisfit(const FlowDefinition& flow) {
  return flow.style.recovery == Recovery::kReference && !flow.style.recover_states
             ? ""
             : Lacks("reference recovery without recover states");
}
FlowDefinition RecoverWithoutReset(FlowDefinition flow) {
  // The reference's style has no recover states, so a failed SET in
  // recovery leaves the device where it is.
  flow.style.recovery = Recovery::kQemuV2;
  return flow;
}

// The table, in ascending name order (static_assert'ed below).
constexpr VmmVariant kVariants[] = {
    {"vmm_dirty_start_after_copy",
     "starts dirty tracking after the first full copy of RAM; writes in between are lost",
     "002_e161682a2f26ac74.txt: \"RUNNING, DIRTY_TRACKING, VCPU_RUNNING Log DMAs Stream all "
     "memory\"",
     "USER-VM-RAM-MATCHES", "a dirty_start step before send_all_ram", &DirtyStartMisfit,
     &DirtyStartAfterCopy},
    {"vmm_dirty_stop_in_grace",
     "stops dirty tracking in the P2P grace state, where devices can still DMA to RAM",
     "002_e161682a2f26ac74.txt: \"must ensure that all DMA is suspended before clearing "
     "DIRTY_TRACKING, for instance by using NDMA or !RUNNING on all VFIO devices.\"",
     "USER-VM-DIRTY-STOP-QUIESCED", "a dirty_stop step after stop_vm", &DirtyStopMisfit,
     &DirtyStopInGrace},
    {"vmm_end_before_device_data",
     "sends the end-of-stream marker before the devices' final stop-copy data",
     "002_e161682a2f26ac74.txt: \"All of the migration data streamed from the time SAVING "
     "starts to this final end of stream is concatenated together and provided to RESUMING.\"",
     "USER-VM-STREAM-TRANSPORTED", "a send_end step after complete_precopy", &EndMisfit,
     &EndBeforeDeviceData},
    {"vmm_final_sync_in_grace",
     "takes the final dirty-log snapshot in the P2P grace state, while devices still DMA",
     "002_e161682a2f26ac74.txt: \"SAVING Stream final device state through the migration "
     "window Copy final dirty data\"",
     "USER-VM-RAM-MATCHES", "a stop_vm step and a dirty_sync step after stop_point",
     &FinalSyncGraceMisfit, &FinalSyncInGrace},
    {"vmm_no_final_dirty_sync",
     "reads no dirty log after the VM stopped; pages dirtied since the last round are lost",
     "002_e161682a2f26ac74.txt: \"Final snapshot of DMA dirty log (atomic not required)\"",
     "USER-VM-RAM-MATCHES", "a dirty_sync step after stop_point", &FinalSyncMisfit,
     &NoFinalDirtySync},
    {"vmm_recover_without_reset",
     "rolls back by SET RUNNING alone, never resetting a source device left in ERROR",
     "002_e161682a2f26ac74.txt: \"The device must be recovered by issuing VFIO_DEVICE_RESET or "
     "closing the device file descriptor.\"",
     "USER-VM-COMPLETE-OR-ROLLBACK", "the reference recovery", &RecoverMisfit,
     &RecoverWithoutReset},
    {"vmm_resume_container_order",
     "starts destination devices most recently attached first, not P2P-capable first",
     "002_e161682a2f26ac74.txt: \"The Peer to Peer Grace States exist so that all devices may "
     "reach RUNNING before any device is subjected to a MMIO access.\"",
     "USER-VM-GRACE-BARRIER", "a resume_grace step not in reverse order", &ResumeOrderMisfit,
     &ResumeContainerOrder},
    {"vmm_stop_realize_order",
     "stops source devices in realize order, not those without a grace state first",
     "002_e161682a2f26ac74.txt: \"act as cross device synchronization points. The VMM must "
     "bring all\"",
     "USER-VM-GRACE-BARRIER", "a stop_vm step not in realize order", &StopOrderMisfit,
     &StopRealizeOrder},
};

constexpr bool SortedByName() {
  for (size_t i = 1; i < std::size(kVariants); ++i) {
    if (!(kVariants[i - 1].name < kVariants[i].name)) return false;
  }
  return true;
}
static_assert(SortedByName(), "kVariants must be in ascending name order");

}  // namespace

absl::Span<const FlowEntry> ZooFlows() { return {}; }

absl::Span<const VmmVariant> VmmVariants() { return kVariants; }

const VmmVariant* FindVmmVariant(absl::string_view name) {
  for (const VmmVariant& v : kVariants) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

std::string VmmVariantMisfit(const VmmVariant& variant, const FlowDefinition& flow) {
  return variant.misfit(flow);
}

FlowDefinition ApplyVmmVariant(const VmmVariant& variant, FlowDefinition flow) {
  const std::string misfit = variant.misfit(flow);
  MIGSIM_CHECK(misfit.empty()) << variant.name << ": " << misfit;
  const size_t steps = flow.program.size();
  FlowDefinition out = variant.apply(std::move(flow));
  // A defect drops at most one step and adds none.
  MIGSIM_CHECK(out.program.size() + 1 >= steps && out.program.size() <= steps) << variant.name;
  return out;
}

std::string VmmVariantNames() {
  std::string out;
  for (const VmmVariant& v : kVariants) absl::StrAppend(&out, out.empty() ? "" : ", ", v.name);
  return out;
}

}  // namespace migsim::vmm
