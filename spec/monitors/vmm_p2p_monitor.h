// File: spec/monitors/vmm_p2p_monitor.h
//
// VmmP2pMonitor: peer-to-peer DMA around a migration, for the rules
// USER-VM-GRACE-BARRIER, USER-VM-P2P-QUIET and VM-P2P-QUIET
// (spec/rules/vmm_rules.h). While a migration is in progress it judges, on
// the source host and, once the destination committed, on the destination
// host (before that the destination's devices are fresh devices of a VM that
// never ran):
//   - every state change of a paired device that the VMM asked for (a v1
//     device_state write that succeeded, a v2 arc that succeeded; resets are
//     recovery, not judged): a P2P target of its host that stops accepting
//     MMIO while another paired device of the host can initiate P2P DMA, or
//     a device that starts initiating while a P2P target of its host does
//     not accept MMIO, breaks the grace barrier;
//   - every peer-to-peer access (an MMIO record from a peer) that reaches a
//     paired device not accepting MMIO: the VMM's fault when it left the
//     initiator able to initiate P2P DMA (unless the target is in ERROR,
//     which a failed write put it in, not the VMM), else the initiator's.
#ifndef MIGSIM_SPEC_MONITORS_VMM_P2P_MONITOR_H_
#define MIGSIM_SPEC_MONITORS_VMM_P2P_MONITOR_H_

#include <cstdint>
#include <vector>

#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/monitors/vmm_view.h"

namespace migsim {

class VmmP2pMonitor final : public Monitor {
 public:
  explicit VmmP2pMonitor(const proto::Scenario& scenario);

  absl::string_view name() const override { return "vmm_p2p"; }
  void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                ViolationSink& sink) override;

 private:
  // Judges `device`'s change from the predicates it had before.
  void CheckChange(uint32_t device, bool accepted_before, bool initiated_before,
                   const TraceRecord& r, ViolationSink& sink);
  void CheckPeerAccess(const TraceRecord& r, ViolationSink& sink);

  vmm_oracle::VmmView view_;
  // v1 device_state writes in progress: the predicates when they began.
  std::vector<int8_t> v1_before_;  // per device: -1 none, else bit0 accepted, bit1 initiated
};

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITORS_VMM_P2P_MONITOR_H_
