// File: sim/world.cc
#include "sim/world.h"

#include <utility>

#include "sim/check.h"
#include "sim/hash.h"

namespace migsim {

World::World(uint64_t seed, WorldBounds bounds, size_t event_capacity)
    : prng_(seed), queue_(event_capacity), bounds_(bounds) {
  MIGSIM_CHECK(bounds.events_max > 0);
  MIGSIM_CHECK(bounds.time_ns_max > 0);
}

World::World(const World& other)
    : now_(other.now_),
      prng_(other.prng_),
      queue_(other.queue_),
      trace_(other.trace_),
      hosts_(other.hosts_),
      fabric_(other.fabric_),
      bounds_(other.bounds_),
      action_index_(other.action_index_),
      events_run_(other.events_run_),
      liveness_failure_(other.liveness_failure_) {
  devices_.reserve(other.devices_.size());
  for (const auto& d : other.devices_) devices_.push_back(d->Clone());
  components_.reserve(other.components_.size());
  for (const auto& c : other.components_) components_.push_back(c->Clone());
}

World& World::operator=(const World& other) {
  if (this != &other) {
    World copy(other);
    *this = std::move(copy);
  }
  return *this;
}

Host& World::host(size_t i) {
  MIGSIM_CHECK(i < hosts_.size()) << "host=" << i;
  return hosts_[i];
}

SimDevice& World::device(size_t i) {
  MIGSIM_CHECK(i < devices_.size()) << "device=" << i;
  return *devices_[i];
}

const SimDevice& World::device(size_t i) const {
  MIGSIM_CHECK(i < devices_.size()) << "device=" << i;
  return *devices_[i];
}

void World::AddDevice(std::unique_ptr<SimDevice> device) {
  MIGSIM_CHECK(device != nullptr);
  MIGSIM_CHECK(device->index() == devices_.size()) << "index=" << device->index();
  MIGSIM_CHECK(device->host() < hosts_.size()) << "host=" << device->host();
  devices_.push_back(std::move(device));
}

uint32_t World::AddComponent(std::unique_ptr<SimComponent> component) {
  MIGSIM_CHECK(component != nullptr);
  MIGSIM_CHECK(FindComponent(component->name()) == nullptr) << "duplicate " << component->name();
  components_.push_back(std::move(component));
  return static_cast<uint32_t>(components_.size() - 1);
}

SimComponent& World::component(size_t i) {
  MIGSIM_CHECK(i < components_.size()) << "component=" << i;
  return *components_[i];
}

SimComponent* World::FindComponent(absl::string_view name) {
  for (auto& c : components_) {
    if (c->name() == name) return c.get();
  }
  return nullptr;
}

uint64_t World::Record(uint16_t kind, uint16_t host, uint32_t device, int32_t result,
                       std::initializer_list<uint64_t> args,
                       absl::Span<const uint64_t> payload) {
  MIGSIM_CHECK(args.size() <= 6) << "kind=" << kind;
  TraceRecord r;
  r.time_ns = now_;
  r.kind = kind;
  r.host = host;
  r.device = device;
  r.action_index = action_index_;
  r.result = result;
  size_t i = 0;
  for (uint64_t a : args) r.arg[i++] = a;
  return trace_.Append(r, payload);
}

void World::Schedule(SimTime delay_ns, uint32_t target, uint32_t type, uint64_t a, uint64_t b) {
  MIGSIM_CHECK(now_ + delay_ns >= now_) << "delay overflows: " << delay_ns;
  bool ok = false;
  queue_.Push(now_ + delay_ns, target, type, a, b, ok);
  if (!ok) FailLiveness("pending: event queue full (capacity " +
                        std::to_string(queue_.capacity()) + ")");
}

void World::set_now(SimTime time_ns) {
  MIGSIM_CHECK(time_ns >= now_) << "time_ns=" << time_ns << " now=" << now_;
  now_ = time_ns;
}

void World::FailLiveness(std::string reason) {
  if (liveness_failure_.empty()) liveness_failure_ = std::move(reason);
}

uint64_t World::Digest() const {
  uint64_t d = HashCombine(now_, prng_.Digest());
  d = HashCombine(d, queue_.Digest());
  d = HashCombine(d, trace_.hash());
  d = HashCombine(d, fabric_.Digest());
  for (const Host& h : hosts_) {
    d = HashCombine(d, h.memory.Digest());
    d = HashCombine(d, h.iommu.Digest());
    d = HashCombine(d, h.cpu_dirty.Digest());
    d = HashCombine(d, h.prng.Digest());
    for (const Vcpu& v : h.vcpus) d = HashCombine(d, (v.epoch << 1) | v.running);
  }
  for (const auto& dev : devices_) d = HashCombine(d, dev->Digest());
  for (const auto& c : components_) d = HashCombine(d, c->Digest());
  return d;
}

}  // namespace migsim
