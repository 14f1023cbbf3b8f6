// File: models/v2/v2_device.h
//
// V2Device: topology kind V2_DEVICE, the reference v2 migration driver and
// its device, split the way Linux splits it so that driver authors can map
// their own driver onto it one to one:
//   - the VFIO core (models/v2/v2_core.h) handles VFIO_DEVICE_FEATURE and
//     calls this class's mig_ops (SetState, GetState, GetDataSize) and
//     log_ops (LogStart, LogStop, LogReadAndClear), as vfio_main.c calls a
//     driver's vfio_migration_ops / vfio_log_ops;
//   - SetState walks the FSM with the core's step function (NextStep,
//     models/v2/mig_fsm.h) and executes one virtual method per arc
//     (models/v2/v2_driver.cc), as mtty_step_state / mlx5vf_pci_step_device_state_locked do;
//   - the data_fd file operations (read, write, close,
//     VFIO_MIG_GET_PRECOPY_INFO) live in models/v2/v2_file_ops.cc;
//   - what the device does on its own (ticks, DMA, P2P, interrupts) is the
//     shared DeviceWork, gated by the Activity of the current state.
//
// Activity per state: RUNNING and PRE_COPY do everything; RUNNING_P2P and
// PRE_COPY_P2P everything but initiate peer-to-peer DMA (the arcs into them
// drain outstanding DMA first, and guest DMA requests whose IOVA the IOMMU
// maps to a BAR are declined); STOP, STOP_COPY, RESUMING and ERROR nothing
// (the arcs into them drain all DMA first; MMIO is discarded).
//
// May inject: the failures a scenario arms (ArmFailure) at the sites
// STATE_TRANSITION (per arc, with match_arc), DATA_READ, DATA_WRITE,
// RESUME_LOAD, PRECOPY_INFO and DMA_LOGGING, and nothing else. Promises never
// to: DMA, interrupt or change internal state in a stopped state, initiate
// P2P DMA in a P2P state, hand out a session's data through another fd.
//
// The bug zoo and tests subclass this class and override one virtual method
// (an arc, a file operation, an op); subclasses must override Clone().
// Thread-compatible; owned by the World like every SimDevice.
//
// Example (a driver whose STOP_COPY -> STOP arc forgets to end the session):
//   class KeepsSession : public V2Device {
//    public:
//     using V2Device::V2Device;
//     std::unique_ptr<SimDevice> Clone() const override {
//       return std::unique_ptr<SimDevice>(new KeepsSession(*this));
//     }
//    protected:
//     ArcStatus ArcStopCopyToStop(World&) override { return {}; }
//   };
#ifndef MIGSIM_MODELS_V2_V2_DEVICE_H_
#define MIGSIM_MODELS_V2_V2_DEVICE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "models/device/migratable_device.h"
#include "models/v2/data_fd.h"
#include "models/v2/dma_logging.h"
#include "models/v2/mig_fsm.h"
#include "protos/scenario.pb.h"

namespace migsim::v2 {

// What one arc function returns: 0 or -errno, and on failure whether the
// driver gives up into ERROR (the header allows either).
struct ArcStatus {
  int error = 0;
  bool to_error = false;
};

// What migration_set_state returns to the core.
struct SetStateResult {
  int error = 0;        // 0 or -errno
  int32_t data_fd = -1; // the fd the final arc opened, or -1
  int arcs = 0;         // arcs attempted
};

// The VFIO_MIGRATION_* flags of V2Params (STOP_COPY always).
uint32_t FlagsOf(const proto::V2Params& params);

class V2Device : public MigratableDevice {
 public:
  // Validates `device.v2` (errors name `path`.v2.<field>, or `path`.model
  // for a model name: none is known yet) and builds the reference device.
  static absl::StatusOr<std::unique_ptr<SimDevice>> Create(const proto::Device& device,
                                                           uint32_t index, uint64_t seed,
                                                           const std::string& path);
  V2Device(uint32_t index, uint16_t host, uint64_t bar_size, const proto::V2Params& params);

  // SimDevice / MigratableDevice.
  std::unique_ptr<SimDevice> Clone() const override;
  absl::string_view model_name() const override { return "v2_reference"; }
  proto::SpecVariant variant() const override { return proto::V2; }
  Activity CurrentActivity() const override;
  void OnDmaRequest(World& world, const DmaRequest& request) override;
  void OnDmaDone(World& world, const DmaCompletion& completion) override;
  // VFIO_DEVICE_RESET: ends every session, internal state to its power-on
  // value, device_state RUNNING. -EBADF when the device fd is closed.
  void Reset(World& world) override;
  void Open(World& world) override;
  void Close(World& world) override;

  // mig_ops (vfio_migration_ops), called by the core.
  // migration_set_state: walks to `requested` (any u32) arc by arc.
  virtual SetStateResult SetState(World& world, uint32_t requested);
  // migration_get_state.
  virtual MigState GetState() const { return mig_state_; }
  // migration_get_data_size: the bytes a whole stream takes (header, every
  // chunk, END). Returns 0; callable in every state.
  virtual int GetDataSize(uint64_t* stop_copy_length) const;

  // log_ops (vfio_log_ops), called by the core after its argument checks.
  virtual int LogStart(World& world, uint64_t page_size_hint, std::vector<LoggedRange> ranges,
                       uint64_t* page_size);
  virtual int LogStop(World& world);
  virtual int LogReadAndClear(World& world, uint64_t iova, uint64_t length, uint64_t page_size,
                              std::vector<uint64_t>& pages);

  // data_fd file operations; `slot` 0 is the most recent fd of this device,
  // 1 the one before, ... Each records its kV2Record* (v2_records.h).
  // read(): bytes appended to `out`; returns the count or -errno (-EBADF: no
  // such fd, closed, or a resuming fd; -ENODEV: session ended; -ENOMSG:
  // temporary end of stream in PRE_COPY; 0: end of stream in STOP_COPY).
  int64_t ReadFd(World& world, uint32_t slot, uint64_t length, std::vector<uint8_t>& out);
  // write(): returns the bytes accepted or -errno (-EBADF, -ENODEV, or the
  // stream parser's -EFAULT / -EINVAL).
  int64_t WriteFd(World& world, uint32_t slot, const std::vector<uint8_t>& data);
  // close(): 0 or -EBADF. A closed fd's session is over for the driver too.
  int CloseFd(World& world, uint32_t slot);
  // VFIO_MIG_GET_PRECOPY_INFO: 0 or -errno (-EINVAL outside PRE_COPY
  // states, -ENODEV after the session ended, -ENOTTY on a resuming fd).
  int PrecopyInfoFd(World& world, uint32_t slot, uint64_t* initial_bytes,
                    uint64_t* dirty_bytes);

  uint32_t flags() const { return flags_; }
  bool opened() const { return opened_; }
  MigState mig_state() const { return mig_state_; }
  const std::vector<DataFd>& fds() const { return fds_; }
  const DmaLog& dma_log() const { return log_; }

 protected:
  V2Device(const V2Device&) = default;
  uint64_t ModelDigest() const override;

  // The core's step function (vfio_mig_get_next_state) as this driver calls
  // it. Returns 0 or -EINVAL.
  virtual int NextStep(MigState cur, uint32_t requested, MigState* next) const;

  // One method per arc (the list in mig_fsm.h). Each returns 0 or -errno.
  virtual ArcStatus ArcRunningToRunningP2P(World& world);
  virtual ArcStatus ArcRunningP2PToRunning(World& world);
  virtual ArcStatus ArcRunningP2PToStop(World& world);
  virtual ArcStatus ArcStopToRunningP2P(World& world);
  virtual ArcStatus ArcRunningToStop(World& world);
  virtual ArcStatus ArcStopToRunning(World& world);
  virtual ArcStatus ArcStopToStopCopy(World& world);
  virtual ArcStatus ArcStopCopyToStop(World& world);
  virtual ArcStatus ArcStopToResuming(World& world);
  virtual ArcStatus ArcResumingToStop(World& world);
  virtual ArcStatus ArcRunningToPreCopy(World& world);
  virtual ArcStatus ArcPreCopyToRunning(World& world);
  virtual ArcStatus ArcPreCopyToStopCopy(World& world);
  virtual ArcStatus ArcPreCopyToPreCopyP2P(World& world);
  virtual ArcStatus ArcPreCopyP2PToPreCopy(World& world);
  virtual ArcStatus ArcPreCopyP2PToRunningP2P(World& world);
  virtual ArcStatus ArcPreCopyP2PToStopCopy(World& world);
  virtual ArcStatus ArcRunningP2PToPreCopyP2P(World& world);

  // Driver side of the file operations (the fd is open and of the right
  // kind). SaveRead returns bytes appended or -errno; ResumeWrite the bytes
  // accepted or -errno; PrecopyInfo 0 or -errno.
  virtual int64_t SaveRead(World& world, DataFd& fd, uint64_t length,
                           std::vector<uint8_t>& out);
  virtual int64_t ResumeWrite(World& world, DataFd& fd, const std::vector<uint8_t>& data);
  virtual int PrecopyInfo(World& world, DataFd& fd, uint64_t* initial_bytes,
                          uint64_t* dirty_bytes);

  // Helpers the arcs share.
  // Completes every DMA in flight now (before the arc returns).
  void DrainOutstandingDma(World& world);
  // Opens a saving / resuming session with a new fd (returned by the arc).
  void StartSaving(World& world);
  void StartResuming(World& world);
  // Ends the active session, if any (its fd then answers -ENODEV).
  void EndSession(World& world, uint64_t cause);
  // Loads the resuming session's stream into the internal state after final
  // validation; -errno (stream incomplete or invalid, or an armed
  // RESUME_LOAD failure) leaves the internal state unchanged.
  ArcStatus LoadResumed(World& world);
  // The active (not ended) session's fd, or nullptr.
  DataFd* ActiveSession();
  // Back to the power-on internal state (reset, open), recorded.
  void ResetInternalState(World& world);

  uint32_t flags_;
  bool opened_ = true;
  MigState mig_state_ = kStateRunning;
  std::vector<DataFd> fds_;  // every fd handed out, oldest first
  int32_t next_fd_ = 100;
  int32_t arc_fd_ = -1;      // the fd the arc being executed opened
  DmaLog log_;

 private:
  using ArcMethod = ArcStatus (V2Device::*)(World&);
  static ArcMethod FindArc(MigState from, MigState to);
  // Executes one arc for the set_state loop (failures, the arc, its record).
  int StepArc(World& world, MigState from, MigState to, MigState* after);
  DataFd* Slot(uint32_t slot);
};

}  // namespace migsim::v2

#endif  // MIGSIM_MODELS_V2_V2_DEVICE_H_
