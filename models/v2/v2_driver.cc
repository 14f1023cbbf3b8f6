// File: models/v2/v2_driver.cc
// The driver side of V2Device: migration_set_state's loop, one function per
// arc (as samples/vfio-mdev/mtty.c's mtty_step_state), and the session
// helpers the arcs share. Arc behaviour follows the header's arc list
// (include/uapi/linux/vfio.h, summarised in ../shared/reference/
// kernel-v2-uapi.md section 1.5) and 004_ca0a322ccd212e3d.txt.
#include <array>
#include <cerrno>

#include "absl/strings/str_cat.h"
#include "models/device/migration_stream.h"
#include "models/record_kinds.h"
#include "models/v2/v2_device.h"
#include "models/v2/v2_records.h"
#include "sim/check.h"
#include "sim/world.h"

namespace migsim::v2 {
namespace {

// The stream header's model id: every v2 reference device reads what every
// other one writes, whatever its flags ("a compatible device").
constexpr uint32_t kV2Family = 2;

uint64_t FdArg(int32_t fd) { return fd >= 0 ? static_cast<uint32_t>(fd) : kNoDataFd; }

}  // namespace

SetStateResult V2Device::SetState(World& world, uint32_t requested) {
  const TransitionOutcome o = RunTransition(
      mig_state_, requested,
      [this](MigState cur, uint32_t req, MigState* next) { return NextStep(cur, req, next); },
      [this, &world](MigState from, MigState to, MigState* after) {
        return StepArc(world, from, to, after);
      });
  MIGSIM_CHECK(o.reached == mig_state_) << "the walk and the driver disagree on the state";
  if (o.bound_hit) {
    world.FailLiveness(absl::StrCat("pending: v2 SET of d", index(), " to ",
                                    StateName(requested), " took ", kSetArcsMax,
                                    " arcs without reaching it"));
  }
  SetStateResult r;
  r.error = o.error;
  r.arcs = o.arcs;
  // Only the final arc may open the fd the SET returns (mtty WARN_ONs a file
  // returned on an intermediate step); a failed SET returns none.
  r.data_fd = o.error == 0 && o.arcs > 0 ? arc_fd_ : -1;
  return r;
}

int V2Device::NextStep(MigState cur, uint32_t requested, MigState* next) const {
  return NextState(flags_, cur, requested, next);
}

V2Device::ArcMethod V2Device::FindArc(MigState from, MigState to) {
  struct Row {
    MigState from;
    MigState to;
    ArcMethod method;
  };
  static constexpr std::array<Row, kDriverArcs.size()> kArcMethods = {{
      {kStateResuming, kStateStop, &V2Device::ArcResumingToStop},
      {kStateStop, kStateResuming, &V2Device::ArcStopToResuming},
      {kStateStop, kStateStopCopy, &V2Device::ArcStopToStopCopy},
      {kStateStopCopy, kStateStop, &V2Device::ArcStopCopyToStop},
      {kStateRunning, kStateRunningP2P, &V2Device::ArcRunningToRunningP2P},
      {kStateRunningP2P, kStateRunning, &V2Device::ArcRunningP2PToRunning},
      {kStateRunningP2P, kStateStop, &V2Device::ArcRunningP2PToStop},
      {kStateStop, kStateRunningP2P, &V2Device::ArcStopToRunningP2P},
      {kStateRunning, kStateStop, &V2Device::ArcRunningToStop},
      {kStateStop, kStateRunning, &V2Device::ArcStopToRunning},
      {kStateRunning, kStatePreCopy, &V2Device::ArcRunningToPreCopy},
      {kStatePreCopy, kStateRunning, &V2Device::ArcPreCopyToRunning},
      {kStatePreCopy, kStateStopCopy, &V2Device::ArcPreCopyToStopCopy},
      {kStatePreCopy, kStatePreCopyP2P, &V2Device::ArcPreCopyToPreCopyP2P},
      {kStatePreCopyP2P, kStatePreCopy, &V2Device::ArcPreCopyP2PToPreCopy},
      {kStatePreCopyP2P, kStateRunningP2P, &V2Device::ArcPreCopyP2PToRunningP2P},
      {kStatePreCopyP2P, kStateStopCopy, &V2Device::ArcPreCopyP2PToStopCopy},
      {kStateRunningP2P, kStatePreCopyP2P, &V2Device::ArcRunningP2PToPreCopyP2P},
  }};
  for (size_t i = 0; i < kArcMethods.size(); ++i) {
    MIGSIM_CHECK(kArcMethods[i].from == kDriverArcs[i].from &&
                 kArcMethods[i].to == kDriverArcs[i].to)
        << "the arc methods follow kDriverArcs, row " << i;
    if (kArcMethods[i].from == from && kArcMethods[i].to == to) return kArcMethods[i].method;
  }
  return nullptr;
}

int V2Device::StepArc(World& world, MigState from, MigState to, MigState* after) {
  MIGSIM_CHECK(from == mig_state_) << "arc from " << StateName(from) << " in "
                                   << StateName(mig_state_);
  arc_fd_ = -1;
  ArcStatus status;
  if (auto f = failures_.Hit(world, index(), proto::STATE_TRANSITION, from, to)) {
    status = {-f->errno_value, f->to_error};
  } else if (const ArcMethod method = FindArc(from, to); method != nullptr) {
    status = (this->*method)(world);
  } else {
    status = {-EINVAL, false};  // an arc this driver does not implement
  }
  MigState reached = to;
  if (status.error != 0) reached = status.to_error ? kStateError : from;
  if (reached == kStateError) EndSession(world, kEndError);
  mig_state_ = reached;
  world.Record(kV2RecordArc, host(), index(), status.error,
               {from, to, reached, FdArg(status.error == 0 ? arc_fd_ : -1)});
  if (status.error != 0) arc_fd_ = -1;
  *after = reached;
  return status.error;
}

// --- arcs -------------------------------------------------------------------

// Into RUNNING_P2P / PRE_COPY_P2P: "The migration driver must complete any
// such outstanding operations prior to completing the FSM arc into a P2P
// state." We cannot tell P2P from RAM DMA before it completes, so we finish
// all of it.
ArcStatus V2Device::ArcRunningToRunningP2P(World& world) {
  DrainOutstandingDma(world);
  return {};
}
ArcStatus V2Device::ArcPreCopyToPreCopyP2P(World& world) {
  DrainOutstandingDma(world);
  return {};
}

// Back to full running: nothing to do.
ArcStatus V2Device::ArcRunningP2PToRunning(World& world) {
  static_cast<void>(world);
  return {};
}
ArcStatus V2Device::ArcStopToRunningP2P(World& world) {
  static_cast<void>(world);
  return {};
}
ArcStatus V2Device::ArcStopToRunning(World& world) {
  static_cast<void>(world);
  return {};
}
ArcStatus V2Device::ArcPreCopyP2PToPreCopy(World& world) {
  static_cast<void>(world);
  return {};
}

// Into STOP / STOP_COPY: the device "must not generate interrupts, DMA, or
// any other change to external state" (004), so its DMA finishes first.
ArcStatus V2Device::ArcRunningP2PToStop(World& world) {
  DrainOutstandingDma(world);
  return {};
}
ArcStatus V2Device::ArcRunningToStop(World& world) {
  DrainOutstandingDma(world);
  return {};
}
ArcStatus V2Device::ArcPreCopyToStopCopy(World& world) {
  DrainOutstandingDma(world);
  return {};
}
ArcStatus V2Device::ArcPreCopyP2PToStopCopy(World& world) {
  DrainOutstandingDma(world);
  return {};
}

// Entering the saving group from outside it returns a new data_fd (004:
// "This arc begin the process of saving the device state and will return a
// new data_fd").
ArcStatus V2Device::ArcStopToStopCopy(World& world) {
  StartSaving(world);
  return {};
}
ArcStatus V2Device::ArcRunningToPreCopy(World& world) {
  StartSaving(world);
  return {};
}
ArcStatus V2Device::ArcRunningP2PToPreCopyP2P(World& world) {
  StartSaving(world);
  return {};
}

// Leaving the saving group ends its session.
ArcStatus V2Device::ArcStopCopyToStop(World& world) {
  EndSession(world, kEndLeftState);
  return {};
}
ArcStatus V2Device::ArcPreCopyToRunning(World& world) {
  EndSession(world, kEndLeftState);
  return {};
}
ArcStatus V2Device::ArcPreCopyP2PToRunningP2P(World& world) {
  EndSession(world, kEndLeftState);
  return {};
}

ArcStatus V2Device::ArcStopToResuming(World& world) {
  StartResuming(world);
  return {};
}

// RESUMING -> STOP: final validity and consistency checking of the whole
// stream; on failure the SET fails and the session continues.
ArcStatus V2Device::ArcResumingToStop(World& world) {
  const ArcStatus status = LoadResumed(world);
  if (status.error == 0) EndSession(world, kEndLeftState);
  return status;
}

// --- session helpers ---------------------------------------------------------

void V2Device::StartSaving(World& world) {
  static_cast<void>(world);
  const int32_t fd = next_fd_++;
  const uint64_t session = (uint64_t{index()} << 32) | static_cast<uint32_t>(fd);
  fds_.push_back(DataFd::Saving(fd, session, StreamModelId(kV2Family, proto::V2), state_,
                                work_.precopy_logging()));
  arc_fd_ = fd;
}

void V2Device::StartResuming(World& world) {
  static_cast<void>(world);
  const int32_t fd = next_fd_++;
  const uint64_t session = (uint64_t{index()} << 32) | static_cast<uint32_t>(fd);
  fds_.push_back(DataFd::Resuming(fd, session, StreamModelId(kV2Family, proto::V2), state_));
  arc_fd_ = fd;
}

void V2Device::EndSession(World& world, uint64_t cause) {
  for (DataFd& fd : fds_) {
    if (fd.ended()) continue;
    fd.End();
    world.Record(kV2RecordSessionEnd, host(), index(), 0, {FdArg(fd.fd()), cause});
  }
}

DataFd* V2Device::ActiveSession() {
  // The most recent one: a broken subclass may leave older ones running.
  for (auto it = fds_.rbegin(); it != fds_.rend(); ++it) {
    if (!it->ended()) return &*it;
  }
  return nullptr;
}

ArcStatus V2Device::LoadResumed(World& world) {
  DataFd* fd = ActiveSession();
  if (fd == nullptr || fd->kind() != DataFdKind::kResuming) {
    // Only a broken subclass gets here (RESUMING without its session).
    world.Record(kRecordResumeLoaded, host(), index(), -EINVAL, {0, 0, state_.Digest()});
    return {-EINVAL, false};
  }
  const StreamReader& reader = fd->reader();
  ArcStatus status;
  if (auto f = failures_.Hit(world, index(), proto::RESUME_LOAD)) {
    status = {-f->errno_value, f->to_error};
  } else {
    status.error = reader.Finish();
  }
  if (status.error == 0) {
    state_ = reader.staged();
    state_.ClearDirty();
    RecordInternalChange(world, index(), state_, 0, kChangeResumeLoad);
  }
  world.Record(kRecordResumeLoaded, host(), index(), status.error,
               {reader.session(), reader.stream_digest(), state_.Digest()});
  return status;
}

}  // namespace migsim::v2
