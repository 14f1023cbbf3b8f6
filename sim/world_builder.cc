// File: sim/world_builder.cc
#include "sim/world_builder.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "sim/check.h"
#include "sim/limits.h"
#include "sim/scenario_validation.h"

namespace migsim {
namespace {

WorldBounds BoundsOf(const proto::Scenario& sc) {
  WorldBounds b;
  b.events_max = sc.bounds().events_max() != 0 ? sc.bounds().events_max() : kEventsMaxDefault;
  b.time_ns_max = sc.bounds().time_ns_max() != 0 ? sc.bounds().time_ns_max() : kTimeNsMaxDefault;
  return b;
}

}  // namespace

absl::StatusOr<World> BuildWorld(const proto::Scenario& sc, DeviceFactory factory) {
  World world(sc.seed(), BoundsOf(sc), kEventQueueCapacity);
  const proto::Topology& t = sc.topology();
  for (int i = 0; i < t.hosts_size(); ++i) {
    const auto& p = t.hosts(i);
    const uint32_t page_size = p.page_size() != 0 ? p.page_size() : kPageSizeDefault;
    Host host{
        .name = p.name().empty() ? absl::StrCat("host", i) : p.name(),
        .memory = GuestMemory(p.guest_pages(), page_size),
        .iommu = Iommu(page_size),
        .cpu_dirty = DirtyLog(),
        .vcpus = std::vector<Vcpu>(p.vcpus()),
        .prng = Prng(world.prng().ForkSeed()),
        .dma_latency_ns = p.dma_latency_ns() != 0 ? p.dma_latency_ns() : kDmaLatencyNsDefault,
        .vcpu_period_ns = p.vcpu_period_ns(),
    };
    if (p.identity_map()) {
      const int r = host.iommu.Map(IommuMapping{0, host.memory.size_bytes(), {}, true});
      MIGSIM_CHECK(r == 0) << "identity map failed: " << r;
    }
    world.AddHost(std::move(host));
  }
  for (int i = 0; i < t.devices_size(); ++i) {
    auto device = factory(t.devices(i), static_cast<uint32_t>(i), world.prng().ForkSeed());
    if (!device.ok()) return device.status();
    world.AddDevice(*std::move(device));
  }
  for (int i = 0; i < t.p2p_windows_size(); ++i) {
    const proto::P2pWindow& w = t.p2p_windows(i);
    const SimDevice& target = world.device(w.target_device());
    IommuMapping m{w.iova(), w.size(), {IommuTarget::kBar, w.bar_offset(), w.target_device()},
                   true};
    const int r = world.host(target.host()).iommu.Map(m);
    if (r != 0) {
      return FieldError(absl::StrCat("topology.p2p_windows[", i, "]"),
                        absl::StrCat("the IOMMU refuses the window (errno ", -r,
                                     "): iova, bar_offset and size must be page aligned and "
                                     "must not overlap another mapping"));
    }
  }
  for (size_t i = 0; i < world.device_count(); ++i) world.device(i).OnStart(world);
  return world;
}

}  // namespace migsim
