// File: models/vmm/flow_naive_resume_no_barrier.cc
//
// A deliberately naive flow: the reference flow whose destination hands
// each device over on its own, running it as soon as it is loaded, in the
// order the source stopped them (last device first), without the P2P grace
// state as a cross-device barrier. 002_e161682a2f26ac74.txt: "The Peer to
// Peer Grace States exist so that all devices may reach RUNNING before any
// device is subjected to a MMIO access." Expected: USER-VM-GRACE-BARRIER
// when a device that may initiate P2P DMA runs while a P2P target is still
// RESUMING, and USER-VM-P2P-QUIET for every access that reaches it there.
#include "models/vmm/flow_registry.h"

namespace migsim::vmm {

FlowDefinition NaiveResumeNoBarrierFlow() {
  FlowDefinition flow = WithoutStep(ReferenceFlow(), FlowOp::kResumeGrace);
  FlowStep& run = flow.program[FindStep(flow, FlowOp::kResumeRun)];
  run.order = DeviceOrder::kReverse;
  return flow;
}

}  // namespace migsim::vmm
