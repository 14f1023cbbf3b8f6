// File: models/v1/v1_user_state.cc
#include "models/v1/v1_user_state.h"

#include "sim/check.h"
#include "sim/hash.h"
#include "sim/world.h"

namespace migsim::v1 {

V1UserState& V1UserState::Of(World& world) {
  SimComponent* c = world.FindComponent(kName);
  if (c == nullptr) {
    const uint32_t i = world.AddComponent(std::make_unique<V1UserState>(world.device_count()));
    c = &world.component(i);
  }
  return static_cast<V1UserState&>(*c);
}

std::unique_ptr<SimComponent> V1UserState::Clone() const {
  return std::make_unique<V1UserState>(*this);
}

uint64_t V1UserState::Digest() const {
  uint64_t d = devices_.size();
  for (const PerDevice& p : devices_) {
    d = HashCombine(d, p.state ? *p.state + 1 : 0);
    d = HashCombine(d, (p.data_offset << 2) | (p.collecting << 1) | p.size_known);
    d = HashCombine(d, (p.data_size << 20) ^ p.seen_count);
  }
  return d;
}

V1UserState::PerDevice& V1UserState::at(uint32_t device) {
  MIGSIM_CHECK(device < devices_.size()) << "device=" << device;
  return devices_[device];
}

const V1UserState::PerDevice& V1UserState::at(uint32_t device) const {
  MIGSIM_CHECK(device < devices_.size()) << "device=" << device;
  return devices_[device];
}

void V1UserState::SawDataOffset(uint32_t device, uint64_t data_offset) {
  PerDevice& p = at(device);
  if (p.collecting && p.data_offset == data_offset) return;  // re-read: same segment
  p = PerDevice{p.state, true, data_offset, 0, false, {}, {}, 0};
}

void V1UserState::SawDataSize(uint32_t device, uint64_t data_size) {
  PerDevice& p = at(device);
  if (!p.collecting || p.size_known) return;
  p.data_size = data_size;
  p.size_known = true;
  p.segment.assign(data_size, 0);
  p.seen.assign(data_size, 0);
  if (data_size == 0) p.collecting = false;  // nothing to collect
}

std::optional<std::vector<uint8_t>> V1UserState::SawWindowBytes(uint32_t device, uint64_t offset,
                                                                absl::Span<const uint8_t> bytes) {
  PerDevice& p = at(device);
  if (!p.collecting || !p.size_known) return std::nullopt;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const uint64_t at_offset = offset + i;
    if (at_offset < p.data_offset || at_offset - p.data_offset >= p.data_size) continue;
    const uint64_t k = at_offset - p.data_offset;
    p.segment[k] = bytes[i];
    if (!p.seen[k]) {
      p.seen[k] = 1;
      ++p.seen_count;
    }
  }
  if (p.seen_count < p.data_size) return std::nullopt;
  std::vector<uint8_t> segment = std::move(p.segment);
  p = PerDevice{p.state, false, 0, 0, false, {}, {}, 0};
  return segment;
}

}  // namespace migsim::v1
