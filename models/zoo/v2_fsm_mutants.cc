// File: models/zoo/v2_fsm_mutants.cc
//
// The zoo's V2 mutants of the state machine and of what a state allows: the
// reference v2 driver (models/v2/v2_device.h) with one defect each in an arc
// (the drain before STOP or RUNNING_P2P returns), the driver's own step
// function (the path a SET walks), P2P quiescence or reset.
#include <cstdint>

#include "models/record_kinds.h"
#include "models/v2/mig_fsm.h"
#include "models/v2/v2_device.h"
#include "models/v2/v2_records.h"
#include "models/zoo/mutant.h"
#include "sim/world.h"

namespace migsim::zoo::internal {
namespace {

using v2::ArcStatus;
using v2::MigState;
using v2::V2Device;

// 004: "must not generate interrupts, DMA, or any other change to external
// state." The RUNNING -> STOP arc (taken directly by a device without P2P)
// returns without waiting for the device's DMA in flight; the arcs through
// RUNNING_P2P still wait.
class V2StopNoDrain : public Mutant<V2StopNoDrain, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_stop_no_drain";
  using Mutant::Mutant;

 protected:
  ArcStatus ArcRunningToStop(World& world) override {
    static_cast<void>(world);
    return {};  // the defect: no DrainOutstandingDma()
  }
};

// The header: recovery is "VFIO_DEVICE_RESET, which returns device_state to
// RUNNING". The reset handler resets the hardware and ends the data
// sessions but leaves the driver's migration state where it was.
class V2ResetKeepsMigState : public Mutant<V2ResetKeepsMigState, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_reset_keeps_mig_state";
  using Mutant::Mutant;

  void Reset(World& world) override {
    if (!opened_) return V2Device::Reset(world);
    EndSession(world, v2::kEndReset);
    ResetInternalState(world);
    // The defect: mig_state_ is not set back to RUNNING.
    world.Record(kRecordDeviceReset, host(), index(), 0, {mig_state_});
  }
};

// The header: RUNNING_P2P and PRE_COPY_P2P "must prevent the device from
// initiating any new P2P DMA". The driver claims VFIO_MIGRATION_P2P but runs
// the P2P states like the full running ones, so the device's own doorbells
// into a peer's BAR go on.
class V2P2pStateNotQuiesced : public Mutant<V2P2pStateNotQuiesced, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_p2p_state_not_quiesced";
  using Mutant::Mutant;

  Activity CurrentActivity() const override {
    Activity a = V2Device::CurrentActivity();
    const MigState s = mig_state();
    if (opened() && (s == v2::kStateRunningP2P || s == v2::kStatePreCopyP2P)) a.p2p = true;
    return a;  // the defect: p2p stays allowed
  }
};

// The header: "Outstanding operations must finish before the arc into a P2P
// state completes." The RUNNING -> RUNNING_P2P arc stops new P2P DMA but
// returns without waiting for the P2P DMA already in flight.
class V2P2pArcNoDrain : public Mutant<V2P2pArcNoDrain, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_p2p_arc_no_drain";
  using Mutant::Mutant;

 protected:
  ArcStatus ArcRunningToRunningP2P(World& world) override {
    static_cast<void>(world);
    return {};  // the defect: no DrainOutstandingDma()
  }
};

// The header's FSM has no RUNNING -> STOP arc: it is what RUNNING_P2P ->
// STOP becomes when "the device does not support P2P, the states behave as
// fully running". A device claiming P2P goes RUNNING -> RUNNING_P2P -> STOP;
// this driver's own step function, written for devices without P2P, goes
// from RUNNING straight to STOP.
class V2P2pStopSkipsRunningP2p : public Mutant<V2P2pStopSkipsRunningP2p, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_p2p_stop_skips_running_p2p";
  using Mutant::Mutant;

 protected:
  int NextStep(MigState cur, uint32_t requested, MigState* next) const override {
    if (cur == v2::kStateRunning &&
        (requested == v2::kStateStop || requested == v2::kStateStopCopy ||
         requested == v2::kStateResuming)) {
      *next = v2::kStateStop;  // the defect: not through RUNNING_P2P
      return 0;
    }
    return V2Device::NextStep(cur, requested, next);
  }
};

// The header: a combination transition takes the shortest path, and "the
// path cannot have saving group states as interior arcs, only starting/end
// states". The driver's step function leaves PRE_COPY_P2P for RUNNING
// through PRE_COPY (re-enabling P2P first), not through RUNNING_P2P.
class V2LeavesPreCopyP2pViaPreCopy : public Mutant<V2LeavesPreCopyP2pViaPreCopy, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_leaves_precopy_p2p_via_precopy";
  using Mutant::Mutant;

 protected:
  int NextStep(MigState cur, uint32_t requested, MigState* next) const override {
    if (cur == v2::kStatePreCopyP2P && requested == v2::kStateRunning) {
      *next = v2::kStatePreCopy;  // the defect
      return 0;
    }
    return V2Device::NextStep(cur, requested, next);
  }
};

// The header: the driver must "fully transition the device to the new state
// value before the operation" returns successfully. The driver's
// set_state loop breaks out when an arc fails but returns 0, so the SET
// reports success with the device short of the requested state.
class V2SetDropsArcError : public Mutant<V2SetDropsArcError, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_set_drops_arc_error";
  using Mutant::Mutant;

  v2::SetStateResult SetState(World& world, uint32_t requested) override {
    v2::SetStateResult r = V2Device::SetState(world, requested);
    // The defect: an arc's error is lost (a refusal before any arc is kept).
    if (r.error != 0 && r.arcs > 0 && mig_state() != v2::kStateError) r.error = 0;
    return r;
  }
};

constexpr uint32_t kV2 = VariantOf(proto::V2);

constexpr ZooEntry kEntries[] = {
    {.name = V2LeavesPreCopyP2pViaPreCopy::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "SET PRE_COPY_P2P -> RUNNING walks through PRE_COPY, not RUNNING_P2P",
     .clause = "../reference/kernel-v2-uapi.md: \"saving group states as interior arcs, only "
               "starting/end\"",
     .expected_rule = "V2-PATH-SHORTEST",
     .needs = {.v2_flags_set = kNeedP2p | kNeedPreCopy},
     .make_device = &MakeV2<V2LeavesPreCopyP2pViaPreCopy>},
    {.name = V2P2pArcNoDrain::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "RUNNING -> RUNNING_P2P returns with P2P DMA still in flight",
     .clause = "../reference/kernel-v2-uapi.md: \"Outstanding operations must finish before "
               "the arc into a P2P state completes.\"",
     .expected_rule = "V2-P2P-OUTSTANDING-DONE",
     .needs = {.v2_flags_set = kNeedP2p},
     .make_device = &MakeV2<V2P2pArcNoDrain>},
    {.name = V2P2pStateNotQuiesced::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "the device keeps initiating P2P DMA into a peer in RUNNING_P2P",
     .clause = "../reference/kernel-v2-uapi.md: \"prevent the device from initiating any new "
               "P2P DMA\"",
     .expected_rule = "V2-P2P-NO-NEW-P2P",
     .needs = {.v2_flags_set = kNeedP2p},
     .make_device = &MakeV2<V2P2pStateNotQuiesced>},
    {.name = V2P2pStopSkipsRunningP2p::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "a P2P device steps RUNNING -> STOP directly, an arc its FSM does not have",
     .clause = "../reference/kernel-v2-uapi.md: \"If the device does not support P2P, the "
               "states behave as fully running.\"",
     .expected_rule = "V2-ARC-IN-FSM",
     .needs = {.v2_flags_set = kNeedP2p},
     .make_device = &MakeV2<V2P2pStopSkipsRunningP2p>},
    {.name = V2ResetKeepsMigState::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "VFIO_DEVICE_RESET leaves device_state where it was, not RUNNING",
     .clause = "../reference/kernel-v2-uapi.md: \"which returns device_state to\"",
     .expected_rule = "V2-RESET-RUNNING",
     .make_device = &MakeV2<V2ResetKeepsMigState>},
    {.name = V2SetDropsArcError::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "a SET whose arc failed returns 0 with the device short of the state",
     .clause = "../reference/kernel-v2-uapi.md: \"fully transition the device to the new state "
               "value before the operation\"",
     .expected_rule = "V2-SET-COMPLETES",
     .make_device = &MakeV2<V2SetDropsArcError>},
    {.name = V2StopNoDrain::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "RUNNING -> STOP returns with the device's DMA still in flight",
     .clause = "004_ca0a322ccd212e3d.txt: \"must not generate interrupts, DMA, or any other "
               "change to external state.\"",
     .expected_rule = "V2-STOP-NO-DMA",
     .needs = {.v2_flags_clear = kNeedP2p},
     .make_device = &MakeV2<V2StopNoDrain>},
};

}  // namespace

absl::Span<const ZooEntry> V2FsmMutants() { return kEntries; }

}  // namespace migsim::zoo::internal
