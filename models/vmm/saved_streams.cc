// File: models/vmm/saved_streams.cc
#include "models/vmm/saved_streams.h"

#include <algorithm>

#include "sim/check.h"
#include "sim/hash.h"
#include "sim/world.h"

namespace migsim {

SavedStreams::SavedStreams(size_t devices) : devices_(devices) {}

SavedStreams& SavedStreams::Of(World& world) {
  SimComponent* c = world.FindComponent(kName);
  MIGSIM_CHECK(c != nullptr) << "no saved_streams component";
  return static_cast<SavedStreams&>(*c);
}

std::unique_ptr<SimComponent> SavedStreams::Clone() const {
  return std::make_unique<SavedStreams>(*this);
}

uint64_t SavedStreams::Digest() const {
  uint64_t d = devices_.size();
  for (const PerDevice& p : devices_) {
    d = HashCombine(d, (uint64_t{p.next_segment} << 32) | p.next_byte);
    for (const auto& s : p.segments) {
      Fnv1a64 fnv;
      for (uint8_t b : s) fnv.AddByte(b);
      d = HashCombine(d, HashCombine(s.size(), fnv.value()));
    }
  }
  return d;
}

SavedStreams::PerDevice& SavedStreams::at(uint32_t device) {
  MIGSIM_CHECK(device < devices_.size()) << "device=" << device;
  return devices_[device];
}

const SavedStreams::PerDevice& SavedStreams::at(uint32_t device) const {
  MIGSIM_CHECK(device < devices_.size()) << "device=" << device;
  return devices_[device];
}

void SavedStreams::Append(uint32_t device, std::vector<uint8_t> segment) {
  at(device).segments.push_back(std::move(segment));
}

void SavedStreams::Reset(uint32_t device) { at(device) = PerDevice{}; }

const std::vector<std::vector<uint8_t>>& SavedStreams::segments(uint32_t device) const {
  return at(device).segments;
}

size_t SavedStreams::remaining_segments(uint32_t device) const {
  const PerDevice& p = at(device);
  return p.segments.size() - p.next_segment;
}

uint64_t SavedStreams::remaining_bytes(uint32_t device) const {
  const PerDevice& p = at(device);
  uint64_t n = 0;
  for (size_t i = p.next_segment; i < p.segments.size(); ++i) n += p.segments[i].size();
  return n - p.next_byte;
}

std::vector<uint8_t> SavedStreams::TakeSegment(uint32_t device) {
  PerDevice& p = at(device);
  MIGSIM_CHECK(p.next_segment < p.segments.size());
  const auto& s = p.segments[p.next_segment];
  std::vector<uint8_t> out(s.begin() + p.next_byte, s.end());
  ++p.next_segment;
  p.next_byte = 0;
  return out;
}

std::vector<uint8_t> SavedStreams::TakeBytes(uint32_t device, uint64_t n) {
  PerDevice& p = at(device);
  std::vector<uint8_t> out;
  while (out.size() < n && p.next_segment < p.segments.size()) {
    const auto& s = p.segments[p.next_segment];
    const size_t take = std::min<uint64_t>(s.size() - p.next_byte, n - out.size());
    out.insert(out.end(), s.begin() + p.next_byte, s.begin() + p.next_byte + take);
    p.next_byte += take;
    if (p.next_byte == s.size()) {
      ++p.next_segment;
      p.next_byte = 0;
    }
  }
  return out;
}

}  // namespace migsim
