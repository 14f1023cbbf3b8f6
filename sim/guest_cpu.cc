// File: sim/guest_cpu.cc
#include "sim/guest_cpu.h"

#include <cerrno>

#include "sim/check.h"
#include "sim/dma_fabric.h"
#include "sim/world.h"

namespace migsim {
namespace {

Vcpu& GetVcpu(World& world, uint16_t host, uint32_t vcpu) {
  Host& h = world.host(host);
  MIGSIM_CHECK(vcpu < h.vcpus.size()) << "vcpu=" << vcpu;
  return h.vcpus[vcpu];
}

void ScheduleTick(World& world, uint16_t host, uint32_t vcpu) {
  const Host& h = world.host(host);
  if (h.vcpu_period_ns == 0) return;
  const Vcpu& v = h.vcpus[vcpu];
  world.Schedule(h.vcpu_period_ns, kEngineTarget, kEngineEventVcpuTick, host,
                 (uint64_t{vcpu} << 32) | static_cast<uint32_t>(v.epoch));
}

}  // namespace

void VcpuRun(World& world, uint16_t host, uint32_t vcpu) {
  Vcpu& v = GetVcpu(world, host, vcpu);
  const bool was_running = v.running;
  v.running = true;
  if (!was_running) {
    ++v.epoch;
    ScheduleTick(world, host, vcpu);
  }
  world.Record(kRecordVcpuRun, host, kNoDevice, 0, {vcpu});
}

void VcpuStop(World& world, uint16_t host, uint32_t vcpu) {
  Vcpu& v = GetVcpu(world, host, vcpu);
  if (v.running) ++v.epoch;
  v.running = false;
  world.Record(kRecordVcpuStop, host, kNoDevice, 0, {vcpu});
}

int GuestStore(World& world, uint16_t host, uint32_t vcpu, uint64_t gpa, uint64_t length,
               uint64_t pattern) {
  Host& h = world.host(host);
  const Vcpu& v = GetVcpu(world, host, vcpu);
  int result = 0;
  if (!v.running) {
    result = -EBUSY;
  } else if (!h.memory.Contains(gpa, length)) {
    result = -EFAULT;
  } else {
    h.memory.Write(gpa, length, pattern);
    const uint64_t page_size = h.memory.page_size();
    for (uint64_t p = gpa / page_size; p <= (gpa + length - 1) / page_size; ++p) {
      h.cpu_dirty.Mark(p);
    }
  }
  world.Record(kRecordGuestWrite, host, kNoDevice, result, {vcpu, gpa, length, pattern});
  return result;
}

int GuestMmio(World& world, uint32_t device, uint32_t vcpu, uint64_t offset, uint32_t width,
              bool write, uint64_t& value) {
  SimDevice& dev = world.device(device);
  const Vcpu& v = GetVcpu(world, dev.host(), vcpu);
  const uint64_t flags = write ? kMmioFlagWrite : 0;
  int refused = 0;
  if (!v.running) {
    refused = -EBUSY;
  } else if (offset >= dev.bar_size() || width > dev.bar_size() - offset) {
    refused = -EFAULT;
  }
  if (refused != 0) {
    world.Record(kRecordMmio, dev.host(), device, refused, {offset, width, flags, value, vcpu});
    return refused;
  }
  // The record precedes the device's reaction so effects follow their cause.
  world.Record(kRecordMmio, dev.host(), device, 0, {offset, width, flags, value, vcpu});
  const uint64_t read = dev.OnBarAccess(world, BarAccess{write, false, vcpu, offset, width, value});
  if (!write) value = read;
  return 0;
}

void VcpuTick(World& world, uint16_t host, uint32_t vcpu, uint32_t epoch) {
  Host& h = world.host(host);
  MIGSIM_CHECK(vcpu < h.vcpus.size());
  const Vcpu& v = h.vcpus[vcpu];
  if (!v.running || static_cast<uint32_t>(v.epoch) != epoch) return;  // stale tick
  const uint64_t page = h.prng.UniformBelow(h.memory.page_count());
  const uint64_t pattern = h.prng();
  GuestStore(world, host, vcpu, page * h.memory.page_size(), 8, pattern);
  ScheduleTick(world, host, vcpu);
}

}  // namespace migsim

