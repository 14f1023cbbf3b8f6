// File: models/record_kinds.h
//
// The trace contract between models and the oracle: record kinds above the
// engine's (sim/trace.h), in one range per model family so families never
// collide:
//   256..319  shared device core (this file)
//   320..447  v1 migration region (models/v1/v1_records.h)
//   448..575  v2 migration uAPI (models/v2/v2_records.h)
//   576..703  whole-VM flows and the migration channel (models/vmm/)
// Each kind documents arg[0..5], result and payload. Monitors in spec/ read
// only these records, so a model that skips one is a model bug.
#ifndef MIGSIM_MODELS_RECORD_KINDS_H_
#define MIGSIM_MODELS_RECORD_KINDS_H_

#include <cstdint>

#include "sim/trace.h"

namespace migsim {

inline constexpr uint16_t kDeviceRecordFirst = 256;
inline constexpr uint16_t kV1RecordFirst = 320;
inline constexpr uint16_t kV2RecordFirst = 448;
inline constexpr uint16_t kVmmRecordFirst = 576;
inline constexpr uint16_t kModelRecordEnd = 704;

// Why a device's internal state changed (kRecordInternalChange arg2).
enum InternalChangeCause : uint64_t {
  kChangeTick = 0,         // autonomous activity while running
  kChangeMmio = 1,         // a vCPU MMIO write
  kChangeP2p = 2,          // a peer's DMA arrived in the BAR
  kChangeResumeLoad = 3,   // a resumed stream was loaded
  kChangeReset = 4,        // VFIO_DEVICE_RESET or open
  kChangeDmaRead = 5,      // a DMA read completed into the device
};

enum DeviceRecordKind : uint16_t {
  // The device's internal state changed: arg0 = internal digest after,
  // arg1 = chunk index changed, arg2 = InternalChangeCause.
  kRecordInternalChange = kDeviceRecordFirst,
  // VFIO_DEVICE_RESET returned: result; arg0 = the device's migration state
  // after it (v1 device_state bits or v2 state number).
  kRecordDeviceReset,
  // The device fd was opened (arg0 = state after) / closed.
  kRecordDeviceOpen,
  kRecordDeviceClose,
  // A failure was armed: arg0 = FailureSite, arg1 = errno, arg2 = skip,
  // arg3 = to_error.
  kRecordFailureArmed,
  // An armed failure fired: arg0 = FailureSite, arg1 = errno, arg2 = to_error.
  kRecordFailureFired,
  // The saving device produced stream bytes: arg0 = session, arg1 = offset in
  // the stream, arg2 = length, arg3 = FNV-1a 64 of the bytes.
  kRecordStreamSave,
  // The saving device emitted its end-of-stream record: arg0 = session,
  // arg1 = stream length including it, arg2 = stream digest (the digest the
  // END record carries), arg3 = internal digest the stream describes.
  kRecordStreamEnd,
  // The resuming device consumed stream bytes: arg0 = session, arg1 =
  // offset, arg2 = length, arg3 = FNV-1a 64 of the bytes. result = 0 or the
  // errno it refused them with.
  kRecordStreamLoad,
  // The resuming device finished loading (v1 !RESUMING / v2 RESUMING ->
  // STOP): result = 0 or -errno (incomplete or invalid stream); arg0 =
  // session, arg1 = stream digest, arg2 = internal digest after loading.
  kRecordResumeLoaded,
  // A guest DMA request (doorbell) the device declined in its current state:
  // arg0 = iova, arg1 = length.
  kRecordDmaRequestDeclined,
  kDeviceRecordKindEnd,
};
static_assert(kDeviceRecordKindEnd <= kV1RecordFirst);

}  // namespace migsim

#endif  // MIGSIM_MODELS_RECORD_KINDS_H_
