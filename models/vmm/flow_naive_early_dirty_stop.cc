// File: models/vmm/flow_naive_early_dirty_stop.cc
//
// A deliberately naive flow: the reference flow that clears DIRTY_TRACKING
// as soon as pre-copy ends, while the devices can still DMA, instead of once
// "all DMA is suspended". 002_e161682a2f26ac74.txt: "If user-space is going
// to have any use of the dirty log it must ensure that all DMA is suspended
// before clearing DIRTY_TRACKING, for instance by using NDMA or !RUNNING on
// all VFIO devices." Expected: USER-VM-DIRTY-STOP-QUIESCED at the STOP, and
// USER-VM-RAM-MATCHES for every page a device wrote after it (its write is
// in no log, so its final copy is never sent: a lost dirty page).
#include "models/vmm/flow_registry.h"

namespace migsim::vmm {

FlowDefinition NaiveEarlyDirtyStopFlow() {
  return MoveStepBefore(ReferenceFlow(), FlowOp::kDirtyStop, FlowOp::kEnterGrace);
}

}  // namespace migsim::vmm
