// File: models/vmm/migration_channel.h
//
// MigrationChannel: the migration stream between the source and the
// destination host (QEMU's migration QEMUFile over a socket) as a World
// component named "vmm_channel". The source hands it messages (guest RAM
// pages, device stream segments, the end-of-stream marker); each is recorded
// (CHANNEL_SEND, models/vmm/vmm_records.h) and delivered, in order, after
// the channel's latency and serialisation time, to the destination side of
// the Migration component, which records CHANNEL_RECEIVE.
//
// May inject: the faults a scenario arms (ArmChannelFault, protos/vmm.proto):
// DROP, CORRUPT, TRUNCATE, REORDER, DELAY of one message each, recorded when
// armed and when they fire. Promises never to: change, lose or reorder a
// message no armed fault names.
#ifndef MIGSIM_MODELS_VMM_MIGRATION_CHANNEL_H_
#define MIGSIM_MODELS_VMM_MIGRATION_CHANNEL_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "protos/vmm.pb.h"
#include "sim/sim_component.h"
#include "sim/world.h"

namespace migsim::vmm {

// ChannelMessage: one message on the channel. Plain value.
struct ChannelMessage {
  uint64_t seq = 0;             // set by Send
  uint64_t migration = 0;       // the migration it belongs to
  uint64_t kind = 0;            // MessageKind
  uint64_t first_page = 0;      // RAM: page of pages[0]
  std::vector<uint64_t> pages;  // RAM: page digests of first_page, first_page + 1, ...
  uint32_t pair = 0;            // device: index into topology.migration.pairs
  std::vector<uint8_t> bytes;   // device: the segment
};

// The digest CHANNEL_SEND / CHANNEL_RECEIVE carry for `message`'s content.
uint64_t ContentDigest(const ChannelMessage& message);

inline constexpr uint64_t kChannelLatencyNsDefault = 2000;
inline constexpr uint32_t kRamPagesPerMessageDefault = 256;
inline constexpr uint32_t kRamPagesPerMessageMax = 4096;

class MigrationChannel final : public SimComponent {
 public:
  static constexpr absl::string_view kName = "vmm_channel";
  static constexpr uint32_t kEventDeliver = 1;  // a = sequence number

  // Messages are sent from `source_host`; RAM messages carry pages of
  // `page_size` bytes (for the serialisation time).
  MigrationChannel(const proto::ChannelParams& params, uint16_t source_host, uint32_t page_size);
  // The channel of `world`, or nullptr when the topology has no migration.
  static MigrationChannel* Find(World& world);

  // The component's index in the World (its events' target). Set once.
  void set_index(uint32_t index) { index_ = index; }

  std::unique_ptr<SimComponent> Clone() const override;
  absl::string_view name() const override { return kName; }
  uint64_t Digest() const override;
  void OnEvent(World& world, const Event& event) override;

  // Sends `message` (its seq is assigned): records CHANNEL_SEND, applies the
  // first armed fault that matches, and schedules the delivery. Returns seq.
  uint64_t Send(World& world, ChannelMessage message);
  // Arms a fault (records CHANNEL_FAULT_ARMED).
  void Arm(World& world, const proto::ArmChannelFault& fault);

  uint32_t ram_pages_per_message() const { return pages_per_message_; }
  size_t in_flight() const { return in_flight_.size(); }

 private:
  struct ArmedFault {
    proto::ChannelFault fault;
    proto::ChannelMessageKind kind;
    uint32_t skip;
    uint64_t delay_ns;
  };
  // The fault that hits a message of `kind` now, if any (consumes it).
  std::optional<ArmedFault> TakeFault(uint64_t kind);
  void Schedule(World& world, uint64_t seq, SimTime at);

  uint16_t source_host_;
  uint32_t page_size_;
  uint64_t latency_ns_;
  uint64_t bytes_per_us_;
  uint32_t pages_per_message_;
  uint32_t index_ = 0;
  uint64_t next_seq_ = 1;
  SimTime busy_until_ = 0;
  std::map<uint64_t, ChannelMessage> in_flight_;  // by seq
  std::vector<ArmedFault> armed_;
  std::optional<uint64_t> held_;  // REORDER: goes right after the next message
};

}  // namespace migsim::vmm

#endif  // MIGSIM_MODELS_VMM_MIGRATION_CHANNEL_H_
