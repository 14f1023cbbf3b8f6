// File: models/v1/v1_flows.h
//
// The convenience actions a v1 user wants, each expanding into the raw
// region accesses QEMU makes (reference: hw/vfio/migration.c of QEMU 6.2, as
// summarised in ../shared/reference/qemu-flows.md section 1), so that the
// trace shows every access and the oracle judges them one by one. Every flow
// stops at the first access that fails and returns its -errno.
#ifndef MIGSIM_MODELS_V1_V1_FLOWS_H_
#define MIGSIM_MODELS_V1_V1_FLOWS_H_

#include <cstdint>

#include "sim/world.h"

namespace migsim::v1 {

// vfio_migration_set_state(mask, value): read device_state, write
// (old & mask) | value; after a failed write, read device_state again (as
// QEMU does to learn whether the device is in ERROR).
int SetState(World& world, uint32_t device, uint32_t mask, uint32_t value);

// One SAVING iteration, steps a) to e) of 000: read pending_bytes; if it is
// non-zero read data_offset, data_size, the segment (mmap when the region
// offers it, else QEMU's 8/4/2/1 split) and pending_bytes again.
// `pending_after` receives the last pending_bytes read.
int SaveIteration(World& world, uint32_t device, uint64_t& pending_after);

// Iterates until pending_bytes reads 0, a segment is empty, or
// `iterations_max` segments were read (QEMU's vfio_save_complete_precopy
// loop).
int DrainToEnd(World& world, uint32_t device, uint32_t iterations_max);

// Pushes up to `segments_max` (0 = all) of `source`'s saved segments into
// `target`, RESUMING steps a) to c) per segment: read data_offset, write the
// segment at it, write data_size (QEMU's vfio_load_buffer; a segment larger
// than the data section goes in parts, as QEMU does).
int PushStream(World& world, uint32_t source, uint32_t target, uint32_t segments_max);

// The RFC's dirty bitmap query (003 steps a) to e)): write start_pfn,
// page_size and total_pfns, then read copied_pfns, data_offset and the
// bitmap until NONE, ALL or every pfn is covered.
int DirtyPfns(World& world, uint32_t device, uint64_t start_pfn, uint64_t page_size,
              uint64_t total_pfns);

}  // namespace migsim::v1

#endif  // MIGSIM_MODELS_V1_V1_FLOWS_H_
