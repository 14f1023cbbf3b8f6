// File: spec/monitors/vmm_view.h
//
// VmmView: what a whole-VM monitor knows of the migration, from the
// scenario's static topology (Topology.migration, the devices' kinds and
// capabilities, the P2P windows) and from the trace alone: each paired
// device's device_state (v1 V1_STATE_CHANGE, v2 V2_ARC, reset, open,
// close), which devices are P2P targets on their host (the windows and
// IOMMU maps to a BAR), which vCPUs run, and the migration in progress
// (VMM_MIGRATION_START .. VMM_MIGRATION_END, and whether it is recovering).
// Every whole-VM monitor keeps its own VmmView, so no monitor depends on
// another's state or on a model's internals.
#ifndef MIGSIM_SPEC_MONITORS_VMM_VIEW_H_
#define MIGSIM_SPEC_MONITORS_VMM_VIEW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "protos/scenario.pb.h"
#include "sim/trace.h"

namespace migsim::vmm_oracle {

// Per device: what its migration interface says and what state it is in.
struct DeviceView {
  bool paired = false;       // in a pair of topology.migration
  bool destination = false;  // the pair's destination side
  uint32_t pair = 0;
  bool v2 = false;  // V2_DEVICE (else V1_DEVICE)
  uint32_t host = 0;
  uint32_t state = 0;  // v1 device_state bits / v2 state
  bool open = true;
};

class VmmView {
 public:
  explicit VmmView(const proto::Scenario& scenario);

  // Follows one record (call after judging it).
  void Apply(const TraceRecord& record);

  bool has_migration() const { return has_migration_; }
  uint16_t source_host() const { return source_host_; }
  uint16_t destination_host() const { return destination_host_; }
  size_t pairs() const { return pair_source_.size(); }
  uint32_t pair_source(size_t pair) const { return pair_source_[pair]; }
  uint32_t pair_destination(size_t pair) const { return pair_destination_[pair]; }

  // A migration is between its start and its end (recovery included).
  bool in_migration() const { return in_migration_; }
  // The migration in progress has entered its recovery phase.
  bool recovering() const { return recovering_; }
  // The destination of the migration in progress has committed (VMM_COMMIT):
  // its devices are being resumed. Before that the destination VM has never
  // run: its devices are "a fresh device" (002_e161682a2f26ac74.txt's resume
  // flow), outside the grace protocol.
  bool destination_committed() const { return committed_; }
  // True when `host`'s paired devices are inside the migration's protocol
  // now: the source host during the whole migration, the destination host
  // once it committed.
  bool InProtocol(uint16_t host) const;
  uint64_t migration() const { return migration_; }
  uint64_t vcpu_mask() const { return vcpu_mask_; }

  // The device's view, or nullptr for a device in no pair.
  const DeviceView* Paired(uint32_t device) const;
  // The device's state in words ("SAVING|RUNNING", "STOP_COPY").
  std::string StateText(uint32_t device) const;

  // Predicates on a device's current state (false for an unpaired device).
  // Accepts MMIO: v1 RUNNING without RESUMING; v2 RUNNING, RUNNING_P2P,
  // PRE_COPY, PRE_COPY_P2P.
  bool AcceptsMmio(uint32_t device) const;
  // May initiate P2P DMA: v1 RUNNING without NDMA; v2 RUNNING, PRE_COPY.
  bool InitiatesP2p(uint32_t device) const;
  // Cannot DMA: v1 !RUNNING or NDMA; v2 STOP, STOP_COPY, RESUMING, ERROR;
  // a closed device.
  bool DmaSuspended(uint32_t device) const;
  // In the error state: v1 SAVING | RESUMING (VFIO_DEVICE_STATE_ERROR); v2
  // ERROR. Reachable only through a failed device_state write or arc.
  bool InError(uint32_t device) const;
  // Running: v1 exactly RUNNING; v2 RUNNING.
  bool Running(uint32_t device) const;
  // Some state in which it runs (v1 RUNNING bit; v2 RUNNING, RUNNING_P2P,
  // PRE_COPY, PRE_COPY_P2P).
  bool AnyRunning(uint32_t device) const;

  // A BAR of `device` is mapped into its host's IOMMU (a P2P target).
  bool IsP2pTarget(uint32_t device) const;
  // Paired devices on `host`, ascending.
  const std::vector<uint32_t>& PairedOn(uint16_t host) const;
  bool VcpuRunning(uint16_t host, uint32_t vcpu) const;

 private:
  bool has_migration_ = false;
  uint16_t source_host_ = 0;
  uint16_t destination_host_ = 0;
  std::vector<uint32_t> pair_source_;
  std::vector<uint32_t> pair_destination_;
  std::vector<DeviceView> devices_;
  std::vector<std::vector<uint32_t>> paired_on_;               // per host
  std::vector<absl::btree_map<uint64_t, uint32_t>> bar_maps_;  // per host: iova -> target device
  std::vector<std::vector<bool>> vcpus_;                       // per host
  bool in_migration_ = false;
  bool recovering_ = false;
  bool committed_ = false;
  uint64_t migration_ = 0;
  uint64_t vcpu_mask_ = 0;
};

// "d3 (RESUMING)"-style list of devices.
std::string DeviceList(const VmmView& view, const std::vector<uint32_t>& devices);

}  // namespace migsim::vmm_oracle

#endif  // MIGSIM_SPEC_MONITORS_VMM_VIEW_H_
