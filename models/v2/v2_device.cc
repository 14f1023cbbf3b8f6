// File: models/v2/v2_device.cc
// The device side of V2Device: creation, Activity per state, DMA hooks,
// reset / open / close, MIG_DATA_SIZE and the log_ops.
#include "models/v2/v2_device.h"

#include <array>
#include <cerrno>

#include "absl/strings/str_cat.h"
#include "models/device/migration_stream.h"
#include "models/record_kinds.h"
#include "models/v2/v2_records.h"
#include "sim/check.h"
#include "sim/dma_fabric.h"
#include "sim/hash.h"
#include "sim/limits.h"
#include "sim/scenario_validation.h"
#include "sim/world.h"

namespace migsim::v2 {
namespace {

constexpr Activity kEverything = {
    .advance = true, .dma = true, .p2p = true, .interrupts = true, .accept_mmio = true};
constexpr Activity kNoP2p = {
    .advance = true, .dma = true, .p2p = false, .interrupts = true, .accept_mmio = true};
constexpr Activity kNothing = {};

// Activity per state (004_ca0a322ccd212e3d.txt: in STOP the device "must not
// generate interrupts, DMA, or any other change to external state. It must
// not change its internal state."; the header: RUNNING_P2P and PRE_COPY_P2P
// "must prevent the device from initiating any new P2P DMA transactions").
constexpr std::array<Activity, kMigStateCount> kActivityByState = {
    kNothing,     // ERROR
    kNothing,     // STOP
    kEverything,  // RUNNING
    kNothing,     // STOP_COPY
    kNothing,     // RESUMING
    kNoP2p,       // RUNNING_P2P
    kEverything,  // PRE_COPY
    kNoP2p,       // PRE_COPY_P2P
};

}  // namespace

uint32_t FlagsOf(const proto::V2Params& params) {
  return kMigrationStopCopy | (params.p2p() ? kMigrationP2P : 0) |
         (params.pre_copy() ? kMigrationPreCopy : 0);
}

absl::StatusOr<std::unique_ptr<SimDevice>> V2Device::Create(const proto::Device& device,
                                                            uint32_t index, uint64_t seed,
                                                            const std::string& path) {
  static_cast<void>(seed);  // the reference device draws no randomness
  if (!device.model().empty()) {
    return FieldError(path + ".model", absl::StrCat("'", device.model(),
                                                    "' is not a known model"));
  }
  if (auto s = ValidateInternals(device.v2().internals(), path + ".v2"); !s.ok()) return s;
  const uint64_t bar = device.bar_size() != 0 ? device.bar_size() : kBarSizeDefault;
  return std::unique_ptr<SimDevice>(
      new V2Device(index, static_cast<uint16_t>(device.host()), bar, device.v2()));
}

V2Device::V2Device(uint32_t index, uint16_t host, uint64_t bar_size,
                   const proto::V2Params& params)
    : MigratableDevice(index, host, bar_size, params.internals()), flags_(FlagsOf(params)) {
  MIGSIM_CHECK(flags_ & kMigrationStopCopy);
}

std::unique_ptr<SimDevice> V2Device::Clone() const {
  return std::unique_ptr<SimDevice>(new V2Device(*this));
}

Activity V2Device::CurrentActivity() const {
  if (!opened_) return kNothing;
  MIGSIM_CHECK(mig_state_ < kMigStateCount);
  return kActivityByState[mig_state_];
}

void V2Device::OnDmaRequest(World& world, const DmaRequest& request) {
  const Activity allowed = CurrentActivity();
  if (allowed.dma && !allowed.p2p) {
    // A P2P-quiescent device identifies P2P by where the IOMMU sends the
    // IOVA range, and declines only those ("If the device can identify P2P
    // transactions then it can stop only P2P DMA"): any part of the range,
    // since a DMA that starts in RAM and runs into a BAR window is P2P too.
    if (world.host(host()).iommu.MapsBar(request.iova, request.length)) {
      world.Record(kRecordDmaRequestDeclined, host(), index(), 0, {request.iova, request.length});
      return;
    }
  }
  MigratableDevice::OnDmaRequest(world, request);
}

void V2Device::OnDmaDone(World& world, const DmaCompletion& completion) {
  if (completion.result == 0 && completion.request.write) {
    log_.LogWrite(completion.request.iova, completion.request.length);
  }
  MigratableDevice::OnDmaDone(world, completion);
}

void V2Device::ResetInternalState(World& world) {
  state_ = InternalState(work_.state_words());
  RecordInternalChange(world, index(), state_, 0, kChangeReset);
}

void V2Device::Reset(World& world) {
  if (!opened_) {
    world.Record(kRecordDeviceReset, host(), index(), -EBADF, {mig_state_});
    return;
  }
  EndSession(world, kEndReset);
  ResetInternalState(world);
  mig_state_ = kStateRunning;
  world.Record(kRecordDeviceReset, host(), index(), 0, {kStateRunning});
}

void V2Device::Open(World& world) {
  if (opened_) {
    world.Record(kRecordDeviceOpen, host(), index(), -EBUSY, {mig_state_});
    return;
  }
  opened_ = true;
  ResetInternalState(world);
  mig_state_ = kStateRunning;
  world.Record(kRecordDeviceOpen, host(), index(), 0, {kStateRunning});
}

void V2Device::Close(World& world) {
  if (!opened_) {
    world.Record(kRecordDeviceClose, host(), index(), -EBADF, {mig_state_});
    return;
  }
  DrainOutstandingDma(world);
  EndSession(world, kEndClose);
  log_.Stop();
  opened_ = false;
  world.Record(kRecordDeviceClose, host(), index(), 0, {mig_state_});
}

int V2Device::GetDataSize(uint64_t* stop_copy_length) const {
  MIGSIM_CHECK(stop_copy_length != nullptr);
  *stop_copy_length = kStreamHeaderBytes +
                      uint64_t{state_.chunk_count()} * kStreamChunkRecordBytes +
                      kStreamEndBytes;
  return 0;
}

int V2Device::LogStart(World& world, uint64_t page_size_hint, std::vector<LoggedRange> ranges,
                       uint64_t* page_size) {
  if (auto f = failures_.Hit(world, index(), proto::DMA_LOGGING)) return -f->errno_value;
  return log_.Start(page_size_hint, std::move(ranges), page_size);
}

int V2Device::LogStop(World& world) {
  static_cast<void>(world);
  return log_.Stop();
}

int V2Device::LogReadAndClear(World& world, uint64_t iova, uint64_t length, uint64_t page_size,
                              std::vector<uint64_t>& pages) {
  if (auto f = failures_.Hit(world, index(), proto::DMA_LOGGING)) return -f->errno_value;
  return log_.ReadAndClear(iova, length, page_size, pages);
}

void V2Device::DrainOutstandingDma(World& world) { DrainDma(world, index()); }

uint64_t V2Device::ModelDigest() const {
  uint64_t d = HashCombine(flags_, (uint64_t{mig_state_} << 1) | opened_);
  d = HashCombine(d, HashCombine(static_cast<uint32_t>(next_fd_), log_.Digest()));
  for (const DataFd& fd : fds_) d = HashCombine(d, fd.Digest());
  return d;
}

}  // namespace migsim::v2
