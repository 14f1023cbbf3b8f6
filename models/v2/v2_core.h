// File: models/v2/v2_core.h
//
// The VFIO core's side of the v2 uAPI, as drivers/vfio/vfio_main.c does it:
// VFIO_DEVICE_FEATURE with its argument checks (argsz, unknown flag bits,
// GET and SET "mutually exclusive, except for use with PROBE",
// vfio_check_feature per feature), dispatch to the driver's mig_ops and
// log_ops (V2Device), the DMA logging argument checks, and the
// MIG_DEVICE_STATE reply: a failed SET writes back data_fd = -1 and the
// caller's own device_state, not the state the device is in.
//
// Every call records kV2RecordFeature last, after what the driver recorded.
// A device that is not a V2Device has no mig_ops: -ENOTTY, recorded, and
// nothing else happens. A closed device fd answers -EBADF.
#ifndef MIGSIM_MODELS_V2_V2_CORE_H_
#define MIGSIM_MODELS_V2_V2_CORE_H_

#include <cstdint>
#include <vector>

#include "models/v2/dma_logging.h"
#include "sim/world.h"

namespace migsim::v2 {

// struct vfio_device_feature flags and feature indices (include/uapi/linux/vfio.h).
inline constexpr uint32_t kFeatureMask = 0xffff;
inline constexpr uint32_t kFeatureGet = 1u << 16;
inline constexpr uint32_t kFeatureSet = 1u << 17;
inline constexpr uint32_t kFeatureProbe = 1u << 18;
inline constexpr uint32_t kFeatureMigration = 1;
inline constexpr uint32_t kFeatureMigDeviceState = 2;
inline constexpr uint32_t kFeatureDmaLoggingStart = 6;
inline constexpr uint32_t kFeatureDmaLoggingStop = 7;
inline constexpr uint32_t kFeatureDmaLoggingReport = 8;
inline constexpr uint32_t kFeatureMigDataSize = 9;

// Sizes, bytes: the ioctl's own header (argsz, flags) and each feature's
// minimal payload (the core's minsz).
inline constexpr uint32_t kFeatureHeaderBytes = 8;
inline constexpr uint32_t kMigrationBytes = 8;      // vfio_device_feature_migration
inline constexpr uint32_t kMigStateBytes = 8;       // vfio_device_feature_mig_state
inline constexpr uint32_t kMigDataSizeBytes = 8;    // vfio_device_feature_mig_data_size
inline constexpr uint32_t kLogControlBytes = 24;    // ..._dma_logging_control
inline constexpr uint32_t kLogReportBytes = 32;     // ..._dma_logging_report
// The most ranges DMA_LOGGING_START takes: one kernel page of 16-byte ranges.
inline constexpr uint32_t kLogRangesMax = 4096 / 16;

// FeatureCall: the arguments of one VFIO_DEVICE_FEATURE ioctl. Fields a
// feature does not use are ignored.
struct FeatureCall {
  uint32_t flags = 0;
  uint32_t argsz = 0;                     // bytes, header included
  uint32_t device_state = 0;              // MIG_DEVICE_STATE SET
  uint64_t page_size = 0;                 // DMA logging START (hint) / REPORT
  std::vector<LoggedRange> ranges;        // DMA logging START
  uint64_t iova = 0;                      // DMA logging REPORT
  uint64_t length = 0;                    // DMA logging REPORT, bytes
  std::vector<uint64_t> bitmap_preset;    // REPORT: pages set in the user's bitmap
};

// FeatureReply: what the ioctl returned and wrote back.
struct FeatureReply {
  int result = 0;                 // 0 or -errno
  uint64_t value = 0;             // the feature's value (see kV2RecordFeature)
  int32_t data_fd = -1;           // MIG_DEVICE_STATE SET
  std::vector<uint64_t> bitmap;   // REPORT: the user's bitmap after the call
};

// A typed call's flags and argsz: GET or SET of `feature` with its full
// payload.
FeatureCall GetCall(uint32_t feature);
FeatureCall SetCall(uint32_t feature);

// VFIO_DEVICE_FEATURE on `device`.
// REQUIRES: device < world.device_count().
//
// Example:
//   FeatureCall call = SetCall(kFeatureMigDeviceState);
//   call.device_state = kStateStopCopy;
//   FeatureReply reply = DeviceFeature(world, 0, call);  // reply.data_fd >= 0
FeatureReply DeviceFeature(World& world, uint32_t device, const FeatureCall& call);

}  // namespace migsim::v2

#endif  // MIGSIM_MODELS_V2_V2_CORE_H_
