// File: models/v2/v2_records.h
//
// The trace records of the v2 family (kinds kV2RecordFirst = 448 .. 575),
// the contract between the v2 models and the v2 monitors (spec/monitors/).
// Each kind documents arg[0..5], result and payload. Every call a user makes
// through the v2 uAPI ends in exactly one record of its own kind
// (VFIO_DEVICE_FEATURE: kV2RecordFeature; data_fd read/write/close/ioctl: one
// of kV2RecordRead .. kV2RecordPrecopyInfo), preceded by the driver-side
// records it caused (arcs, sessions, stream bytes, DMA logging).
//
// data_fd numbers are recorded as uint32 in a uint64; kNoDataFd is the
// uAPI's data_fd = -1.
#ifndef MIGSIM_MODELS_V2_V2_RECORDS_H_
#define MIGSIM_MODELS_V2_V2_RECORDS_H_

#include <cstdint>

#include "models/record_kinds.h"

namespace migsim::v2 {

// The uAPI's data_fd = -1, as recorded.
inline constexpr uint64_t kNoDataFd = 0xFFFFFFFFu;

// Why a data transfer session ended (kV2RecordSessionEnd arg1).
enum SessionEndCause : uint64_t {
  kEndLeftState = 0,   // the FSM left the saving group / RESUMING
  kEndReset = 1,       // VFIO_DEVICE_RESET
  kEndClose = 2,       // the device fd was closed
  kEndError = 3,       // a failed arc left the device in ERROR
};

enum V2RecordKind : uint16_t {
  // The core starts a VFIO_DEVICE_FEATURE(SET | MIG_DEVICE_STATE): arg0 =
  // device_state requested (any u32), arg1 = state before (informational).
  kV2RecordSetBegin = kV2RecordFirst,
  // The driver executed one FSM arc: arg0 = from, arg1 = to, arg2 = state
  // after (to on success; from or ERROR on failure), arg3 = data_fd the arc
  // opened or kNoDataFd. result = 0 or -errno.
  kV2RecordArc,
  // The SET returned: arg0 = device_state written back to the user, arg1 =
  // data_fd written back (kNoDataFd for -1), arg2 = arcs attempted. result.
  kV2RecordSetReturn,
  // VFIO_DEVICE_FEATURE(GET | MIG_DEVICE_STATE) returned: arg0 = device_state
  // reported. result.
  kV2RecordGetState,
  // One VFIO_DEVICE_FEATURE ioctl returned (after any record above): arg0 =
  // flags, arg1 = argsz, arg2 = the feature's value (MIGRATION: flags;
  // MIG_DEVICE_STATE: device_state; MIG_DATA_SIZE: stop_copy_length; DMA
  // logging START: page_size chosen; else 0), arg3 = data_fd (SET
  // MIG_DEVICE_STATE) or kNoDataFd. result.
  kV2RecordFeature,
  // migration_get_data_size returned (MIG_DATA_SIZE): arg0 =
  // stop_copy_length in bytes. result.
  kV2RecordDataSize,
  // read() on a data_fd returned: arg0 = fd (kNoDataFd when the slot names
  // none), arg1 = length asked, arg2 = bytes returned, arg3 = FNV-1a 64 of
  // every byte read from this fd so far, arg4 = bytes read from it so far.
  // result = bytes returned or -errno.
  kV2RecordRead,
  // write() on a data_fd returned: arg0 = fd, arg1 = length offered, arg2 =
  // bytes accepted, arg3 = FNV-1a 64 of every byte accepted on this fd so far,
  // arg4 = bytes accepted so far. result = bytes accepted or -errno.
  kV2RecordWrite,
  // close() of a data_fd: arg0 = fd. result.
  kV2RecordDataClose,
  // VFIO_MIG_GET_PRECOPY_INFO on a data_fd: arg0 = fd, arg1 = initial_bytes,
  // arg2 = dirty_bytes (both 0 on error). result.
  kV2RecordPrecopyInfo,
  // DMA_LOGGING_START: arg0 = page_size asked, arg1 = page_size chosen,
  // arg2 = num_ranges. payload = iova, length pairs. result.
  kV2RecordLogStart,
  // DMA_LOGGING_STOP. result.
  kV2RecordLogStop,
  // DMA_LOGGING_REPORT: arg0 = iova, arg1 = length, arg2 = page_size, arg3 =
  // pages set in the user's bitmap before the call (n), arg4 = pages set after
  // it (m). payload = the n page indices set before, then the m set after
  // (relative to iova, ascending). result.
  kV2RecordLogReport,
  // A data transfer session ended (its fd now reaches end of stream or
  // error): arg0 = fd, arg1 = SessionEndCause.
  kV2RecordSessionEnd,
  kV2RecordKindEnd,
};
static_assert(kV2RecordKindEnd <= kVmmRecordFirst);

}  // namespace migsim::v2

#endif  // MIGSIM_MODELS_V2_V2_RECORDS_H_
