// File: models/dma_engine_device.cc
#include "models/dma_engine_device.h"

#include "absl/strings/str_cat.h"
#include "sim/check.h"
#include "sim/dma_fabric.h"
#include "sim/hash.h"
#include "sim/limits.h"
#include "sim/scenario_validation.h"
#include "sim/world.h"

namespace migsim {
namespace {

constexpr uint32_t kEventBackgroundDma = 1;
constexpr uint64_t kDefaultLength = 64;

uint64_t LengthOf(const proto::DmaEngineParams& p) {
  return p.length() != 0 ? p.length() : kDefaultLength;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SimDevice>> DmaEngineDevice::Create(const proto::Device& proto,
                                                                   uint32_t index,
                                                                   uint64_t seed,
                                                                   const std::string& path) {
  const proto::DmaEngineParams& p = proto.dma_engine();
  if (p.period_ns() != 0) {
    if (p.period_ns() < kVcpuPeriodNsMin || p.period_ns() > kLatencyNsMax) {
      return FieldError(path + ".dma_engine.period_ns",
                        absl::StrCat(p.period_ns(), " is outside [", kVcpuPeriodNsMin, ", ",
                                     kLatencyNsMax, "]"));
    }
    if (LengthOf(p) > kDmaLengthMax) {
      return FieldError(path + ".dma_engine.length",
                        absl::StrCat(p.length(), " exceeds the limit ", kDmaLengthMax));
    }
    if (p.span() < LengthOf(p) || p.iova() + p.span() < p.iova()) {
      return FieldError(path + ".dma_engine.span",
                        absl::StrCat(p.span(), " must hold one DMA of ", LengthOf(p),
                                     " bytes without wrapping the IOVA space"));
    }
    if (p.write_percent() > 100) {
      return FieldError(path + ".dma_engine.write_percent",
                        absl::StrCat(p.write_percent(), " exceeds 100"));
    }
  }
  const uint64_t bar = proto.bar_size() != 0 ? proto.bar_size() : kBarSizeDefault;
  return std::unique_ptr<SimDevice>(new DmaEngineDevice(
      index, static_cast<uint16_t>(proto.host()), bar, p, seed));
}

DmaEngineDevice::DmaEngineDevice(uint32_t index, uint16_t host, uint64_t bar_size,
                                 const proto::DmaEngineParams& params, uint64_t seed)
    : SimDevice(index, host, bar_size), params_(params), prng_(seed) {}

std::unique_ptr<SimDevice> DmaEngineDevice::Clone() const {
  return std::unique_ptr<SimDevice>(new DmaEngineDevice(*this));
}

uint64_t DmaEngineDevice::Digest() const {
  return HashCombine(HashCombine(prng_.Digest(), registers_digest_), dmas_done_);
}

void DmaEngineDevice::OnStart(World& world) {
  if (params_.period_ns() != 0) {
    world.Schedule(params_.period_ns(), index(), kEventBackgroundDma, 0, 0);
  }
}

void DmaEngineDevice::OnEvent(World& world, const Event& event) {
  MIGSIM_CHECK(event.type == kEventBackgroundDma) << "type=" << event.type;
  const uint64_t length = LengthOf(params_);
  const uint64_t slots = params_.span() - length + 1;
  DmaRequest req;
  req.iova = params_.iova() + prng_.UniformBelow(slots);
  req.length = length;
  req.write = prng_.Chance(params_.write_percent(), 100);
  req.data_digest = prng_();
  IssueDma(world, index(), req);
  world.Schedule(params_.period_ns(), index(), kEventBackgroundDma, 0, 0);
}

void DmaEngineDevice::OnDmaRequest(World& world, const DmaRequest& request) {
  IssueDma(world, index(), request);
}

void DmaEngineDevice::OnDmaDone(World& world, const DmaCompletion& completion) {
  ++dmas_done_;
  if (!completion.request.write) {
    registers_digest_ = HashCombine(registers_digest_, completion.read_digest);
  }
  RaiseInterrupt(world, index(), completion.result == 0 ? 0 : 1);
}

uint64_t DmaEngineDevice::OnBarAccess(World& world, const BarAccess& access) {
  static_cast<void>(world);
  if (access.write) {
    registers_digest_ =
        HashCombine(registers_digest_, HashCombine(access.offset, access.value));
    return 0;
  }
  return HashCombine(registers_digest_, access.offset);
}

}  // namespace migsim
