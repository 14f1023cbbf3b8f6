// File: models/v1/v1_uapi.h
//
// The v1 migration region uAPI as data: the layout of struct
// vfio_device_migration_info, the device_state bits, the valid combinations
// per spec variant, the bit-group actions and their priority order, and the
// RFC dirty-bitmap constants. This is what <linux/vfio.h> gives both sides, so
// the reference model and the monitors in spec/ share it; nothing here is a
// model's private choice.
//
// Sources: 003_c35130b7b7431c96.txt (RFC: 3 bits and the in-region dirty
// bitmap), 001_272879756ae3d4ee.txt (merged v1: the 3-bit state table),
// 000_fc85d4adbcac4363.txt (NDMA bit 3, VALID / IS_ERROR / SET_ERROR),
// 002_e161682a2f26ac74.txt (bit-group actions, priority order).
#ifndef MIGSIM_MODELS_V1_V1_UAPI_H_
#define MIGSIM_MODELS_V1_V1_UAPI_H_

#include <array>
#include <cstdint>

#include "protos/device.pb.h"

namespace migsim::v1 {

// Field offsets (bytes into the migration region) and native widths (bytes)
// of struct vfio_device_migration_info. The RFC (003) appends the four
// dirty-bitmap fields after data_size.
inline constexpr uint64_t kOffsetDeviceState = 0;   // u32, read/write
inline constexpr uint64_t kOffsetReserved = 4;      // u32, reads 0, writes ignored
inline constexpr uint64_t kOffsetPendingBytes = 8;  // u64, read only
inline constexpr uint64_t kOffsetDataOffset = 16;   // u64, read only
inline constexpr uint64_t kOffsetDataSize = 24;     // u64, read/write
inline constexpr uint64_t kOffsetStartPfn = 32;     // u64, write only (RFC)
inline constexpr uint64_t kOffsetPageSize = 40;     // u64, write only (RFC)
inline constexpr uint64_t kOffsetTotalPfns = 48;    // u64, write only (RFC)
inline constexpr uint64_t kOffsetCopiedPfns = 56;   // u64, read only (RFC)
inline constexpr uint64_t kHeaderBytes = 32;        // sizeof, 001 / 000
inline constexpr uint64_t kHeaderBytesRfc = 64;     // sizeof, 003

// The field at `offset` of the header, its native width and access.
struct Field {
  uint64_t offset;
  uint32_t width;
  bool readable;
  bool writable;
};

inline constexpr std::array<Field, 9> kFields = {{
    {kOffsetDeviceState, 4, true, true},
    {kOffsetReserved, 4, true, true},
    {kOffsetPendingBytes, 8, true, false},
    {kOffsetDataOffset, 8, true, false},
    {kOffsetDataSize, 8, true, true},
    {kOffsetStartPfn, 8, false, true},
    {kOffsetPageSize, 8, false, true},
    {kOffsetTotalPfns, 8, false, true},
    {kOffsetCopiedPfns, 8, true, false},
}};
static_assert(kFields[4].offset + kFields[4].width == kHeaderBytes);
static_assert(kFields[8].offset + kFields[8].width == kHeaderBytesRfc);

// Size of the header for `variant`.
constexpr uint64_t HeaderBytes(proto::SpecVariant variant) {
  return variant == proto::V1_RFC ? kHeaderBytesRfc : kHeaderBytes;
}

// The field an access of (`offset`, `width`) hits exactly, or nullptr when the
// access is not at a field's native width and alignment ("Field accesses from
// this structure are only supported at their native width and alignment").
constexpr const Field* FindField(proto::SpecVariant variant, uint64_t offset, uint32_t width) {
  for (const Field& f : kFields) {
    if (f.offset >= HeaderBytes(variant)) break;
    if (f.offset == offset && f.width == width) return &f;
  }
  return nullptr;
}

// device_state bits (VFIO_DEVICE_STATE_*).
inline constexpr uint32_t kRunning = 1u << 0;
inline constexpr uint32_t kSaving = 1u << 1;
inline constexpr uint32_t kResuming = 1u << 2;
inline constexpr uint32_t kNdma = 1u << 3;  // 000 only, behind VFIO_REGION_INFO_CAP_MIG_NDMA
inline constexpr uint32_t kStop = 0;
// VFIO_DEVICE_STATE_ERROR = SAVING | RESUMING (000; 001's "110b => Error state").
inline constexpr uint32_t kError = kSaving | kResuming;
inline constexpr uint32_t kRegionInfoCapMigNdma = 6;  // VFIO_REGION_INFO_CAP_MIG_NDMA

// The bits a device of `variant` defines; every other bit is reserved
// ("Bits 3 - 31 are reserved for future use"; 000 moves that to bits 4-31 and
// only for devices with the NDMA capability).
constexpr uint32_t DefinedBits(proto::SpecVariant variant, bool ndma_capable) {
  return (variant == proto::V1_NDMA && ndma_capable) ? (kRunning | kSaving | kResuming | kNdma)
                                                     : (kRunning | kSaving | kResuming);
}

// How a device_state value (restricted to the defined bits) reads under a
// variant's text.
enum class StateClass : uint8_t {
  kValid,        // a state a write may request and a device may be in
  kError,        // the error state: reachable only through a failed write
  kInvalid,      // never reachable, never to be accepted
  kUnsupported,  // 000: "(RESUMING | RUNNING) are currently unsupported"
};

// kStateClass[variant row][state & 0xF], rows V1_RFC, V1, V1_NDMA.
//   003 (RFC): "_SAVING and _RESUMING bits set at the same time is invalid
//     state"; the RFC defines no error state.
//   001 (V1): 101b and 111b invalid, 110b error.
//   000 (V1_NDMA): VALID(s) = !(SAVING && RESUMING) && !(RESUMING && RUNNING);
//     ERROR is exactly !NDMA | RESUMING | SAVING | !RUNNING; other SAVING |
//     RESUMING combinations invalid; RESUMING | RUNNING unsupported.
inline constexpr StateClass V = StateClass::kValid;
inline constexpr StateClass E = StateClass::kError;
inline constexpr StateClass I = StateClass::kInvalid;
inline constexpr StateClass U = StateClass::kUnsupported;
// clang-format off
inline constexpr std::array<std::array<StateClass, 16>, 3> kStateClass = {{
    //  0  1  2  3  4  5  6  7  8  9  A  B  C  D  E  F
    {{V, V, V, V, V, V, I, I, I, I, I, I, I, I, I, I}},  // V1_RFC (bit 3 reserved)
    {{V, V, V, V, V, I, E, I, I, I, I, I, I, I, I, I}},  // V1 (bit 3 reserved)
    {{V, V, V, V, V, U, E, I, V, V, V, V, V, U, I, I}},  // V1_NDMA
}};
// clang-format on
static_assert(kStateClass[2][kError] == StateClass::kError);
static_assert(kStateClass[2][kNdma | kError] == StateClass::kInvalid);
static_assert(kStateClass[1][kResuming | kRunning] == StateClass::kInvalid);

// The class of `state` for a device of `variant`: reserved bits make any value
// invalid. REQUIRES: variant is V1_RFC, V1 or V1_NDMA.
constexpr StateClass ClassOf(proto::SpecVariant variant, bool ndma_capable, uint32_t state) {
  if ((state & ~DefinedBits(variant, ndma_capable)) != 0) return StateClass::kInvalid;
  const int row = variant == proto::V1_RFC ? 0 : variant == proto::V1 ? 1 : 2;
  return kStateClass[row][state & 0xF];
}

// Whether the variant's text defines an error state at all (003 does not).
constexpr bool HasErrorState(proto::SpecVariant variant) { return variant != proto::V1_RFC; }

// The event-triggered bit-group actions of 002 ("Actions happen on a bit group
// basis"), in the order 002 requires a driver to process them when one write
// changes several bits ("must process the new device_state bits in a priority
// order: NDMA, !RUNNING, SAVING | !RUNNING, RESUMING, !RESUMING, RUNNING,
// SAVING | RUNNING, !NDMA"). kStopSaving (!SAVING: "de-initializes the
// migration region data window") is not in 002's list; the reference model
// runs it before RESUMING so that no step passes through SAVING | RESUMING,
// and the priority monitor ignores its position.
enum class BitAction : uint8_t {
  kNdma = 0,
  kStopRunning = 1,
  kSavingStopped = 2,
  kStopSaving = 3,
  kResuming = 4,
  kStopResuming = 5,
  kRunning = 6,
  kSavingRunning = 7,
  kClearNdma = 8,
};
inline constexpr int kBitActionCount = 9;

// The action's place in 002's priority list, or -1 for kStopSaving.
constexpr int PriorityOf(BitAction a) {
  constexpr std::array<int, kBitActionCount> kPriority = {0, 1, 2, -1, 3, 4, 5, 6, 7};
  return kPriority[static_cast<int>(a)];
}

// Whether a write from `from` to `to` triggers `action` (002's "Event
// triggered actions happen when user-space requests a new device_state that
// differs from the current device_state").
constexpr bool Triggers(BitAction action, uint32_t from, uint32_t to) {
  const bool fs = from & kSaving, fr = from & kRunning, fz = from & kResuming, fn = from & kNdma;
  const bool ts = to & kSaving, tr = to & kRunning, tz = to & kResuming, tn = to & kNdma;
  switch (action) {
    case BitAction::kNdma: return !fn && tn;
    case BitAction::kStopRunning: return fr && !tr;
    case BitAction::kSavingStopped: return ts && !tr && !(fs && !fr);
    case BitAction::kStopSaving: return fs && !ts;
    case BitAction::kResuming: return !fz && tz;
    case BitAction::kStopResuming: return fz && !tz;
    case BitAction::kRunning: return !fr && tr;
    case BitAction::kSavingRunning: return ts && tr && !(fs && fr);
    case BitAction::kClearNdma: return fn && !tn;
  }
  return false;
}

// device_state after `action` took effect on `state`.
constexpr uint32_t Apply(BitAction action, uint32_t state) {
  switch (action) {
    case BitAction::kNdma: return state | kNdma;
    case BitAction::kStopRunning: return state & ~kRunning;
    case BitAction::kSavingStopped: return state | kSaving;
    case BitAction::kStopSaving: return state & ~kSaving;
    case BitAction::kResuming: return state | kResuming;
    case BitAction::kStopResuming: return state & ~kResuming;
    case BitAction::kRunning: return state | kRunning;
    case BitAction::kSavingRunning: return state | kSaving;
    case BitAction::kClearNdma: return state & ~kNdma;
  }
  return state;
}

// Printable name of an action as 002 writes it.
constexpr const char* BitActionName(BitAction a) {
  constexpr std::array<const char*, kBitActionCount> kNames = {
      "NDMA",      "!RUNNING", "SAVING|!RUNNING", "!SAVING", "RESUMING",
      "!RESUMING", "RUNNING",  "SAVING|RUNNING",  "!NDMA"};
  return kNames[static_cast<int>(a)];
}

// RFC dirty bitmap (003): copied_pfns special values.
inline constexpr uint64_t kDirtyPfnsNone = 0;            // VFIO_DEVICE_DIRTY_PFNS_NONE
inline constexpr uint64_t kDirtyPfnsAll = ~uint64_t{0};  // VFIO_DEVICE_DIRTY_PFNS_ALL
// The granule (bytes of IOVA) at which a device logs the pages its DMA wrote.
inline constexpr uint64_t kDirtyGranule = 4096;

// Protocol steps a device reports in its region records (models/v1/v1_records.h)
// so the fuzzers see which step of which sequence was reached.
enum class Step : uint8_t {
  kNone = 0,
  kSaveA = 1,     // read pending_bytes (start of an iteration)
  kSaveB = 2,     // read data_offset: a segment is made available
  kSaveC = 3,     // read data_size
  kSaveD = 4,     // read the segment from the data window
  kSaveE = 5,     // re-read pending_bytes: the segment was collected
  kResumeA = 6,   // read data_offset
  kResumeB = 7,   // write the segment into the data window
  kResumeC = 8,   // write data_size: the segment is consumed
  kBitmapA = 9,   // write start_pfn, page_size, total_pfns
  kBitmapB = 10,  // read copied_pfns
  kBitmapC = 11,  // read data_offset (where the bitmap is)
  kBitmapD = 12,  // read the bitmap
};

}  // namespace migsim::v1

#endif  // MIGSIM_MODELS_V1_V1_UAPI_H_
