// File: models/vmm/flow_naive_skip_grace.cc
//
// A deliberately naive flow: the reference flow without its P2P grace step.
// Each device leaves RUNNING in turn while its peers, not yet quiesced, can
// still send peer-to-peer DMA into it. 002_e161682a2f26ac74.txt warns about
// exactly this: "The VMM must bring all devices to the grace state before
// advancing past it." and "Failure to guarantee quiet MMIO may allow a
// hostile VM to use P2P to violate the no-MMIO restriction during SAVING or
// RESUMING". Expected: USER-VM-GRACE-BARRIER when the first P2P target
// stops, and USER-VM-P2P-QUIET for every peer-to-peer access that lands in a
// stopped device.
#include "models/vmm/flow_registry.h"

namespace migsim::vmm {

FlowDefinition NaiveSkipGraceFlow() {
  FlowDefinition flow = WithoutStep(ReferenceFlow(), FlowOp::kEnterGrace);
  // Without grace states no order is safe; stop in plain realize order.
  flow.program[FindStep(flow, FlowOp::kStopVm)].order = DeviceOrder::kRealize;
  return flow;
}

}  // namespace migsim::vmm
