// File: models/device/device_work.cc
#include "models/device/device_work.h"

#include "absl/strings/str_cat.h"
#include "models/record_kinds.h"
#include "sim/dma_fabric.h"
#include "sim/hash.h"
#include "sim/limits.h"
#include "sim/scenario_validation.h"
#include "sim/world.h"

namespace migsim {
namespace {

constexpr uint64_t kRingEntryBytes = 64;
constexpr uint32_t kRingEntriesDefault = 16;
constexpr uint32_t kRingEntriesMax = 4096;

}  // namespace

absl::Status ValidateInternals(const proto::DeviceInternals& p, const std::string& path) {
  const std::string at = path + ".internals.";
  if (p.state_words() != 0 &&
      (p.state_words() < kStateWordsMin || p.state_words() > kStateWordsMax ||
       p.state_words() % kChunkWords != 0)) {
    return FieldError(at + "state_words", absl::StrCat(p.state_words(), " is not a multiple of ",
                                                       kChunkWords, " in [", kStateWordsMin,
                                                       ", ", kStateWordsMax, "]"));
  }
  if (p.tick_ns() != 0 && (p.tick_ns() < kVcpuPeriodNsMin || p.tick_ns() > kLatencyNsMax)) {
    return FieldError(at + "tick_ns", absl::StrCat(p.tick_ns(), " is outside [",
                                                   kVcpuPeriodNsMin, ", ", kLatencyNsMax, "]"));
  }
  if (p.ring_entries() > kRingEntriesMax) {
    return FieldError(at + "ring_entries",
                      absl::StrCat(p.ring_entries(), " exceeds the limit ", kRingEntriesMax));
  }
  return absl::OkStatus();
}

DeviceWork::DeviceWork(const proto::DeviceInternals& params)
    : params_(params),
      ring_entries_(params.ring_entries() != 0 ? params.ring_entries() : kRingEntriesDefault),
      state_words_(params.state_words() != 0 ? params.state_words() : kStateWordsDefault) {}

void DeviceWork::Start(World& world, uint32_t device) const {
  if (params_.tick_ns() != 0) world.Schedule(params_.tick_ns(), device, kEventDeviceTick, 0, 0);
}

void DeviceWork::OnTick(World& world, uint32_t device, InternalState& state,
                        const Activity& allowed) {
  world.Schedule(params_.tick_ns(), device, kEventDeviceTick, 0, 0);
  if (!allowed.advance) return;
  ++ticks_;
  const uint32_t chunk = state.Tick(ring_entries_);
  RecordInternalChange(world, device, state, chunk, kChangeTick);
  if (allowed.dma) {
    const uint64_t slot = state.counter() % ring_entries_;
    const DmaRequest ring{params_.dma_iova() + slot * kRingEntryBytes, kRingEntryBytes, true,
                          HashCombine(state.counter(), device), kTagRing};
    // A P2P-quiescent device (v2 RUNNING_P2P, PRE_COPY_P2P) skips a ring
    // entry the IOMMU sends to a BAR: that write is P2P ("If the device can
    // identify P2P transactions then it can stop only P2P DMA",
    // ../reference/kernel-v2-uapi.md), as V2Device::OnDmaRequest declines a
    // guest's. Found by fuzzing the reference: a P2P window over the ring.
    if (allowed.p2p || !world.host(world.device(device).host()).iommu.MapsBar(ring.iova,
                                                                              ring.length)) {
      IssueDma(world, device, ring);
    }
  }
  if (allowed.p2p && params_.p2p_every() != 0 && ticks_ % params_.p2p_every() == 0) {
    IssueDma(world, device,
             DmaRequest{params_.p2p_iova(), 8, true, HashCombine(device, ticks_),
                        kTagP2pDoorbell});
  }
}

void DeviceWork::OnDmaRequest(World& world, uint32_t device, const DmaRequest& request,
                              const Activity& allowed) const {
  if (!allowed.dma) {
    world.Record(kRecordDmaRequestDeclined, world.device(device).host(), device, 0,
                 {request.iova, request.length});
    return;
  }
  DmaRequest r = request;
  r.tag = kTagGuestRequest;
  IssueDma(world, device, r);
}

void DeviceWork::OnDmaDone(World& world, uint32_t device, InternalState& state,
                           const DmaCompletion& completion, const Activity& allowed) const {
  if (completion.result == 0 && !completion.request.write && allowed.advance) {
    const uint32_t chunk = state.Absorb(completion.read_digest);
    RecordInternalChange(world, device, state, chunk, kChangeDmaRead);
  }
  if (allowed.interrupts) RaiseInterrupt(world, device, completion.result == 0 ? 0 : 1);
}

uint64_t DeviceWork::OnBarAccess(World& world, uint32_t device, InternalState& state,
                                 const BarAccess& access, const Activity& allowed) const {
  // 002: "An ideal device will discard/return all ones to all incoming MMIO"
  // while it may not respond.
  if (!allowed.accept_mmio) return ~uint64_t{0};
  if (!access.write) return state.ReadRegister(access.offset);
  std::optional<uint32_t> chunk = state.WriteRegister(access.offset, access.value);
  if (!chunk && access.from_peer) chunk = state.Absorb(access.value);
  if (chunk) {
    RecordInternalChange(world, device, state, *chunk,
                         access.from_peer ? kChangeP2p : kChangeMmio);
  }
  return 0;
}

void RecordInternalChange(World& world, uint32_t device, const InternalState& state,
                          uint32_t chunk, uint64_t cause) {
  world.Record(kRecordInternalChange, world.device(device).host(), device, 0,
               {state.Digest(), chunk, cause});
}

}  // namespace migsim
