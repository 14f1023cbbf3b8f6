// File: models/zoo/v1ndma_mutants.cc
//
// The zoo's V1_NDMA mutants: the reference v1 driver (models/v1/v1_device.h)
// following the NDMA rewrite and the system view (000_fc85d4adbcac4363.txt,
// 002_e161682a2f26ac74.txt), with one defect each in quiescence (NDMA, the
// drain before a transition returns, ERROR), the priority order of a
// multi-bit write, reset, resume validation or asynchronous transitions.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "models/v1/v1_device.h"
#include "models/v1/v1_records.h"
#include "models/v1/v1_save_session.h"
#include "models/v1/v1_uapi.h"
#include "models/zoo/mutant.h"
#include "sim/world.h"

namespace migsim::zoo::internal {
namespace {

using v1::BitAction;
using v1::V1Device;

// 000: "Setting this bit must prevent the device from initiating any new DMA
// or interrupt transactions." The driver gates the device's own ring DMA on
// NDMA but not the DMA the guest's driver requests through a doorbell.
class V1NdmaDoorbellDuringNdma : public Mutant<V1NdmaDoorbellDuringNdma, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1ndma_doorbell_during_ndma";
  using Mutant::Mutant;

  void OnDmaRequest(World& world, const DmaRequest& request) override {
    Activity allowed = CurrentActivity();
    const uint32_t s = device_state();
    if ((s & v1::kNdma) != 0 && (s & v1::kRunning) != 0) allowed.dma = true;  // the defect
    work_.OnDmaRequest(world, index(), request, allowed);
  }
};

// 000: "The migration driver must complete any such outstanding operations
// prior to completing the transition to the NDMA state." The NDMA action
// sets the bit without waiting for the DMA the device has in flight (the
// !RUNNING action still waits).
class V1NdmaNdmaNoDrain : public Mutant<V1NdmaNdmaNoDrain, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1ndma_ndma_no_drain";
  using Mutant::Mutant;

 protected:
  int DoAction(World& world, BitAction action) override {
    if (action != BitAction::kNdma) return V1Device::DoAction(world, action);
    state_bits_ = v1::Apply(action, state_bits_);  // the defect: no Quiesce()
    world.Record(v1::kRecordBitAction, host(), index(), 0,
                 {static_cast<uint64_t>(action), state_bits_, 0});
    return 0;
  }
};

// 002: "must process the new device_state bits in a priority order:" The
// driver walks the changed bits in ascending bit order (RUNNING, SAVING,
// RESUMING, NDMA), so a write that sets NDMA together with clearing RUNNING
// stops the device before it quiesces peer-to-peer DMA.
class V1NdmaBitOrderActions : public Mutant<V1NdmaBitOrderActions, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1ndma_bit_order_actions";
  using Mutant::Mutant;

 protected:
  std::vector<BitAction> PlanActions(uint32_t from, uint32_t to) const override {
    // A write triggers at most one action per bit, so the order is total.
    std::vector<BitAction> plan = V1Device::PlanActions(from, to);
    std::sort(plan.begin(), plan.end(),
              [](BitAction a, BitAction b) { return BitOf(a) < BitOf(b); });
    return plan;
  }

 private:
  // The device_state bit an action concerns (the defect's sort key).
  static int BitOf(BitAction a) {
    switch (a) {
      case BitAction::kStopRunning:
      case BitAction::kRunning:
        return 0;
      case BitAction::kSavingStopped:
      case BitAction::kStopSaving:
      case BitAction::kSavingRunning:
        return 1;
      case BitAction::kResuming:
      case BitAction::kStopResuming:
        return 2;
      case BitAction::kNdma:
      case BitAction::kClearNdma:
        return 3;
    }
    return 4;
  }
};

// 002: "devices supporting NDMA must behave as though NDMA is asserted
// during ERROR to avoid corrupting other devices or a VM during a failed
// migration." On a failure it cannot undo, the driver marks the device ERROR
// at once, without waiting for its DMA in flight.
class V1NdmaErrorNoQuiesce : public Mutant<V1NdmaErrorNoQuiesce, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1ndma_error_no_quiesce";
  using Mutant::Mutant;

 protected:
  int FailWrite(World& world, uint32_t from, int result, bool to_error) override {
    if (!to_error) return V1Device::FailWrite(world, from, result, to_error);
    DiscardSessions();  // the defect: no Quiesce() first
    CommitState(world, from, v1::kError);
    return result;
  }
};

// 002: "it should discard the data window and set device_state to RUNNING
// as part of resetting the device to a clean state." VFIO_DEVICE_RESET does
// not release the saving session, and a later SAVING carries the old stream
// on instead of starting a new one.
class V1NdmaResetKeepsWindow : public Mutant<V1NdmaResetKeepsWindow, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1ndma_reset_keeps_window";
  using Mutant::Mutant;

  void Reset(World& world) override {
    std::optional<v1::SaveSession> kept = saving_;
    V1Device::Reset(world);
    saving_ = std::move(kept);  // the defect
  }

 protected:
  void StartSaving(World& world) override {
    if (!saving_) V1Device::StartSaving(world);  // an old session carries on
  }
};

// 000: "the migration driver must indicate a write(2) error and follow the
// previously described protocol to return either the previous state or an
// error state." The driver records that the incoming stream failed its final
// check but completes the !RESUMING write successfully.
class V1NdmaResumeIgnoresLoadError : public Mutant<V1NdmaResumeIgnoresLoadError, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1ndma_resume_ignores_load_error";
  using Mutant::Mutant;

 protected:
  int FinishResuming(World& world, bool& to_error) override {
    V1Device::FinishResuming(world, to_error);
    to_error = false;
    return 0;  // the defect: the load's result is dropped
  }
};

// 000: "The kernel migration driver must not generate asynchronous device
// state transitions outside of manipulation by the user or the
// VFIO_DEVICE_RESET ioctl". To contain a faulting device, the driver clears
// RUNNING itself when one of its DMAs faults in the IOMMU.
class V1NdmaStopsOnDmaFault : public Mutant<V1NdmaStopsOnDmaFault, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1ndma_stops_on_dma_fault";
  using Mutant::Mutant;

  void OnDmaDone(World& world, const DmaCompletion& completion) override {
    V1Device::OnDmaDone(world, completion);
    const uint32_t s = device_state();
    // Completions a transition, reset or close drains are left alone: there
    // the state is the user's to set.
    if (completion.result != 0 && !draining_ && is_open() && (s & v1::kRunning) != 0) {
      CommitState(world, s, s & ~v1::kRunning);  // the defect
    }
  }

 protected:
  size_t Quiesce(World& world) override {
    draining_ = true;
    const size_t drained = V1Device::Quiesce(world);
    draining_ = false;
    return drained;
  }

 private:
  bool draining_ = false;
};

constexpr uint32_t kNdma = VariantOf(proto::V1_NDMA);
constexpr Needs kNdmaCapable = {.ndma_capable = true};

constexpr ZooEntry kEntries[] = {
    {.name = V1NdmaBitOrderActions::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kNdma,
     .description = "a multi-bit write performs its actions in bit order, not 002's priority",
     .clause = "002_e161682a2f26ac74.txt: \"must process the new device_state bits in a "
               "priority order:\"",
     .expected_rule = "V1NDMA-PRIORITY-ORDER",
     .needs = kNdmaCapable,
     .make_device = &MakeV1<V1NdmaBitOrderActions>},
    {.name = V1NdmaDoorbellDuringNdma::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kNdma,
     .description = "guest-requested DMA is still issued under NDMA",
     .clause = "000_fc85d4adbcac4363.txt: \"Setting this bit must prevent the device from "
               "initiating any new DMA or interrupt transactions.\"",
     .expected_rule = "V1NDMA-NDMA-NO-NEW-DMA",
     .needs = kNdmaCapable,
     .make_device = &MakeV1<V1NdmaDoorbellDuringNdma>},
    {.name = V1NdmaErrorNoQuiesce::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kNdma,
     .description = "a failed write enters ERROR with the device's DMA still in flight",
     .clause = "002_e161682a2f26ac74.txt: \"devices supporting NDMA must behave as though NDMA "
               "is asserted during ERROR to avoid corrupting other devices or a VM during a "
               "failed migration.\"",
     .expected_rule = "V1NDMA-ERROR-AS-NDMA",
     .needs = kNdmaCapable,
     .make_device = &MakeV1<V1NdmaErrorNoQuiesce>},
    {.name = V1NdmaNdmaNoDrain::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kNdma,
     .description = "setting NDMA does not wait for the DMA in flight",
     .clause = "000_fc85d4adbcac4363.txt: \"The migration driver must complete any such "
               "outstanding operations prior to completing the transition to the NDMA state.\"",
     .expected_rule = "V1NDMA-QUIESCE-DRAINED",
     .needs = kNdmaCapable,
     .make_device = &MakeV1<V1NdmaNdmaNoDrain>},
    {.name = V1NdmaResetKeepsWindow::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kNdma,
     .description = "VFIO_DEVICE_RESET keeps the saving session; the next SAVING continues it",
     .clause = "002_e161682a2f26ac74.txt: \"it should discard the data window and set "
               "device_state to RUNNING as\"",
     .expected_rule = "V1NDMA-RESET-DISCARDS-WINDOW",
     .make_device = &MakeV1<V1NdmaResetKeepsWindow>},
    {.name = V1NdmaResumeIgnoresLoadError::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kNdma,
     .description = "!RESUMING succeeds although the stream failed its final check",
     .clause = "000_fc85d4adbcac4363.txt: \"the migration driver must indicate a write(2) "
               "error and follow the previously described protocol to return either the "
               "previous state or an error state.\"",
     .expected_rule = "V1NDMA-RESUME-INVALID-FAILS",
     .make_device = &MakeV1<V1NdmaResumeIgnoresLoadError>},
    {.name = V1NdmaStopsOnDmaFault::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kNdma,
     .description = "the driver clears RUNNING by itself when a DMA faults",
     .clause = "000_fc85d4adbcac4363.txt: \"The kernel migration driver must not generate "
               "asynchronous device state transitions outside of manipulation by the user or "
               "the VFIO_DEVICE_RESET ioctl as described below.\"",
     .expected_rule = "V1NDMA-NO-ASYNC",
     .make_device = &MakeV1<V1NdmaStopsOnDmaFault>},
};

}  // namespace

absl::Span<const ZooEntry> V1NdmaMutants() { return kEntries; }

}  // namespace migsim::zoo::internal
