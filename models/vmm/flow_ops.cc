// File: models/vmm/flow_ops.cc
//
// The ops of a flow program (models/vmm/flow_program.h), one item at a time.
// Source-side device ops follow QEMU's handlers (vfio_save_setup,
// vfio_vmstate_change_prepare, vfio_vmstate_change, vfio_save_complete_precopy,
// vfio_save_cleanup) and 002_e161682a2f26ac74.txt's reference flow; which of
// them a flow uses, and in which order, is its program's business.
#include <cerrno>
#include <utility>

#include "models/device/migratable_device.h"
#include "models/vmm/device_driver.h"
#include "models/vmm/migration.h"
#include "models/vmm/vmm_records.h"
#include "sim/check.h"
#include "sim/guest_cpu.h"

namespace migsim::vmm {

Migration::ItemResult Migration::Execute(World& world, const FlowStep& step, size_t item) {
  ItemResult r;
  const size_t pairs = source_.size();
  switch (step.op) {
    case FlowOp::kSetupDestination:
      // The destination VM is a fresh one that has not run (002's resume
      // flow starts from "a fresh device"; QEMU's destination is a new
      // process started with -incoming): whatever ran on the destination
      // host before, an earlier migration's VM included, stops first, or its
      // stores would land in RAM this migration is filling.
      if (item == 0) StopVcpus(world, destination_host_);
      return DestinationDeviceOp(world, step, PairAt(step, item % pairs, true), item);
    case FlowOp::kDirtyStart:
      r.error = StartDirtyTracking(world);
      r.fatal = r.error != 0;
      return r;
    case FlowOp::kSendAllRam:
      SendAllRam(world);
      return r;
    case FlowOp::kEnterPreCopy:
    case FlowOp::kEnterGrace:
    case FlowOp::kStopVm:
    case FlowOp::kCompletePreCopy:
    case FlowOp::kStopDevices:
      return SourceDeviceOp(world, step, PairAt(step, item, false));
    case FlowOp::kPreCopyRound:
      return PreCopyRound(world, step, item);
    case FlowOp::kLoopPreCopy:
      return LoopPreCopy(pc_);
    case FlowOp::kStopVcpus:
      SetVcpus(world, false);
      return r;
    case FlowOp::kStopPoint:
      StopPoint(world);
      return r;
    case FlowOp::kDirtyStop:
      StopDirtyTracking(world);
      return r;
    case FlowOp::kDirtySync:
      SyncDirty(world, &r.error);
      r.fatal = r.error != 0;
      return r;
    case FlowOp::kSendEnd: {
      ChannelMessage end;
      end.migration = number_;
      end.kind = kMessageEnd;
      MigrationChannel::Find(world)->Send(world, std::move(end));
      return r;
    }
    case FlowOp::kAwaitEnd:
      return AwaitEnd();
    case FlowOp::kCommit:
      Commit(world);
      return r;
    case FlowOp::kResumeGrace:
    case FlowOp::kResumeRun:
      return DestinationDeviceOp(world, step, PairAt(step, item, true), item);
    case FlowOp::kStartVcpus:
      SetVcpus(world, true);
      return r;
    case FlowOp::kCloseFds:
      r.device = source_[item].device;
      CloseDataFds(world, source_[item]);
      CloseDataFds(world, destination_[item]);
      return r;
    case FlowOp::kOpCount:
      break;
  }
  MIGSIM_CHECK(false) << "op " << static_cast<int>(step.op);
  return r;
}

void Migration::StopVcpus(World& world, uint16_t host) {
  Host& h = world.host(host);
  for (uint32_t v = 0; v < h.vcpus.size(); ++v) {
    if (h.vcpus[v].running) VcpuStop(world, host, v);
  }
}

void Migration::SetVcpus(World& world, bool destination_runs) {
  if (!destination_runs) {
    // !VCPU_RUNNING on the source: every vCPU stops.
    StopVcpus(world, source_host_);
    vcpus_stopped_ = true;
    return;
  }
  // VCPU_RUNNING on the destination: the vCPUs the source ran.
  Host& h = world.host(destination_host_);
  for (uint32_t v = 0; v < h.vcpus.size() && v < 64; ++v) {
    if ((vcpu_mask_ >> v) & 1) VcpuRun(world, destination_host_, v);
  }
}

Migration::ItemResult Migration::SourceDeviceOp(World& world, const FlowStep& step, size_t pair) {
  ItemResult r;
  DeviceSide& s = source_[pair];
  r.device = s.device;
  const FlowStyle& style = flow_.style;
  const bool dedupe = style.dedupe_same_state;
  switch (step.op) {
    case FlowOp::kEnterPreCopy:
      if (style.v2_query_sizes || step.arg == kSetupQueryOnly) QuerySizes(world, s, true, false);
      if (step.arg == kSetupQueryOnly) return r;
      r.error = SetState(world, s, DevState::kPreCopy, style, dedupe, DevState::kRunning);
      if (r.error == 0 && style.v2_query_sizes) QuerySizes(world, s, false, true);
      break;
    case FlowOp::kEnterGrace:
      // Without NDMA / P2P the grace state is "pushed down to the next step".
      if (!s.grace_capable) return r;
      r.error = SetState(world, s, InPreCopy(s) ? DevState::kPreCopyGrace : DevState::kRunningGrace,
                         style, dedupe);
      break;
    case FlowOp::kStopVm: {
      const bool to_stop_copy = InPreCopy(s) || step.arg == kStopVmToStopCopy;
      r.error =
          SetState(world, s, to_stop_copy ? DevState::kStopCopy : DevState::kStop, style, dedupe);
      break;
    }
    case FlowOp::kCompletePreCopy: {
      r.error = SetState(world, s, DevState::kStopCopy, style, dedupe, DevState::kStop);
      std::vector<std::vector<uint8_t>> segments;
      if (r.error == 0) r.error = SaveData(world, s, 0, segments);
      SendDeviceData(world, pair, std::move(segments));
      if (r.error == 0 && step.arg == kCompleteThenStop) {
        r.error = SetState(world, s, DevState::kStop, style, dedupe);
      }
      break;
    }
    case FlowOp::kStopDevices:
      r.error = SetState(world, s, DevState::kStop, style, dedupe);
      break;
    default:
      MIGSIM_CHECK(false) << "not a source device op: " << FlowOpName(step.op);
  }
  r.fatal = r.error != 0;
  // QEMU 6.2: a failed write that leaves the device in ERROR is hw_error().
  if (r.fatal && style.recovery == Recovery::kQemuV1 && InError(s)) aborted_ = true;
  return r;
}

Migration::ItemResult Migration::DestinationDeviceOp(World& world, const FlowStep& step,
                                                     size_t pair, size_t item) {
  ItemResult r;
  DeviceSide& d = destination_[pair];
  r.device = d.device;
  const FlowStyle& style = flow_.style;
  const bool dedupe = style.dedupe_same_state;
  switch (step.op) {
    case FlowOp::kSetupDestination:
      if (item < destination_.size()) {
        // A fresh device: VFIO_DEVICE_RESET returns device_state to RUNNING.
        Reset(world, d);
        ProbeMigration(world, d);
        return r;
      }
      r.error =
          SetState(world, d, DevState::kResuming, style, /*dedupe=*/false, DevState::kRunning);
      break;
    case FlowOp::kResumeGrace:
      if (d.grace_capable) {
        r.error = SetState(world, d, DevState::kRunningGrace, style, dedupe);
      } else if (step.arg == kGraceIncapableRun) {
        r.error = SetState(world, d, DevState::kRunning, style, dedupe);
      }
      break;
    case FlowOp::kResumeRun:
      r.error = SetState(world, d, DevState::kRunning, style, dedupe);
      break;
    default:
      MIGSIM_CHECK(false) << "not a destination device op: " << FlowOpName(step.op);
  }
  r.fatal = r.error != 0;
  if (r.fatal && style.recovery == Recovery::kQemuV1 && InError(d)) aborted_ = true;
  return r;
}

Migration::ItemResult Migration::PreCopyRound(World& world, const FlowStep& step, size_t item) {
  ItemResult r;
  if (item == 0) {
    round_pages_ = SyncDirty(world, &r.error);
    round_bytes_ = 0;
    r.fatal = r.error != 0;
    return r;
  }
  const size_t pair = PairAt(step, item - 1, false);
  DeviceSide& s = source_[pair];
  r.device = s.device;
  if (flow_.style.v2_query_sizes) QuerySizes(world, s, true, true);
  // A device that cannot log its internal changes stays RUNNING and has
  // nothing to offer before stop-and-copy.
  if (InPreCopy(s)) {
    std::vector<std::vector<uint8_t>> segments;
    r.error = SaveData(world, s, flow_.style.reads_per_round, segments);
    for (const auto& seg : segments) round_bytes_ += seg.size();
    SendDeviceData(world, pair, std::move(segments));
  }
  r.fatal = r.error != 0;
  if (item == source_.size()) ++rounds_;
  return r;
}

Migration::ItemResult Migration::LoopPreCopy(size_t pc) const {
  ItemResult r;
  const bool converged = options_.converge_pages() != 0 &&
                         round_pages_ <= options_.converge_pages() && round_bytes_ == 0;
  if (rounds_ >= options_.precopy_rounds() || converged) return r;
  for (size_t i = pc; i-- > 0;) {
    if (flow_.program[i].op == FlowOp::kPreCopyRound) {
      r.next = Next::kJump;
      r.jump_to = i;
      return r;
    }
  }
  return r;
}

Migration::ItemResult Migration::AwaitEnd() {
  ItemResult r;
  if (destination_failed_) {
    r.error = destination_error_;
    r.fatal = true;
    return r;
  }
  if (end_delivered_) return r;
  if (++await_steps_ > kAwaitStepsMax) {
    r.error = -ETIMEDOUT;  // the destination gives up waiting
    r.fatal = true;
    return r;
  }
  r.next = Next::kStay;
  return r;
}

void Migration::StopPoint(World& world) {
  const GuestMemory& memory = world.host(source_host_).memory;
  snapshot_ = memory;
  std::vector<uint64_t> digests;
  for (uint32_t device : source_devices_) {
    auto* d = dynamic_cast<MigratableDevice*>(&world.device(device));
    MIGSIM_CHECK(d != nullptr) << "device " << device;
    digests.push_back(d->state().Digest());
  }
  world.Record(kRecordStopPoint, source_host_, kNoDevice, 0,
               {number_, memory.Digest(), memory.page_count()}, digests);
}

void Migration::Commit(World& world) {
  committed_ = true;
  const GuestMemory& dest = world.host(destination_host_).memory;
  const GuestMemory& reference = snapshot_ ? *snapshot_ : world.host(source_host_).memory;
  std::vector<uint64_t> differ;
  if (dest.Digest() != reference.Digest()) {
    differ = GuestMemory::DiffPages(reference, dest, kCommitDiffPagesMax);
  }
  world.Record(kRecordCommit, destination_host_, kNoDevice, 0,
               {number_, dest.Digest(), reference.Digest(), differ.size(), end_delivered_}, differ);
}

void Migration::SendDeviceData(World& world, size_t pair,
                               std::vector<std::vector<uint8_t>> segments) {
  MigrationChannel* channel = MigrationChannel::Find(world);
  MIGSIM_CHECK(channel != nullptr);
  for (std::vector<uint8_t>& bytes : segments) {
    ChannelMessage m;
    m.migration = number_;
    m.kind = kMessageDevice;
    m.pair = static_cast<uint32_t>(pair);
    m.bytes = std::move(bytes);
    channel->Send(world, std::move(m));
  }
}

}  // namespace migsim::vmm
