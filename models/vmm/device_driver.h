// File: models/vmm/device_driver.h
//
// The VMM's driver for one migratable device: what QEMU's hw/vfio/migration.c
// is to a device, for both uAPIs. A flow speaks one vocabulary of states
// (DevState); this file maps each onto the device's own uAPI and issues the
// calls through the existing entry points, so every raw access is in the
// trace:
//   - v1 (V1_RFC, V1, V1_NDMA): device_state by read-modify-write
//     (v1::SetState, QEMU's vfio_migration_set_state), data by the SAVING
//     steps a) to e) (v1::SaveIteration, v1::DrainToEnd) and the RESUMING
//     steps a) to c) (data_offset, the data window, data_size);
//   - v2: VFIO_DEVICE_FEATURE(SET | MIG_DEVICE_STATE) (v2::DeviceFeature),
//     read() / write() / close() / VFIO_MIG_GET_PRECOPY_INFO on the data_fd,
//     DMA logging START / REPORT / STOP.
//
//   DevState        v1 device_state           v2 device_state
//   kRunning        RUNNING                   RUNNING
//   kPreCopy        SAVING | RUNNING          PRE_COPY (RUNNING without PRE_COPY)
//   kPreCopyGrace   SAVING | NDMA | RUNNING   PRE_COPY_P2P (RUNNING_P2P without PRE_COPY)
//   kRunningGrace   NDMA | RUNNING            RUNNING_P2P
//   kStopCopy       SAVING                    STOP_COPY
//   kStop           0 (STOP)                  STOP
//   kResuming       RESUMING                  RESUMING
// A device without NDMA (v1) or VFIO_MIGRATION_P2P (v2) maps the grace states
// onto their non-grace neighbours: "NDMA States are pushed down to the next
// step in the sequence" (002_e161682a2f26ac74.txt).
//
// Every function returns 0 or the -errno of the first uAPI call that failed;
// nothing here is a bench bug, so nothing here CHECK-fails on a device's
// answer. DeviceSide is plain data, part of the Migration component.
#ifndef MIGSIM_MODELS_VMM_DEVICE_DRIVER_H_
#define MIGSIM_MODELS_VMM_DEVICE_DRIVER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "models/vmm/flow_program.h"
#include "sim/world.h"

namespace migsim::vmm {

enum class Family : uint8_t { kV1, kV2 };

enum class DevState : uint8_t {
  kRunning,
  kPreCopy,
  kPreCopyGrace,
  kRunningGrace,
  kStopCopy,
  kStop,
  kResuming,
};

// DeviceSide: what the VMM knows of one paired device.
struct DeviceSide {
  uint32_t device = 0;
  Family family = Family::kV1;
  bool grace_capable = false;     // NDMA capability (V1_NDMA) / VFIO_MIGRATION_P2P
  bool precopy_capable = true;    // v1: always; v2: VFIO_MIGRATION_PRE_COPY
  uint32_t known = 0;             // device_state the VMM last set or read (v1 bits / v2 state)
  size_t segments_sent = 0;       // v1 source: saved segments already sent
  bool stream_ended = false;      // source: the end of stream was read
  uint64_t read_bytes = 4096;     // v2 source: read() size
  uint64_t pending_estimate = 0;  // v2 source: initial + dirty bytes at the last PRECOPY_INFO
  uint64_t log_page_size = 0;     // v2: DMA logging granule, 0 = not logging
};

// The side for topology device `device`. REQUIRES: a V1_DEVICE or V2_DEVICE.
DeviceSide MakeDeviceSide(World& world, uint32_t device);

// The uAPI value `state` maps to on this device.
uint32_t Encode(const DeviceSide& side, DevState state);
// True when the VMM's cache says the device is in a pre-copy state (v1
// SAVING | RUNNING with or without NDMA; v2 PRE_COPY or PRE_COPY_P2P).
bool InPreCopy(const DeviceSide& side);
// True when the cache says the device is in ERROR.
bool InError(const DeviceSide& side);

// Moves the device to `target`. Skips the call when the cache already holds
// the target and `dedupe` (QEMU 9.1+). With style.recover_states a failed
// change goes to `recover` (nullopt: QEMU's recover state ERROR, i.e.
// VFIO_DEVICE_RESET), and a failed recovery, or a device left in ERROR,
// resets the device (QEMU's vfio_migration_set_state); otherwise the VMM
// learns the state it is left in (v1: the RMW's re-read; v2: GET).
int SetState(World& world, DeviceSide& side, DevState target, const FlowStyle& style, bool dedupe,
             std::optional<DevState> recover = std::nullopt);

// Learns the device's state after a failed call: v1 reads device_state
// (RMW already did), v2 GETs MIG_DEVICE_STATE.
void RefreshState(World& world, DeviceSide& side);

// VFIO_DEVICE_RESET (the cache becomes RUNNING).
int Reset(World& world, DeviceSide& side);

// Source: reads migration data. `reads_max` bounds the segments (v1) or
// read() calls (v2); 0 = until the device has none now or the stream ends.
// Appends one entry per segment / read to `out` and sets side.stream_ended
// at the end of stream.
int SaveData(World& world, DeviceSide& side, uint32_t reads_max,
             std::vector<std::vector<uint8_t>>& out);

// Destination: pushes one received segment (v1: data_offset, the window,
// data_size, split when larger than the data section; v2: write() pieces).
int PushData(World& world, DeviceSide& side, const FlowStyle& style,
             const std::vector<uint8_t>& segment);

// v2 source: GET MIG_DATA_SIZE (sets read_bytes to min(1 MiB, length)) and,
// in pre-copy, VFIO_MIG_GET_PRECOPY_INFO. No-op on v1.
void QuerySizes(World& world, DeviceSide& side, bool data_size, bool precopy_info);

// v2: GET VFIO_DEVICE_FEATURE_MIGRATION (the flags the VMM probes). No-op on v1.
void ProbeMigration(World& world, DeviceSide& side);

// v2: closes every data_fd the device handed out that is still open.
void CloseDataFds(World& world, DeviceSide& side);

// v2 DMA logging over guest RAM [0, ram_bytes) at `page_size`.
int LogStart(World& world, DeviceSide& side, uint64_t ram_bytes, uint64_t page_size);
int LogStop(World& world, DeviceSide& side);
// Appends the dirty page numbers (of `page_size`) to `pages`.
int LogReport(World& world, DeviceSide& side, uint64_t ram_bytes, uint64_t page_size,
              std::vector<uint64_t>& pages);

}  // namespace migsim::vmm

#endif  // MIGSIM_MODELS_VMM_DEVICE_DRIVER_H_
