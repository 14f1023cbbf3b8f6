// File: models/vmm/saved_streams.h
//
// SavedStreams: the user application's copy of each device's migration data,
// as QEMU keeps it in its migration stream: per source device, the segments
// read in order (v1: one per data_size iteration, so RESUMING can preserve
// "the size and order as provided during SAVING"; v2: one per read()), and
// a cursor for pushing them into a resuming device. A World component named
// "saved_streams", added to every World by CreateWorld.
#ifndef MIGSIM_MODELS_VMM_SAVED_STREAMS_H_
#define MIGSIM_MODELS_VMM_SAVED_STREAMS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/sim_component.h"

namespace migsim {

class World;

class SavedStreams final : public SimComponent {
 public:
  static constexpr absl::string_view kName = "saved_streams";

  explicit SavedStreams(size_t devices);
  // The component of `world`. REQUIRES: CreateWorld added it.
  static SavedStreams& Of(World& world);

  std::unique_ptr<SimComponent> Clone() const override;
  absl::string_view name() const override { return kName; }
  uint64_t Digest() const override;

  // Appends one segment saved from `device`.
  void Append(uint32_t device, std::vector<uint8_t> segment);
  // Forgets everything saved from `device` (a new SAVING session).
  void Reset(uint32_t device);

  const std::vector<std::vector<uint8_t>>& segments(uint32_t device) const;
  // Segments not yet pushed.
  size_t remaining_segments(uint32_t device) const;
  uint64_t remaining_bytes(uint32_t device) const;
  // The next whole segment to push (and advances past it). REQUIRES: one remains.
  std::vector<uint8_t> TakeSegment(uint32_t device);
  // The next up to `n` bytes, across segment boundaries (v2 pushes bytes).
  std::vector<uint8_t> TakeBytes(uint32_t device, uint64_t n);

 private:
  struct PerDevice {
    std::vector<std::vector<uint8_t>> segments;
    size_t next_segment = 0;
    size_t next_byte = 0;  // within segments[next_segment]
  };
  PerDevice& at(uint32_t device);
  const PerDevice& at(uint32_t device) const;

  std::vector<PerDevice> devices_;
};

}  // namespace migsim

#endif  // MIGSIM_MODELS_VMM_SAVED_STREAMS_H_
