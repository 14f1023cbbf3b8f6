// File: models/dma_engine_device.h
//
// DmaEngineDevice: topology kind DMA_ENGINE, a device with no migration
// interface. It performs every DMA the guest requests, optionally issues
// background DMA on a timer (DmaEngineParams), raises an interrupt when a DMA
// completes, and keeps a register file in BAR0 that MMIO and peer-to-peer
// writes update. Engine-level scenarios and benchmarks use it.
//
// May inject: nothing. Promises never to: access memory outside what its
// requests and params name.
#ifndef MIGSIM_MODELS_DMA_ENGINE_DEVICE_H_
#define MIGSIM_MODELS_DMA_ENGINE_DEVICE_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "protos/scenario.pb.h"
#include "sim/prng.h"
#include "sim/sim_device.h"

namespace migsim {

class DmaEngineDevice final : public SimDevice {
 public:
  // Validates `proto.dma_engine()` (errors name `path`'s fields) and builds.
  static absl::StatusOr<std::unique_ptr<SimDevice>> Create(const proto::Device& proto,
                                                           uint32_t index, uint64_t seed,
                                                           const std::string& path);

  std::unique_ptr<SimDevice> Clone() const override;
  absl::string_view model_name() const override { return "dma_engine"; }
  uint64_t Digest() const override;
  void OnStart(World& world) override;
  void OnEvent(World& world, const Event& event) override;
  void OnDmaRequest(World& world, const DmaRequest& request) override;
  void OnDmaDone(World& world, const DmaCompletion& completion) override;
  uint64_t OnBarAccess(World& world, const BarAccess& access) override;

  // Digest of the register file (what MMIO and P2P writes changed).
  uint64_t registers_digest() const { return registers_digest_; }
  uint64_t dmas_done() const { return dmas_done_; }

 private:
  DmaEngineDevice(uint32_t index, uint16_t host, uint64_t bar_size,
                  const proto::DmaEngineParams& params, uint64_t seed);

  proto::DmaEngineParams params_;
  Prng prng_;
  uint64_t registers_digest_ = 0;
  uint64_t dmas_done_ = 0;
};

}  // namespace migsim

#endif  // MIGSIM_MODELS_DMA_ENGINE_DEVICE_H_
