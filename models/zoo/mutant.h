// File: models/zoo/mutant.h
//
// Building blocks of the zoo's families (models/zoo/*_mutants.cc), internal
// to models/zoo/: Mutant<Derived, Base>, which gives a subclass of a
// reference model its Clone() and its model_name() (the zoo name, so traces
// and run headers say which model ran), the makers a ZooEntry points to, and
// the per-family entry tables zoo.cc merges into the registry.
#ifndef MIGSIM_MODELS_ZOO_MUTANT_H_
#define MIGSIM_MODELS_ZOO_MUTANT_H_

#include <cstdint>
#include <memory>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "models/device/internal_state.h"
#include "models/zoo/zoo.h"
#include "protos/scenario.pb.h"
#include "sim/limits.h"
#include "sim/sim_device.h"

namespace migsim::zoo::internal {

// Mutant: CRTP base of one mutant class. `Derived` declares
// `static constexpr absl::string_view kName` (its zoo name) and overrides
// the one step of `Base` (V1Device or V2Device) that carries its defect.
// Thread-compatible, copied with the World like every SimDevice.
template <class Derived, class Base>
class Mutant : public Base {
 public:
  using Base::Base;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
  absl::string_view model_name() const override { return Derived::kName; }
};

// Makers for ZooEntry::make_device: construct T as the reference of its
// family is constructed. REQUIRES: the parameters were validated.
template <class T>
std::unique_ptr<SimDevice> MakeV1(const proto::Device& device, uint32_t index) {
  return std::make_unique<T>(device, index);
}
template <class T>
std::unique_ptr<SimDevice> MakeV2(const proto::Device& device, uint32_t index) {
  const uint64_t bar = device.bar_size() != 0 ? device.bar_size() : kBarSizeDefault;
  return std::make_unique<T>(index, static_cast<uint16_t>(device.host()), bar, device.v2());
}

// Sets the register at BAR0 `offset` (< 128, 8-byte aligned) of `state` to
// `value` exactly, as a restore path writing a saved register would;
// InternalState::WriteRegister models a guest's store, which mixes the value
// in. Marks nothing dirty.
inline void SetRegister(InternalState& state, uint64_t offset, uint64_t value) {
  uint8_t chunk[kChunkBytes];
  state.ChunkBytes(0, chunk);
  for (int b = 0; b < 8; ++b) chunk[offset + b] = static_cast<uint8_t>(value >> (8 * b));
  state.LoadChunk(0, chunk);
}

// The entries of each family, in any order (zoo.cc sorts the union by name).
absl::Span<const ZooEntry> RfcMutants();     // models/zoo/rfc_mutants.cc
absl::Span<const ZooEntry> V1Mutants();      // models/zoo/v1_mutants.cc
absl::Span<const ZooEntry> V1NdmaMutants();  // models/zoo/v1ndma_mutants.cc
absl::Span<const ZooEntry> V2FsmMutants();   // models/zoo/v2_fsm_mutants.cc
absl::Span<const ZooEntry> V2DataMutants();  // models/zoo/v2_data_mutants.cc
absl::Span<const ZooEntry> IommuMutants();   // models/zoo/iommu_mutants.cc
absl::Span<const ZooEntry> VmmMutants();     // models/zoo/vmm_mutants.cc

}  // namespace migsim::zoo::internal

#endif  // MIGSIM_MODELS_ZOO_MUTANT_H_
