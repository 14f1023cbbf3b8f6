// File: models/v1/v1_device_transitions.cc
//
// V1Device: device_state reads and writes. A write that changes state runs
// the bit-group actions of 002_e161682a2f26ac74.txt in its priority order
// ("NDMA, !RUNNING, SAVING | !RUNNING, RESUMING, !RESUMING, RUNNING,
// SAVING | RUNNING, !NDMA"), each recorded as it is done, then commits the
// new value; all of it before the write returns (000: "The kernel migration
// driver must fully transition the device to the new state value before the
// write(2) operation returns to the user").
#include <cerrno>

#include "models/v1/v1_device.h"
#include "models/v1/v1_records.h"
#include "sim/check.h"
#include "sim/dma_fabric.h"
#include "sim/world.h"

namespace migsim::v1 {
namespace {

// Every action in the order the reference driver performs them.
constexpr BitAction kActionOrder[] = {
    BitAction::kNdma,       BitAction::kStopRunning,   BitAction::kSavingStopped,
    BitAction::kStopSaving, BitAction::kResuming,      BitAction::kStopResuming,
    BitAction::kRunning,    BitAction::kSavingRunning, BitAction::kClearNdma,
};
static_assert(std::size(kActionOrder) == kBitActionCount);

}  // namespace

int V1Device::ReadDeviceState(World& world, uint64_t& value) {
  static_cast<void>(world);
  value = state_bits_;
  return 0;
}

int V1Device::RefuseTransition(uint32_t from, uint32_t to) const {
  // 000: "To continue using a device that has entered
  // VFIO_DEVICE_STATE_ERROR, the user must issue a VFIO_DEVICE_RESET ioctl".
  if (HasErrorState(variant()) && from == kError) return -EINVAL;
  if (ClassOf(variant(), ndma_capable(), to) != StateClass::kValid) return -EINVAL;
  // 003 does not forbid RESUMING | RUNNING; this driver does not support it.
  if ((to & kResuming) != 0 && (to & kRunning) != 0) return -EINVAL;
  return 0;
}

std::vector<BitAction> V1Device::PlanActions(uint32_t from, uint32_t to) const {
  std::vector<BitAction> plan;
  for (BitAction a : kActionOrder) {
    if (Triggers(a, from, to)) plan.push_back(a);
  }
  return plan;
}

int V1Device::WriteDeviceState(World& world, uint32_t value) {
  const uint32_t from = state_bits_;
  if (int r = RefuseTransition(from, value); r != 0) return r;
  if (value == from) return 0;
  if (auto fired = failures_.Hit(world, index(), proto::STATE_TRANSITION)) {
    return FailWrite(world, from, -fired->errno_value, fired->to_error);
  }
  for (BitAction a : PlanActions(from, value)) {
    bool to_error = false;
    int r = 0;
    if (a == BitAction::kStopResuming) {
      r = FinishResuming(world, to_error);
    }
    if (r == 0) r = DoAction(world, a);
    if (r != 0) return FailWrite(world, from, r, to_error);
  }
  // The reference plan sets every defined bit; a subclass that plans other
  // actions or accepts reserved bits still commits the value written, and
  // the oracle judges the records.
  MIGSIM_MAYBE(state_bits_ == value);
  CommitState(world, from, value);
  return 0;
}

size_t V1Device::Quiesce(World& world) { return DrainDma(world, index()); }

int V1Device::DoAction(World& world, BitAction action) {
  size_t drained = 0;
  switch (action) {
    case BitAction::kNdma:
    case BitAction::kStopRunning:
      // 000: "The migration driver must complete any such outstanding
      // operations prior to completing the transition to the NDMA state";
      // !RUNNING "Further implies the NDMA behavior above" (002).
      drained = Quiesce(world);
      break;
    case BitAction::kSavingStopped:
    case BitAction::kSavingRunning:
      // 002: "User space can do SAVING | !RUNNING at any time, any in
      // progress transfer through the migration window is carried forward."
      if ((state_bits_ & kSaving) == 0) StartSaving(world);
      break;
    case BitAction::kStopSaving: StopSaving(world); break;
    case BitAction::kResuming: StartResuming(world); break;
    case BitAction::kStopResuming: resuming_.reset(); break;  // loaded by FinishResuming
    case BitAction::kRunning:
    case BitAction::kClearNdma: break;
  }
  state_bits_ = Apply(action, state_bits_);
  world.Record(kRecordBitAction, host(), index(), 0,
               {static_cast<uint64_t>(action), state_bits_, drained});
  return 0;
}

int V1Device::FailWrite(World& world, uint32_t from, int result, bool to_error) {
  MIGSIM_CHECK(result < 0) << "result=" << result;
  if (to_error && HasErrorState(variant())) {
    // 000: the error state is "specifically chosen due to the !RUNNING state
    // of the device as the migration driver should do everything possible
    // ... to ensure that the device is fully stopped in this state"; 002:
    // "devices supporting NDMA must behave as though NDMA is asserted during
    // ERROR".
    Quiesce(world);
    DiscardSessions();
    state_bits_ = kError;
    CommitState(world, from, kError);
    return result;
  }
  // The prior state: undo what this write started.
  if ((from & kSaving) == 0 && saving_) StopSaving(world);
  state_bits_ = from;
  return result;
}

void V1Device::CommitState(World& world, uint32_t from, uint32_t to) {
  state_bits_ = to;
  world.Record(kRecordStateChange, host(), index(), 0, {from, to});
}

}  // namespace migsim::v1
