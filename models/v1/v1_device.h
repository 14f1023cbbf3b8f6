// File: models/v1/v1_device.h
//
// V1Device: the reference kernel migration driver for a device with a v1
// migration region (VFIO_REGION_TYPE_MIGRATION / VFIO_REGION_SUBTYPE_MIGRATION),
// following the text its V1Params.variant names: V1_RFC (003), V1 (001) or
// V1_NDMA (000 + 002). The region is bytes behind read(offset, width) and
// write(offset, width, value): struct vfio_device_migration_info at offset 0
// (models/v1/v1_uapi.h), then the data section (models/v1/v1_region_layout.h).
//
// Behaviour, per the texts:
//   - header fields only at their native width and alignment (-EINVAL);
//     reserved reads 0, writes to it are ignored;
//   - a device_state write fully transitions before it returns: the driver
//     performs the bit-group actions of 002 in its priority order, draining
//     outstanding DMA before NDMA or !RUNNING takes effect, and records each
//     action and the commit (models/v1/v1_records.h); a failed write leaves
//     the prior state or, where the text defines one and the failure allows
//     it, ERROR (drained, sessions ended); writes in ERROR fail (-EINVAL);
//   - Activity: RUNNING: everything; RUNNING | NDMA: internal changes and
//     MMIO only; !RUNNING, ERROR or closed: nothing (MMIO discarded, reads
//     all ones);
//   - SAVING: SaveSession (pre-copy while RUNNING, stop-and-copy when not);
//     RESUMING: a StreamReader fed at each data_size write, loaded at
//     !RESUMING (an invalid stream fails the write: V1_NDMA enters ERROR as
//     002 requires, V1 keeps RESUMING unless an armed failure says ERROR,
//     V1_RFC keeps RESUMING);
//   - V1_RFC: the dirty pfn bitmap (models/v1/v1_dirty_pfn_log.h);
//   - VFIO_DEVICE_RESET and a fresh open: RUNNING, sessions and the window
//     discarded, internal state re-initialised.
//
// May inject: the failures a scenario arms (STATE_TRANSITION at a
// device_state write that would change state, DATA_READ at a data_offset
// read that commits a segment and at each piece of a window read, DATA_WRITE
// at each piece of a window write and at a data_size write, RESUME_LOAD at
// !RESUMING). Promises never to: DMA, interrupt or change internal state
// when its state forbids it; change device_state outside a write, reset or
// open.
//
// The zoo and the tests subclass it and override one step: every step is a
// protected virtual method. The methods are spread over v1_device.cc
// (lifecycle, dispatch), v1_device_transitions.cc (device_state) and
// v1_device_data.cc (data fields, window, bitmap).
#ifndef MIGSIM_MODELS_V1_V1_DEVICE_H_
#define MIGSIM_MODELS_V1_V1_DEVICE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "models/device/migratable_device.h"
#include "models/device/migration_stream.h"
#include "models/v1/v1_dirty_pfn_log.h"
#include "models/v1/v1_region_layout.h"
#include "models/v1/v1_save_session.h"
#include "models/v1/v1_uapi.h"
#include "protos/scenario.pb.h"

namespace migsim::v1 {

// How a window access is split into syscalls.
struct WindowAccess {
  uint64_t offset = 0;       // region offset
  uint32_t piece_bytes = 0;  // 0 = QEMU's naturally aligned 8/4/2/1 split
  bool mmap = false;         // one memcpy through the sparse-mmap area
};

class V1Device : public MigratableDevice {
 public:
  // Validates `device.v1()` (errors name `path` + ".v1.<field>") and builds
  // the reference model.
  static absl::StatusOr<std::unique_ptr<SimDevice>> Create(const proto::Device& device,
                                                           uint32_t index, uint64_t seed,
                                                           const std::string& path);

  // REQUIRES: ValidateV1Params(device.v1()) is ok.
  V1Device(const proto::Device& device, uint32_t index);

  std::unique_ptr<SimDevice> Clone() const override;
  absl::string_view model_name() const override { return "v1_reference"; }
  void OnStart(World& world) override;
  void OnDmaDone(World& world, const DmaCompletion& completion) override;

  proto::SpecVariant variant() const override { return params_.variant(); }
  Activity CurrentActivity() const override;
  void Reset(World& world) override;
  void Open(World& world) override;
  void Close(World& world) override;

  // read(2) of `width` bytes (1, 2, 4 or 8) at `offset`: the header
  // (recorded as V1_REGION_READ) or the data section (V1_WINDOW_READ, one
  // piece). Returns 0 or -errno; `value` is what was read.
  int ReadRegion(World& world, uint64_t offset, uint32_t width, uint64_t& value);
  // write(2) of `width` bytes of `value` at `offset` (V1_WRITE_BEGIN/END, or
  // V1_WINDOW_WRITE for the data section).
  int WriteRegion(World& world, uint64_t offset, uint32_t width, uint64_t value);
  // Reads `length` bytes of the data section, as `access` says (one
  // V1_WINDOW_READ). `out` receives the bytes moved before any error.
  int ReadWindow(World& world, const WindowAccess& access, uint64_t length,
                 std::vector<uint8_t>& out);
  // Writes `bytes` into the data section (one V1_WINDOW_WRITE).
  int WriteWindow(World& world, const WindowAccess& access, absl::Span<const uint8_t> bytes);

  const RegionLayout& layout() const { return layout_; }
  const proto::V1Params& params() const { return params_; }
  bool ndma_capable() const { return params_.ndma_capable(); }
  uint32_t device_state() const { return state_bits_; }
  bool is_open() const { return open_; }

 protected:
  V1Device(const V1Device&) = default;
  uint64_t ModelDigest() const override;

  // --- header field reads (v1_device_data.cc unless noted) ---
  // 0 or -EINVAL for an access that is not a field at its native width and
  // alignment, or reads a write-only / writes a read-only field.
  virtual int CheckFieldAccess(uint64_t offset, uint32_t width, bool write) const;
  virtual int ReadDeviceState(World& world, uint64_t& value);  // transitions.cc
  // 001: "Reads on this field return zero and writes are ignored."
  virtual int ReadReserved(World& world, uint64_t& value);
  virtual int WriteReserved(World& world, uint64_t value);
  virtual int ReadPendingBytes(World& world, uint64_t& value, Step& step);
  virtual int ReadDataOffset(World& world, uint64_t& value, Step& step);
  virtual int ReadDataSize(World& world, uint64_t& value, Step& step);
  virtual int ReadCopiedPfns(World& world, uint64_t& value, Step& step);

  // --- header field writes ---
  virtual int WriteDeviceState(World& world, uint32_t value);  // transitions.cc
  virtual int WriteDataSize(World& world, uint64_t value, Step& step);
  virtual int WriteBitmapField(World& world, uint64_t offset, uint64_t value, Step& step);

  // --- device_state transitions (v1_device_transitions.cc) ---
  // The errno refusing a write from `from` to `to` before anything is done
  // (an invalid, error or unsupported combination; ERROR needs a reset), or 0.
  virtual int RefuseTransition(uint32_t from, uint32_t to) const;
  // The bit-group actions for `from` -> `to`, in the order performed.
  virtual std::vector<BitAction> PlanActions(uint32_t from, uint32_t to) const;
  // Performs one action and records V1_BIT_ACTION. Returns 0 or -errno.
  virtual int DoAction(World& world, BitAction action);
  // Completes every outstanding DMA (before NDMA or !RUNNING takes effect).
  // Returns how many.
  virtual size_t Quiesce(World& world);
  // A failed write: enters ERROR (drained, sessions ended) when the text
  // defines it and `to_error`, else restores `from`. Returns `result`.
  virtual int FailWrite(World& world, uint32_t from, int result, bool to_error);
  // Sets device_state and records V1_STATE_CHANGE.
  void CommitState(World& world, uint32_t from, uint32_t to);

  // --- sessions (v1_device_data.cc) ---
  virtual void StartSaving(World& world);
  virtual void StopSaving(World& world);
  virtual void StartResuming(World& world);
  // Loads the received stream (RESUME_LOADED). Returns 0 or -errno; sets
  // `to_error` when the failure should leave the device in ERROR.
  virtual int FinishResuming(World& world, bool& to_error);
  // Ends every session and clears the window (reset, open, close, ERROR).
  void DiscardSessions();
  // Re-initialises internal state (reset / open) and records it.
  void ReinitState(World& world);

  proto::V1Params params_;
  RegionLayout layout_;
  uint32_t model_id_ = 0;
  bool open_ = true;
  uint32_t state_bits_ = kRunning;
  uint64_t next_session_ = 1;
  std::vector<uint8_t> window_;  // the data section
  std::optional<SaveSession> saving_;
  std::optional<StreamReader> resuming_;
  DirtyPfnLog dirty_;
  bool bitmap_step_ = false;  // next data_offset read is RFC step c)

 private:
  int ReadHeader(World& world, uint64_t offset, uint32_t width, uint64_t& value, Step& step);
  int WriteHeader(World& world, uint64_t offset, uint32_t width, uint64_t value, Step& step);
};

}  // namespace migsim::v1

#endif  // MIGSIM_MODELS_V1_V1_DEVICE_H_
