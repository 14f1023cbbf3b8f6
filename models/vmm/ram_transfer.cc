// File: models/vmm/ram_transfer.cc
//
// Guest RAM over the channel and the dirty logs that say what to resend:
// the container's VFIO_IOMMU_DIRTY_PAGES (START / GET_BITMAP per RAM
// mapping, QEMU's "for s in SECTIONS" / STOP), the devices' DMA logging
// (START / REPORT / STOP, QEMU 8.0+ when every device supports it) and the
// hypervisor's CPU dirty log of vCPU stores. Every read costs time in the
// number of dirty pages, not the size of guest RAM: the logs are ordered
// sets (sim/dirty_log.h) read by range.
#include <algorithm>
#include <cerrno>
#include <utility>
#include <vector>

#include "models/vmm/device_driver.h"
#include "models/vmm/migration.h"
#include "models/vmm/vmm_records.h"
#include "sim/check.h"
#include "sim/engine_actions.h"

namespace migsim::vmm {

int Migration::StartDirtyTracking(World& world) {
  Host& h = world.host(source_host_);
  // KVM's dirty log of vCPU stores starts clean ("Clear the DMA log and
  // start DMA logging" for the CPU side too).
  std::vector<uint64_t> discarded;
  h.cpu_dirty.TakeRange(0, h.memory.page_count(), &discarded);
  world.Record(kRecordCpuDirtyRead, source_host_, kNoDevice, 0,
               {0, h.memory.page_count(), discarded.size()}, discarded);
  if (device_logging_) {
    // QEMU's container device_list: most recently attached first.
    for (size_t i = source_.size(); i-- > 0;) {
      const int r = LogStart(world, source_[i], h.memory.size_bytes(), h.memory.page_size());
      if (r != 0) {
        for (size_t j = source_.size(); --j > i;) LogStop(world, source_[j]);
        return r;
      }
    }
    dirty_log_started_ = true;
    return 0;
  }
  const int r = DirtyPagesStart(world, source_host_);
  dirty_tracking_ = r == 0;
  dirty_log_started_ |= r == 0;
  return r;
}

void Migration::StopDirtyTracking(World& world) {
  if (device_logging_) {
    for (size_t i = source_.size(); i-- > 0;) {
      if (source_[i].log_page_size != 0) LogStop(world, source_[i]);  // errors only warned
    }
    return;
  }
  if (!dirty_tracking_) return;
  DirtyPagesStop(world, source_host_);
  dirty_tracking_ = false;
}

uint64_t Migration::SyncDirty(World& world, int* error) {
  MIGSIM_CHECK(error != nullptr);
  *error = 0;
  Host& h = world.host(source_host_);
  const uint64_t page_size = h.memory.page_size();
  const uint64_t page_count = h.memory.page_count();
  absl::btree_set<uint64_t> pages;
  if (device_logging_) {
    for (size_t i = source_.size(); i-- > 0;) {
      if (source_[i].log_page_size == 0) continue;
      std::vector<uint64_t> dirty;
      const int r = LogReport(world, source_[i], h.memory.size_bytes(), page_size, dirty);
      if (r != 0 && *error == 0) *error = r;
      pages.insert(dirty.begin(), dirty.end());
    }
  } else if (dirty_log_started_) {
    // One GET_BITMAP per RAM mapping of the container (the frozen log stays
    // readable after STOP: "allow user-space to read it").
    std::vector<IommuMapping> ram;
    for (const auto& [iova, m] : h.iommu.mappings()) {
      if (m.target.kind == IommuTarget::kRam) ram.push_back(m);
    }
    for (const IommuMapping& m : ram) {
      std::vector<uint64_t> relative;
      const int r = DirtyPagesGetBitmap(world, source_host_, m.iova, m.size, page_size, relative);
      if (r != 0 && *error == 0) *error = r;
      for (uint64_t rel : relative) {
        const uint64_t page = m.target.address / page_size + rel;
        if (page < page_count) pages.insert(page);
      }
    }
  }
  std::vector<uint64_t> cpu;
  h.cpu_dirty.TakeRange(0, page_count, &cpu);
  world.Record(kRecordCpuDirtyRead, source_host_, kNoDevice, 0, {0, page_count, cpu.size()}, cpu);
  pages.insert(cpu.begin(), cpu.end());
  SendPages(world, pages);
  return pages.size();
}

void Migration::SendAllRam(World& world) {
  const uint64_t count = world.host(source_host_).memory.page_count();
  const uint64_t per = MigrationChannel::Find(world)->ram_pages_per_message();
  for (uint64_t first = 0; first < count; first += per) {
    SendRun(world, first, std::min(per, count - first));
  }
}

void Migration::SendPages(World& world, const absl::btree_set<uint64_t>& pages) {
  const uint64_t per = MigrationChannel::Find(world)->ram_pages_per_message();
  uint64_t first = 0;
  uint64_t count = 0;
  for (uint64_t page : pages) {
    if (count != 0 && page == first + count && count < per) {
      ++count;
      continue;
    }
    if (count != 0) SendRun(world, first, count);
    first = page;
    count = 1;
  }
  if (count != 0) SendRun(world, first, count);
}

void Migration::SendRun(World& world, uint64_t first, uint64_t count) {
  const GuestMemory& memory = world.host(source_host_).memory;
  MIGSIM_CHECK(count > 0 && first + count <= memory.page_count())
      << "first=" << first << " count=" << count;
  ChannelMessage m;
  m.migration = number_;
  m.kind = kMessageRam;
  m.first_page = first;
  m.pages.resize(count);
  for (uint64_t i = 0; i < count; ++i) m.pages[i] = memory.page_digest(first + i);
  MigrationChannel::Find(world)->Send(world, std::move(m));
}

void Migration::ApplyRam(World& world, const ChannelMessage& m) {
  GuestMemory& memory = world.host(destination_host_).memory;
  for (size_t i = 0; i < m.pages.size(); ++i) {
    const uint64_t page = m.first_page + i;
    if (page < memory.page_count()) memory.set_page_digest(page, m.pages[i]);
  }
}

}  // namespace migsim::vmm
