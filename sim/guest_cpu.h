// File: sim/guest_cpu.h
//
// The guest's vCPUs as the engine sees them: run/stop (the VMM's
// VCPU_RUNNING of 002_e161682a2f26ac74.txt), stores to guest RAM (which the
// hypervisor's CPU dirty log records, not the IOMMU), periodic background
// stores while running, and MMIO loads/stores to a device's BAR. A stopped
// vCPU executes nothing: a store or MMIO through it is recorded with -EBUSY
// and has no effect.
#ifndef MIGSIM_SIM_GUEST_CPU_H_
#define MIGSIM_SIM_GUEST_CPU_H_

#include <cstdint>

namespace migsim {

class World;

// Starts / stops vCPU `vcpu` of `host`. REQUIRES: both exist.
void VcpuRun(World& world, uint16_t host, uint32_t vcpu);
void VcpuStop(World& world, uint16_t host, uint32_t vcpu);

// A vCPU store of `length` bytes with content `pattern` at `gpa`. Returns 0,
// -EBUSY (vCPU stopped) or -EFAULT (outside guest RAM).
int GuestStore(World& world, uint16_t host, uint32_t vcpu, uint64_t gpa, uint64_t length,
               uint64_t pattern);

// A vCPU MMIO access to `device`'s BAR. Returns 0, -EBUSY (vCPU stopped) or
// -EFAULT (outside the BAR); `value` is in/out.
int GuestMmio(World& world, uint32_t device, uint32_t vcpu, uint64_t offset, uint32_t width,
              bool write, uint64_t& value);

// Handles a kEngineEventVcpuTick: one background store, then the next tick.
void VcpuTick(World& world, uint16_t host, uint32_t vcpu, uint32_t epoch);

}  // namespace migsim

#endif  // MIGSIM_SIM_GUEST_CPU_H_
