// File: sim/engine_actions.cc
#include "sim/engine_actions.h"

#include <cerrno>
#include <vector>

#include "sim/check.h"
#include "sim/event_loop.h"
#include "sim/guest_cpu.h"
#include "sim/scenario_validation.h"

namespace migsim {
namespace {

bool TargetExists(World& world, const IommuMapping& m) {
  if (m.target.kind == IommuTarget::kBar) {
    if (m.target.device >= world.device_count()) return false;
    const uint64_t bar = world.device(m.target.device).bar_size();
    return m.target.address < bar && m.size <= bar - m.target.address;
  }
  return false;  // RAM targets are checked by the caller, which knows the host.
}

void Unmap(World& world, const proto::UnmapDma& u) {
  uint64_t unmapped = 0;
  const auto host = static_cast<uint16_t>(u.host());
  const int r = world.host(host).iommu.Unmap(u.iova(), u.size(), unmapped);
  world.Record(kRecordIommuUnmap, host, kNoDevice, r, {u.iova(), u.size(), unmapped});
}

void GetBitmap(World& world, const proto::DirtyPagesGetBitmap& g) {
  const auto host = static_cast<uint16_t>(g.host());
  const uint64_t pgsize = g.pgsize() != 0 ? g.pgsize() : world.host(host).iommu.page_size();
  std::vector<uint64_t> pages;
  DirtyPagesGetBitmap(world, host, g.iova(), g.size(), pgsize, pages);
}

IommuMapping MappingOf(const proto::MapDma& m) {
  IommuMapping mapping;
  mapping.iova = m.iova();
  mapping.size = m.size();
  mapping.writable = !m.readonly();
  if (m.has_bar()) {
    mapping.target = {IommuTarget::kBar, m.bar().offset(), m.bar().device()};
  } else {
    mapping.target = {IommuTarget::kRam, m.gpa(), 0};
  }
  return mapping;
}

}  // namespace

int DirtyPagesStart(World& world, uint16_t host) {
  const int r = world.host(host).iommu.DirtyStart();
  world.Record(kRecordDirtyStart, host, kNoDevice, r, {});
  return r;
}

int DirtyPagesStop(World& world, uint16_t host) {
  const int r = world.host(host).iommu.DirtyStop();
  world.Record(kRecordDirtyStop, host, kNoDevice, r, {});
  return r;
}

int DirtyPagesGetBitmap(World& world, uint16_t host, uint64_t iova, uint64_t size, uint64_t pgsize,
                        std::vector<uint64_t>& pages) {
  std::vector<uint64_t> found;
  const int r = world.host(host).iommu.DirtyGetBitmap(iova, size, pgsize, found);
  world.Record(kRecordDirtyGetBitmap, host, kNoDevice, r, {iova, size, pgsize, found.size()},
               found);
  pages.insert(pages.end(), found.begin(), found.end());
  return r;
}

int MapDma(World& world, uint16_t host, const IommuMapping& m) {
  Host& h = world.host(host);
  int r = 0;
  const bool ram = m.target.kind == IommuTarget::kRam;
  if (ram ? (m.size != 0 && !h.memory.Contains(m.target.address, m.size))
          : (m.size != 0 && !TargetExists(world, m))) {
    r = -EFAULT;
  } else {
    r = h.iommu.Map(m);
  }
  world.Record(kRecordIommuMap, host, kNoDevice, r,
               {m.iova, m.size, m.target.kind, m.target.address, m.target.device, m.writable});
  return r;
}

bool ApplyEngineAction(World& world, const proto::Action& a) {
  MIGSIM_CHECK(IsEngineAction(a)) << "kind=" << a.kind_case();
  switch (a.kind_case()) {
    case proto::Action::kAdvanceTime:
      world.Record(kRecordTimeAdvance, 0, kNoDevice, 0,
                   {a.advance_time().ns(), world.now() + a.advance_time().ns()});
      return RunFor(world, a.advance_time().ns());
    case proto::Action::kMapDma:
      MapDma(world, static_cast<uint16_t>(a.map_dma().host()), MappingOf(a.map_dma()));
      break;
    case proto::Action::kUnmapDma:
      Unmap(world, a.unmap_dma());
      break;
    case proto::Action::kDirtyStart:
      DirtyPagesStart(world, static_cast<uint16_t>(a.dirty_start().host()));
      break;
    case proto::Action::kDirtyStop:
      DirtyPagesStop(world, static_cast<uint16_t>(a.dirty_stop().host()));
      break;
    case proto::Action::kDirtyGetBitmap:
      GetBitmap(world, a.dirty_get_bitmap());
      break;
    case proto::Action::kDeviceDma: {
      const auto& d = a.device_dma();
      world.device(d.device())
          .OnDmaRequest(world, DmaRequest{d.iova(), d.length(), d.write(), d.pattern(), 0});
      break;
    }
    case proto::Action::kGuestMmio: {
      const auto& m = a.guest_mmio();
      uint64_t value = m.value();
      GuestMmio(world, m.device(), m.vcpu(), m.offset(), m.width(), m.write(), value);
      break;
    }
    case proto::Action::kVcpuRun:
      VcpuRun(world, static_cast<uint16_t>(a.vcpu_run().host()), a.vcpu_run().vcpu());
      break;
    case proto::Action::kVcpuStop:
      VcpuStop(world, static_cast<uint16_t>(a.vcpu_stop().host()), a.vcpu_stop().vcpu());
      break;
    case proto::Action::kGuestWrite: {
      const auto& w = a.guest_write();
      GuestStore(world, static_cast<uint16_t>(w.host()), w.vcpu(), w.gpa(), w.length(),
                 w.pattern());
      break;
    }
    default:
      MIGSIM_CHECK(false) << "unhandled engine action " << a.kind_case();
  }
  return world.liveness_failure().empty();
}

}  // namespace migsim
