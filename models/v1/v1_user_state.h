// File: models/v1/v1_user_state.h
//
// V1UserState: what the user application (the VMM) knows about each v1
// device from its own accesses, as QEMU keeps it in VFIOMigration: the
// device_state it last read or wrote, and the SAVING segment it is
// collecting (data_offset and data_size read, bytes read so far). A segment
// read in full goes to SavedStreams (models/vmm/saved_streams.h), one entry
// per segment, so that pushing it later preserves "the size and order as
// provided during SAVING" (000_fc85d4adbcac4363.txt). A World component
// named "v1_user", added on the first v1 action.
#ifndef MIGSIM_MODELS_V1_V1_USER_STATE_H_
#define MIGSIM_MODELS_V1_V1_USER_STATE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "absl/types/span.h"
#include "sim/sim_component.h"

namespace migsim {
class World;
}  // namespace migsim

namespace migsim::v1 {

class V1UserState final : public SimComponent {
 public:
  static constexpr absl::string_view kName = "v1_user";

  explicit V1UserState(size_t devices) : devices_(devices) {}
  // The component of `world`, added on first use.
  static V1UserState& Of(World& world);

  std::unique_ptr<SimComponent> Clone() const override;
  absl::string_view name() const override { return kName; }
  uint64_t Digest() const override;

  // The device_state the user last saw (read, or written successfully).
  std::optional<uint32_t> known_state(uint32_t device) const { return at(device).state; }
  void SawState(uint32_t device, uint32_t state) { at(device).state = state; }
  void ForgetState(uint32_t device) { at(device).state.reset(); }

  // The user read data_offset / data_size while SAVING: a segment starts.
  void SawDataOffset(uint32_t device, uint64_t data_offset);
  void SawDataSize(uint32_t device, uint64_t data_size);
  // Bytes the user read from the data window at region `offset`. Returns the
  // segment when this read completed it (the caller saves it).
  std::optional<std::vector<uint8_t>> SawWindowBytes(uint32_t device, uint64_t offset,
                                                     absl::Span<const uint8_t> bytes);

 private:
  struct PerDevice {
    std::optional<uint32_t> state;
    bool collecting = false;  // data_offset seen, segment not complete
    uint64_t data_offset = 0;
    uint64_t data_size = 0;
    bool size_known = false;
    std::vector<uint8_t> segment;
    std::vector<uint8_t> seen;  // per byte of the segment: read yet
    uint64_t seen_count = 0;
  };
  PerDevice& at(uint32_t device);
  const PerDevice& at(uint32_t device) const;

  std::vector<PerDevice> devices_;
};

}  // namespace migsim::v1

#endif  // MIGSIM_MODELS_V1_V1_USER_STATE_H_
