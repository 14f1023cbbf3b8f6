// File: models/vmm/migration.cc
//
// Migration: construction, start, the step loop (one program item per step,
// bounded), the destination's delivery handler and the end of a migration.
// The ops themselves are in flow_ops.cc, RAM and dirty logs in
// ram_transfer.cc, recovery in flow_recovery.cc.
#include "models/vmm/migration.h"

#include <algorithm>
#include <cerrno>
#include <utility>

#include "absl/strings/str_cat.h"
#include "models/vmm/device_driver.h"
#include "models/vmm/flow_registry.h"
#include "models/vmm/vmm_records.h"
#include "sim/check.h"
#include "sim/event_loop.h"
#include "sim/hash.h"

namespace migsim::vmm {
namespace {

// Ops that act on the destination host (their records carry its index).
bool OnDestination(FlowOp op) {
  switch (op) {
    case FlowOp::kSetupDestination:
    case FlowOp::kAwaitEnd:
    case FlowOp::kCommit:
    case FlowOp::kResumeGrace:
    case FlowOp::kResumeRun:
    case FlowOp::kStartVcpus:
      return true;
    default:
      return false;
  }
}

bool PerDevice(FlowOp op) {
  switch (op) {
    case FlowOp::kEnterPreCopy:
    case FlowOp::kEnterGrace:
    case FlowOp::kStopVm:
    case FlowOp::kCompletePreCopy:
    case FlowOp::kStopDevices:
    case FlowOp::kResumeGrace:
    case FlowOp::kResumeRun:
    case FlowOp::kCloseFds:
      return true;
    default:
      return false;
  }
}

}  // namespace

Migration::Migration(const proto::MigrationTopology& t)
    : source_host_(static_cast<uint16_t>(t.source_host())),
      destination_host_(static_cast<uint16_t>(t.destination_host())) {
  for (const proto::DevicePair& p : t.pairs()) {
    source_devices_.push_back(p.source_device());
    destination_devices_.push_back(p.destination_device());
  }
  MIGSIM_CHECK(!source_devices_.empty()) << "a migration topology needs a pair";
  if (!t.vmm_model().empty()) {
    variant_ = FindVmmVariant(t.vmm_model());
    MIGSIM_CHECK(variant_ != nullptr) << "unvalidated vmm_model " << t.vmm_model();
  }
}

Migration* Migration::Find(World& world) {
  return static_cast<Migration*>(world.FindComponent(kName));
}

std::unique_ptr<SimComponent> Migration::Clone() const {
  return std::make_unique<Migration>(*this);
}

uint64_t Migration::Digest() const {
  uint64_t d = HashCombine(number_, (uint64_t{active_} << 8) | flow_index_);
  d = HashCombine(d, HashCombine(pc_, item_));
  d = HashCombine(d, HashCombine(steps_, (uint64_t{rounds_} << 32) | await_steps_));
  const uint64_t flags = (uint64_t{dirty_tracking_} << 0) | (uint64_t{device_logging_} << 1) |
                         (uint64_t{end_delivered_} << 2) | (uint64_t{committed_} << 3) |
                         (uint64_t{destination_failed_} << 4) | (uint64_t{aborted_} << 5) |
                         (uint64_t{vcpus_stopped_} << 6);
  d = HashCombine(d, HashCombine(flags, static_cast<uint32_t>(failure_)));
  d = HashCombine(d, HashCombine(round_pages_, round_bytes_));
  for (const auto* sides : {&source_, &destination_}) {
    for (const DeviceSide& s : *sides) {
      d = HashCombine(d, (uint64_t{s.known} << 32) ^ (s.segments_sent << 1) ^ s.stream_ended);
    }
  }
  return HashCombine(d, snapshot_ ? snapshot_->Digest() : 0);
}

void Migration::Start(World& world, const proto::VmmMigrate& request) {
  const FlowEntry* entry = FindFlow(request.flow());
  MIGSIM_CHECK(entry != nullptr) << "unvalidated flow " << request.flow();
  Begin(world, FlowIndex(entry->name), std::string(entry->name), entry->factory(),
        request.options());
}

void Migration::StartCustom(World& world, FlowDefinition flow,
                            const proto::MigrationOptions& options) {
  Begin(world, kCustomFlow, "custom", std::move(flow), options);
}

void Migration::Begin(World& world, uint32_t flow_index, std::string name, FlowDefinition flow,
                      const proto::MigrationOptions& options) {
  if (active_) {
    world.Record(kRecordMigrationStart, source_host_, kNoDevice, -EBUSY,
                 {number_, flow_index_, destination_host_, source_devices_.size()});
    return;
  }
  ++number_;
  active_ = true;
  flow_index_ = flow_index;
  flow_name_ = std::move(name);
  flow_ = std::move(flow);
  if (variant_ != nullptr) {
    // The zoo VMM mutant: the same flow with its one defect.
    flow_ = ApplyVmmVariant(*variant_, std::move(flow_));
    absl::StrAppend(&flow_name_, " with ", variant_->name);
  }
  options_ = options;
  step_ns_ = options_.step_ns() != 0 ? options_.step_ns() : kStepNsDefault;
  steps_max_ = options_.steps_max() != 0 ? options_.steps_max() : kStepsMaxDefault;
  pc_ = item_ = 0;
  phase_pc_ = SIZE_MAX;
  staying_ = false;
  steps_ = 0;
  rounds_ = await_steps_ = 0;
  dirty_tracking_ = dirty_log_started_ = end_delivered_ = committed_ = false;
  destination_failed_ = aborted_ = vcpus_stopped_ = false;
  destination_error_ = failure_ = 0;
  round_pages_ = round_bytes_ = 0;
  snapshot_.reset();
  source_.clear();
  destination_.clear();
  bool all_v2 = true;
  for (size_t p = 0; p < source_devices_.size(); ++p) {
    source_.push_back(MakeDeviceSide(world, source_devices_[p]));
    destination_.push_back(MakeDeviceSide(world, destination_devices_[p]));
    all_v2 &= source_.back().family == Family::kV2;
  }
  device_logging_ = flow_.style.device_dma_logging && all_v2;
  vcpu_mask_ = 0;
  const Host& h = world.host(source_host_);
  for (size_t v = 0; v < h.vcpus.size() && v < 64; ++v) {
    if (h.vcpus[v].running) vcpu_mask_ |= uint64_t{1} << v;
  }
  world.Record(kRecordMigrationStart, source_host_, kNoDevice, 0,
               {number_, flow_index_, destination_host_, source_devices_.size(),
                options_.precopy_rounds(), vcpu_mask_});
}

size_t Migration::ItemCount(const FlowStep& step) const {
  const size_t pairs = source_.size();
  if (step.op == FlowOp::kSetupDestination) return 2 * pairs;
  if (step.op == FlowOp::kPreCopyRound) {
    return rounds_ < options_.precopy_rounds() ? 1 + pairs : 0;
  }
  return PerDevice(step.op) ? pairs : 1;
}

size_t Migration::PairAt(const FlowStep& step, size_t item, bool destination) const {
  const std::vector<DeviceSide>& sides = destination ? destination_ : source_;
  std::vector<size_t> order(sides.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return sides[a].device < sides[b].device; });
  if (step.order == DeviceOrder::kReverse) std::reverse(order.begin(), order.end());
  if (step.order == DeviceOrder::kCapableFirst || step.order == DeviceOrder::kIncapableFirst) {
    const bool capable_first = step.order == DeviceOrder::kCapableFirst;
    std::stable_partition(order.begin(), order.end(),
                          [&](size_t i) { return sides[i].grace_capable == capable_first; });
  }
  MIGSIM_CHECK(item < order.size()) << "item=" << item;
  return order[item];
}

void Migration::RecordPhase(World& world, uint64_t phase, bool destination) {
  world.Record(kRecordPhase, destination ? destination_host_ : source_host_, kNoDevice, 0,
               {number_, phase, pc_});
}

bool Migration::Step(World& world) {
  if (!active_) return false;
  if (failure_ != 0) {
    Recover(world);
    if (aborted_) {
      Abort(world);
    } else {
      End(world, kOutcomeFailed, failure_);
    }
    return false;
  }
  while (pc_ < flow_.program.size() && item_ >= ItemCount(flow_.program[pc_])) {
    ++pc_;
    item_ = 0;
  }
  if (pc_ >= flow_.program.size()) {
    End(world, kOutcomeCompleted, 0);
    return false;
  }
  const FlowStep step = flow_.program[pc_];
  const bool destination = OnDestination(step.op);
  if (step.phase != kNoPhase && phase_pc_ != pc_) {
    phase_pc_ = pc_;
    RecordPhase(world, step.phase, step.phase >= kPhaseResume && step.phase != kPhaseRecovery);
  }
  const ItemResult r = Execute(world, step, item_);
  ++steps_;
  // A step that keeps waiting (await_end) is recorded when it starts to wait
  // and when it is done, not once per step in between.
  if (!(r.next == Next::kStay && staying_)) {
    world.Record(kRecordFlowStep, destination ? destination_host_ : source_host_, r.device, r.error,
                 {number_, pc_, static_cast<uint64_t>(step.op), item_, r.device});
  }
  staying_ = r.next == Next::kStay;
  if (r.fatal && failure_ == 0) failure_ = r.error != 0 ? r.error : -EIO;
  if (aborted_) {
    Abort(world);
    return false;
  }
  switch (r.next) {
    case Next::kItem:
      ++item_;
      break;
    case Next::kStay:
      break;
    case Next::kJump:
      pc_ = r.jump_to;
      item_ = 0;
      break;
  }
  return true;
}

bool Migration::RunSteps(World& world, uint64_t steps) {
  if (!active_) {
    // Nothing to advance: said in the trace rather than skipped silently.
    world.Record(kRecordFlowStep, source_host_, kNoDevice, -ENOENT, {number_, 0, 0, 0, kNoDevice});
    return world.liveness_failure().empty();
  }
  for (uint64_t i = 0; i < steps && active_; ++i) {
    if (steps_ >= steps_max_ && !flow_.program.empty()) {
      const size_t pc = std::min(pc_, flow_.program.size() - 1);
      world.FailLiveness(absl::StrCat("pending: flow '", flow_name_, "' at step ", pc, " (",
                                      FlowOpName(flow_.program[pc].op), ") after ", steps_,
                                      " steps"));
      return false;
    }
    if (!Step(world)) break;
    if (!world.liveness_failure().empty()) return false;
    if (!RunFor(world, step_ns_)) return false;
  }
  return world.liveness_failure().empty();
}

bool Migration::RunToEnd(World& world) {
  if (!active_) return RunSteps(world, 1);
  while (active_) {
    if (!RunSteps(world, 1)) return false;
  }
  return world.liveness_failure().empty();
}

void Migration::End(World& world, Outcome outcome, int error) {
  MIGSIM_CHECK(active_);
  world.Record(kRecordMigrationEnd, source_host_, kNoDevice, error,
               {number_, outcome, pc_, steps_});
  active_ = false;
}

void Migration::Abort(World& world) {
  // QEMU's hw_error(): the process exits, and the kernel closes every fd it
  // held, the data_fds included. The devices stay as they are.
  for (size_t p = 0; p < source_.size(); ++p) {
    CloseDataFds(world, source_[p]);
    CloseDataFds(world, destination_[p]);
  }
  End(world, kOutcomeAborted, failure_ != 0 ? failure_ : -EIO);
}

void Migration::OnDelivered(World& world, ChannelMessage m) {
  const bool stale = !active_ || committed_ || m.migration != number_;
  const uint64_t where = m.kind == kMessageRam ? m.first_page : m.pair;
  const uint64_t size = m.kind == kMessageRam ? m.pages.size() : m.bytes.size();
  // The record precedes what the destination does with the message.
  world.Record(kRecordChannelReceive, destination_host_, kNoDevice, stale ? -ESTALE : 0,
               {m.seq, m.kind, where, size, ContentDigest(m), m.migration});
  if (stale) return;
  switch (m.kind) {
    case kMessageRam:
      ApplyRam(world, m);
      return;
    case kMessageDevice: {
      MIGSIM_CHECK(m.pair < destination_.size()) << "pair=" << m.pair;
      if (destination_failed_) return;  // the destination has given up
      const int r = PushData(world, destination_[m.pair], flow_.style, m.bytes);
      if (r != 0) {
        destination_failed_ = true;
        destination_error_ = r;
      }
      return;
    }
    case kMessageEnd:
      end_delivered_ = true;
      return;
    default:
      MIGSIM_CHECK(false) << "message kind " << m.kind;
  }
}

}  // namespace migsim::vmm
