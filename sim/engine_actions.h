// File: sim/engine_actions.h
//
// ApplyEngineAction: executes one engine-level scenario action (kinds 1..99:
// time, IOMMU map/unmap, dirty tracking, device DMA requests, vCPU run/stop,
// guest stores and MMIO) against a World, recording every effect.
#ifndef MIGSIM_SIM_ENGINE_ACTIONS_H_
#define MIGSIM_SIM_ENGINE_ACTIONS_H_

#include <cstdint>
#include <vector>

#include "protos/scenario.pb.h"
#include "sim/world.h"

namespace migsim {

// Executes `action`. Returns false when the run hit a bound (liveness).
// REQUIRES: IsEngineAction(action) and the action passed ValidateEngineAction.
bool ApplyEngineAction(World& world, const proto::Action& action);

// VFIO_IOMMU_DIRTY_PAGES on `host`'s container, as the engine's actions and
// the VMM flows (models/vmm/) issue it, each recording its engine record:
// START and STOP (kRecordDirtyStart / kRecordDirtyStop), and GET_BITMAP of
// [iova, iova + size) at `pgsize` (kRecordDirtyGetBitmap), which appends the
// dirty pages (relative to iova) to `pages`. Return 0 or -errno.
int DirtyPagesStart(World& world, uint16_t host);
int DirtyPagesStop(World& world, uint16_t host);
int DirtyPagesGetBitmap(World& world, uint16_t host, uint64_t iova, uint64_t size, uint64_t pgsize,
                        std::vector<uint64_t>& pages);

// VFIO_IOMMU_MAP_DMA on `host`'s container, checking that the target exists
// (-EFAULT otherwise, as the kernel answers for an unbacked address), then
// recording kRecordIommuMap. Returns 0 or -errno.
int MapDma(World& world, uint16_t host, const IommuMapping& mapping);

}  // namespace migsim

#endif  // MIGSIM_SIM_ENGINE_ACTIONS_H_
