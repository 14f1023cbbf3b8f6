// File: models/vmm/migration.h
//
// Migration: the VMM migrating the VM of topology.migration's source host to
// its destination host, as a World component named "vmm_migration". It runs
// one FlowDefinition (models/vmm/flow_program.h) at a time with its own
// program counter: VmmMigrate starts a flow, VmmStep advances it by a number
// of items (each followed by step_ns of simulated time, in which devices
// tick, vCPUs store and the channel delivers), VmmRun runs it to its end. So
// any scenario action can land between two steps of a migration.
//
// The component is both VMM processes: the source side (dirty logs, RAM and
// device data onto the channel, device states) and the destination side
// (RAM pages and device segments applied as the channel delivers them,
// device states). It emits the records of models/vmm/vmm_records.h; the
// uAPI calls it makes emit their own.
//
// Every loop is bounded: a flow that does not end within steps_max steps is
// a liveness failure ("pending: flow 'reference' at step 14 (await_end)"),
// and a destination that never sees the end of stream gives up after
// kAwaitStepsMax steps (the migration fails back to a running source).
//
// Thread-compatible; owned by the World.
//
// Example (what the vmm_* actions do):
//   Migration* m = Migration::Find(world);       // nullptr without topology.migration
//   m->Start(world, request);                    // VmmMigrate
//   m->RunSteps(world, 5);                       // VmmStep { steps: 5 }
//   IssueDma(world, 3, DmaRequest{...});          // anything, between two steps
//   m->RunToEnd(world);                          // VmmRun
#ifndef MIGSIM_MODELS_VMM_MIGRATION_H_
#define MIGSIM_MODELS_VMM_MIGRATION_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_set.h"
#include "models/vmm/device_driver.h"
#include "models/vmm/flow_program.h"
#include "models/vmm/migration_channel.h"
#include "models/vmm/zoo_flows.h"
#include "protos/scenario.pb.h"
#include "sim/guest_memory.h"
#include "sim/sim_component.h"
#include "sim/world.h"

namespace migsim::vmm {

inline constexpr uint64_t kStepNsDefault = 1000;
inline constexpr uint32_t kStepsMaxDefault = 100000;
inline constexpr uint32_t kStepsMaxLimit = 1000000;
inline constexpr uint32_t kPreCopyRoundsMax = 1000;
// Steps the destination waits for the end of stream before it gives up.
inline constexpr uint32_t kAwaitStepsMax = 10000;

class Migration final : public SimComponent {
 public:
  static constexpr absl::string_view kName = "vmm_migration";

  // REQUIRES: `topology` passed ValidateTopology (models/vmm/vmm_module.h).
  explicit Migration(const proto::MigrationTopology& topology);
  // The component of `world`, or nullptr when the topology has no migration.
  static Migration* Find(World& world);

  std::unique_ptr<SimComponent> Clone() const override;
  absl::string_view name() const override { return kName; }
  uint64_t Digest() const override;

  // VmmMigrate: starts `request.flow` (records MIGRATION_START; -EBUSY and
  // nothing else when a migration is in progress), with the defect of the
  // topology's vmm_model when it names a zoo VMM mutant
  // (models/vmm/zoo_flows.h). It runs no step: the caller runs it
  // (run_to_end: RunToEnd). REQUIRES: the flow is registered and fits the
  // vmm_model (validated).
  void Start(World& world, const proto::VmmMigrate& request);
  // Starts a flow that is in no registry (tests, experiments with a program
  // of one's own): as Start, recording flow index kCustomFlow. REQUIRES:
  // `flow` fits the topology's vmm_model, if any.
  static constexpr uint32_t kCustomFlow = 0xFFFFFFFFu;
  void StartCustom(World& world, FlowDefinition flow, const proto::MigrationOptions& options);
  // Runs up to `steps` items (each followed by step_ns of time). Without a
  // migration in progress it records a FLOW_STEP with -ENOENT. Returns false
  // when a bound was hit (steps_max: "pending: flow ..."; or the World's).
  bool RunSteps(World& world, uint64_t steps);
  // Runs the flow until it ends or a bound is hit.
  bool RunToEnd(World& world);
  // The channel delivered `message` to the destination.
  void OnDelivered(World& world, ChannelMessage message);

  bool active() const { return active_; }
  uint64_t number() const { return number_; }

 private:
  // What executing one item asks the executor to do next.
  enum class Next : uint8_t { kItem, kStay, kJump };
  struct ItemResult {
    int error = 0;       // the -errno of the item's uAPI call, or 0
    bool fatal = false;  // the migration fails (recovery follows)
    Next next = Next::kItem;
    size_t jump_to = 0;  // kJump: the program counter to continue at
    uint32_t device = kNoDevice;
  };

  // --- the executor (migration.cc) ---
  void Begin(World& world, uint32_t flow_index, std::string name, FlowDefinition flow,
             const proto::MigrationOptions& options);
  // Runs one item; false when the flow has ended.
  bool Step(World& world);
  size_t ItemCount(const FlowStep& step) const;
  // The pair index the `item`-th device of `step`'s side is, in its order.
  size_t PairAt(const FlowStep& step, size_t item, bool destination) const;
  void End(World& world, Outcome outcome, int error);
  // The VMM gives up loudly (QEMU's hw_error): MIGRATION_END aborted.
  void Abort(World& world);
  void Recover(World& world);
  void RecordPhase(World& world, uint64_t phase, bool destination);

  // --- the ops (flow_ops.cc) ---
  ItemResult Execute(World& world, const FlowStep& step, size_t item);
  ItemResult SourceDeviceOp(World& world, const FlowStep& step, size_t pair);
  ItemResult DestinationDeviceOp(World& world, const FlowStep& step, size_t pair, size_t item);
  ItemResult PreCopyRound(World& world, const FlowStep& step, size_t item);
  ItemResult LoopPreCopy(size_t pc) const;
  ItemResult AwaitEnd();
  // Stops the source's vCPUs, or runs the destination's (those the source ran).
  void SetVcpus(World& world, bool destination_runs);
  // Stops every running vCPU of `host`.
  void StopVcpus(World& world, uint16_t host);
  void StopPoint(World& world);
  void Commit(World& world);
  void SendDeviceData(World& world, size_t pair, std::vector<std::vector<uint8_t>> segments);

  // --- RAM and dirty logs (ram_transfer.cc) ---
  int StartDirtyTracking(World& world);
  void StopDirtyTracking(World& world);
  // Reads every dirty log (IOMMU or device DMA logs, the CPU log) and sends
  // the dirty pages. Returns the pages sent.
  uint64_t SyncDirty(World& world, int* error);
  void SendAllRam(World& world);
  void SendPages(World& world, const absl::btree_set<uint64_t>& pages);
  void SendRun(World& world, uint64_t first, uint64_t count);
  void ApplyRam(World& world, const ChannelMessage& message);

  // Configuration (the topology).
  uint16_t source_host_;
  uint16_t destination_host_;
  const VmmVariant* variant_ = nullptr;        // vmm_model: a zoo VMM mutant, or none
  std::vector<uint32_t> source_devices_;       // per pair
  std::vector<uint32_t> destination_devices_;  // per pair

  // The migration in progress (or the last one).
  bool active_ = false;
  uint64_t number_ = 0;
  uint32_t flow_index_ = 0;
  std::string flow_name_;
  FlowDefinition flow_;
  proto::MigrationOptions options_;
  uint64_t step_ns_ = kStepNsDefault;
  uint32_t steps_max_ = kStepsMaxDefault;
  size_t pc_ = 0;
  size_t item_ = 0;
  size_t phase_pc_ = SIZE_MAX;  // the step whose phase was recorded last
  bool staying_ = false;        // the last item asked to stay
  uint64_t steps_ = 0;
  uint32_t rounds_ = 0;
  uint32_t await_steps_ = 0;
  std::vector<DeviceSide> source_;       // per pair
  std::vector<DeviceSide> destination_;  // per pair
  uint64_t vcpu_mask_ = 0;               // source vCPUs running at the start
  bool dirty_tracking_ = false;          // container tracking on, started by this migration
  bool dirty_log_started_ = false;       // ... and its log readable (started at some point)
  bool vcpus_stopped_ = false;           // this migration stopped the source vCPUs
  bool device_logging_ = false;          // tracking by the devices' DMA logging instead
  bool end_delivered_ = false;
  bool committed_ = false;
  bool destination_failed_ = false;
  int destination_error_ = 0;
  int failure_ = 0;                      // the error that failed the migration
  bool aborted_ = false;                 // the VMM gave up (QEMU's hw_error)
  uint64_t round_pages_ = 0;             // dirty pages sent in the current round
  uint64_t round_bytes_ = 0;             // device bytes read in the current round
  std::optional<GuestMemory> snapshot_;  // source RAM at the stop point
};

}  // namespace migsim::vmm

#endif  // MIGSIM_MODELS_VMM_MIGRATION_H_
