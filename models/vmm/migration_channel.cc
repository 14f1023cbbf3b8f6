// File: models/vmm/migration_channel.cc
#include "models/vmm/migration_channel.h"

#include <algorithm>
#include <utility>

#include "models/vmm/migration.h"
#include "models/vmm/vmm_records.h"
#include "sim/check.h"
#include "sim/hash.h"

namespace migsim::vmm {
namespace {

// A channel message's size on the wire, bytes: its payload plus a header.
constexpr uint64_t kHeaderBytes = 16;

uint64_t WireBytes(const ChannelMessage& m, uint32_t page_size) {
  return kHeaderBytes + m.pages.size() * page_size + m.bytes.size();
}

bool Matches(proto::ChannelMessageKind want, uint64_t kind) {
  switch (want) {
    case proto::RAM_MESSAGE:
      return kind == kMessageRam;
    case proto::DEVICE_MESSAGE:
      return kind == kMessageDevice;
    default:
      return true;
  }
}

// What one fault does to a message's content (DROP, REORDER and DELAY change
// when it arrives, not what).
void Damage(proto::ChannelFault fault, ChannelMessage& m) {
  if (fault == proto::CORRUPT) {
    if (!m.pages.empty()) m.pages[m.pages.size() / 2] ^= 0x00ff00ff00ff00ffull;
    if (!m.bytes.empty()) m.bytes[m.bytes.size() / 2] ^= 0xff;
  } else if (fault == proto::TRUNCATE) {
    m.pages.resize(m.pages.size() / 2);
    m.bytes.resize(m.bytes.size() / 2);
  }
}

}  // namespace

uint64_t ContentDigest(const ChannelMessage& m) {
  if (m.kind == kMessageRam) {
    uint64_t d = kEmptyContentDigest;
    for (size_t i = 0; i < m.pages.size(); ++i) d = FoldPage(d, m.first_page + i, m.pages[i]);
    return d;
  }
  Fnv1a64 fnv;
  for (uint8_t b : m.bytes) fnv.AddByte(b);
  return fnv.value();
}

MigrationChannel::MigrationChannel(const proto::ChannelParams& params, uint16_t source_host,
                                   uint32_t page_size)
    : source_host_(source_host),
      page_size_(page_size),
      latency_ns_(params.latency_ns() != 0 ? params.latency_ns() : kChannelLatencyNsDefault),
      bytes_per_us_(params.bytes_per_us()),
      pages_per_message_(params.ram_pages_per_message() != 0 ? params.ram_pages_per_message()
                                                             : kRamPagesPerMessageDefault) {
  MIGSIM_CHECK(pages_per_message_ <= kRamPagesPerMessageMax) << pages_per_message_;
}

MigrationChannel* MigrationChannel::Find(World& world) {
  return static_cast<MigrationChannel*>(world.FindComponent(kName));
}

std::unique_ptr<SimComponent> MigrationChannel::Clone() const {
  return std::make_unique<MigrationChannel>(*this);
}

uint64_t MigrationChannel::Digest() const {
  uint64_t d = HashCombine(next_seq_, busy_until_);
  d = HashCombine(d, held_ ? *held_ : 0);
  for (const auto& [seq, m] : in_flight_) d = HashCombine(d, HashCombine(seq, ContentDigest(m)));
  for (const ArmedFault& f : armed_) {
    d = HashCombine(d, (uint64_t{static_cast<uint32_t>(f.fault)} << 40) ^
                           (uint64_t{static_cast<uint32_t>(f.kind)} << 32) ^ f.skip);
    d = HashCombine(d, f.delay_ns);
  }
  return d;
}

void MigrationChannel::Arm(World& world, const proto::ArmChannelFault& f) {
  armed_.push_back(ArmedFault{f.channel_fault(), f.message_kind(), f.skip(), f.delay_ns()});
  world.Record(kRecordChannelFaultArmed, source_host_, kNoDevice, 0,
               {static_cast<uint64_t>(f.channel_fault()), static_cast<uint64_t>(f.message_kind()),
                f.skip(), f.delay_ns()});
}

std::optional<MigrationChannel::ArmedFault> MigrationChannel::TakeFault(uint64_t kind) {
  for (auto it = armed_.begin(); it != armed_.end(); ++it) {
    if (!Matches(it->kind, kind)) continue;
    if (it->skip > 0) {
      --it->skip;
      return std::nullopt;  // this message passes; the fault waits for a later one
    }
    const ArmedFault f = *it;
    armed_.erase(it);
    return f;
  }
  return std::nullopt;
}

void MigrationChannel::Schedule(World& world, uint64_t seq, SimTime at) {
  MIGSIM_CHECK(at >= world.now());
  world.Schedule(at - world.now(), ComponentTarget(index_), kEventDeliver, seq, 0);
}

uint64_t MigrationChannel::Send(World& world, ChannelMessage m) {
  m.seq = next_seq_++;
  const uint64_t seq = m.seq;
  const uint64_t xfer_ns = bytes_per_us_ != 0 ? WireBytes(m, page_size_) * 1000 / bytes_per_us_ : 0;
  busy_until_ = std::max(busy_until_, world.now()) + xfer_ns;
  SimTime deliver_at = busy_until_ + latency_ns_;
  const uint64_t where = m.kind == kMessageRam ? m.first_page : m.pair;
  const uint64_t size = m.kind == kMessageRam ? m.pages.size() : m.bytes.size();
  world.Record(kRecordChannelSend, source_host_, kNoDevice, 0,
               {seq, m.kind, where, size, ContentDigest(m), deliver_at});
  const std::optional<uint64_t> held = std::exchange(held_, std::nullopt);
  const std::optional<ArmedFault> fault = TakeFault(m.kind);
  if (fault) {
    world.Record(kRecordChannelFaultFired, source_host_, kNoDevice, 0,
                 {static_cast<uint64_t>(fault->fault), seq, m.kind});
    Damage(fault->fault, m);
    if (fault->fault == proto::DELAY) deliver_at += fault->delay_ns;
  }
  const bool dropped = fault && fault->fault == proto::DROP;
  const bool reordered = fault && fault->fault == proto::REORDER;
  if (!dropped) in_flight_.emplace(seq, std::move(m));
  if (!dropped && !reordered) Schedule(world, seq, deliver_at);
  if (reordered) held_ = seq;
  // A message held back by REORDER goes right after this one.
  if (held) Schedule(world, *held, std::max(deliver_at, world.now() + latency_ns_));
  return seq;
}

void MigrationChannel::OnEvent(World& world, const Event& event) {
  MIGSIM_CHECK(event.type == kEventDeliver) << "type=" << event.type;
  auto it = in_flight_.find(event.a);
  MIGSIM_CHECK(it != in_flight_.end()) << "no message " << event.a << " in flight";
  ChannelMessage m = std::move(it->second);
  in_flight_.erase(it);
  Migration* migration = Migration::Find(world);
  MIGSIM_CHECK(migration != nullptr);
  migration->OnDelivered(world, std::move(m));
}

}  // namespace migsim::vmm
