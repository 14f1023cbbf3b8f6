// File: fuzz/interesting_values.cc
#include "fuzz/interesting_values.h"

#include <array>
#include <iterator>

#include "models/device/internal_state.h"
#include "models/v1/v1_uapi.h"
#include "models/v2/mig_fsm.h"

namespace migsim {
namespace {

constexpr uint64_t kU64Max = ~uint64_t{0};
constexpr uint64_t kU32Max = 0xFFFFFFFFu;
constexpr uint64_t kPage = 4096;
constexpr uint64_t kMiB = uint64_t{1} << 20;

// clang-format off
constexpr uint64_t kAnyValues[] = {
    0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, kU32Max,
    uint64_t{1} << 32, 0x7FFFFFFFFFFFFFFF, uint64_t{1} << 63, kU64Max, 0x5555555555555555,
    0xAAAAAAAAAAAAAAAA};
// Every state of enum vfio_device_mig_state, the first numbers past it, and
// u32 extremes (the uAPI field is a u32).
constexpr uint64_t kV2StateValues[] = {
    v2::kStateError, v2::kStateStop, v2::kStateRunning, v2::kStateStopCopy, v2::kStateResuming,
    v2::kStateRunningP2P, v2::kStatePreCopy, v2::kStatePreCopyP2P, 8, 9, 0xFF, 0x80000000,
    kU32Max};
// Every combination of the four defined bits (valid, error, invalid and the
// RFC's reserved bit 3), then reserved high bits alone and with valid ones.
constexpr uint64_t kV1StateValues[] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    0x10, 0x20, 0x80, 0x100, 0x80000000, 0x80000001, 0xFFFFFFF0, 0xFFFFFFF7, 0xFFFFFFFE, kU32Max};
// What the user writes to the header: device_state values, or a data_size.
constexpr uint64_t kV1RegisterValues[] = {
    v1::kRunning, v1::kSaving, v1::kResuming, v1::kNdma, v1::kStop, v1::kError,
    v1::kSaving | v1::kRunning, v1::kNdma | v1::kRunning, 5, 7, 0x10, kU32Max,
    8, 31, 32, 64, 512, kPage - 1, kPage, kPage + 1, kU64Max};
// The header fields' offsets, the header ends (kHeaderBytes for 001/000,
// kHeaderBytesRfc for 003), misaligned neighbours and far offsets.
constexpr uint64_t kV1RegionOffsets[] = {
    v1::kOffsetDeviceState, v1::kOffsetReserved, v1::kOffsetPendingBytes, v1::kOffsetDataOffset,
    v1::kOffsetDataSize, v1::kOffsetStartPfn, v1::kOffsetPageSize, v1::kOffsetTotalPfns,
    v1::kOffsetCopiedPfns, v1::kHeaderBytes, v1::kHeaderBytesRfc,
    1, 2, 3, 6, 12, 20, 28, 31, 33, 63, 65, kPage, kU64Max - 7, kU64Max};
// Where data_offset may point: right after either header, page aligned
// (sparse mmap), and the bytes around those.
constexpr uint64_t kWindowOffsets[] = {
    v1::kHeaderBytes, v1::kHeaderBytesRfc, kPage, kPage + 8, 2 * kPage,
    v1::kHeaderBytes - 1, v1::kHeaderBytes + 1, v1::kHeaderBytesRfc + 1, kPage - 1, kPage + 1,
    0, kU64Max};
// Valid widths weighted double; then invalid ones.
constexpr uint64_t kWidthValues[] = {1, 2, 4, 8, 1, 2, 4, 8, 0, 3, 16};
constexpr uint64_t kPieceValues[] = {0, 1, 2, 4, 8, 0, 3};
// Lengths: small, around 512 and the page, QEMU's 32 KiB buffer, the 1 MiB
// limit of one DMA or data_fd call (and one past it), 0.
constexpr uint64_t kBytesValues[] = {
    1, 8, 63, 64, 65, 511, 512, 513, 1024, 3000, kPage - 1, kPage, kPage + 1, 2 * kPage,
    32768, 65535, 65536, kMiB, kMiB + 1, 0};
constexpr uint64_t kAddressValues[] = {
    0, 8, 64, kPage - 8, kPage - 1, kPage, kPage + 1, 2 * kPage, 0x10000, 0x100000, 0xFFF000,
    0x7FFFFFFFF000, kU64Max - kPage + 1, kU64Max};
// Every register of a device's BAR (words 0..15 at offsets 0..0x78,
// models/device/internal_state.h kRegisterWords), the first offset past
// them, misaligned ones, and the end of the default 4 KiB BAR and past it.
constexpr uint64_t kBarOffsetValues[] = {
    0x00, 0x08, 0x10, 0x18, 0x20, 0x28, 0x30, 0x38, 0x40, 0x48, 0x50, 0x58, 0x60, 0x68, 0x70,
    0x78, 0x80, 0x04, 0x1c, 0x7f, kPage - 8, kPage, 2 * kPage, kU64Max};
constexpr uint64_t kTimeValues[] = {
    0, 1, 100, 499, 500, 501, 999, 1000, 1001, 2000, 4500, 10000, 100000, 1000000, 10000000};
constexpr uint64_t kCountValues[] = {0, 1, 2, 3, 4, 8, 16, 100};
constexpr uint64_t kErrnoValues[] = {0, 1, 5, 11, 12, 14, 16, 22, 25, 61, 95, 133, 134};
constexpr uint64_t kFdValues[] = {0, 1, 2, 3, 7, kU32Max};
constexpr uint64_t kArgszValues[] = {0, 4, 7, 8, 12, 15, 16, 20, 24, 32, 64, kPage, kU32Max};
constexpr uint64_t kPageSizeValues[] = {
    0, 1, 512, kPage - 1, kPage, kPage + 1, 2 * kPage, 65536, uint64_t{1} << 21,
    uint64_t{1} << 30, uint64_t{1} << 63, kU64Max};
constexpr uint64_t kPfnValues[] = {
    0, 1, 63, 64, 65, 255, 256, kPage, kMiB, uint64_t{1} << 24, (uint64_t{1} << 24) + 1, kU64Max};
constexpr uint64_t kSeedValues[] = {0, 1, 2, 42, kU64Max};

// VFIO_DEVICE_FEATURE flags (include/uapi/linux/vfio.h): a feature index in
// the low 16 bits (VFIO_DEVICE_FEATURE_MASK) with GET (1 << 16), SET
// (1 << 17) and PROBE (1 << 18). Every defined migration feature (MIGRATION
// 1, MIG_DEVICE_STATE 2, DMA_LOGGING_START 6, _STOP 7, _REPORT 8,
// MIG_DATA_SIZE 9) and undefined ones, with every combination of the bits
// and one undefined bit.
constexpr uint64_t kFeatures[] = {0, 1, 2, 3, 6, 7, 8, 9, 10, 0xFFFF};
constexpr uint64_t kFeatureOps[] = {
    0, 1u << 16, 1u << 17, 1u << 18, (1u << 16) | (1u << 17), (1u << 16) | (1u << 18),
    (1u << 17) | (1u << 18), (1u << 16) | (1u << 17) | (1u << 18), 1u << 19};
// clang-format on
constexpr auto kFeatureFlagValues = [] {
  std::array<uint64_t, std::size(kFeatures) * std::size(kFeatureOps)> out{};
  size_t i = 0;
  for (uint64_t op : kFeatureOps) {
    for (uint64_t feature : kFeatures) out[i++] = feature | op;
  }
  return out;
}();
static_assert(kFeatureFlagValues[std::size(kFeatures) + 2] == ((1u << 16) | 2));

static_assert(kBarOffsetValues[15] == 8 * (kRegisterWords - 1), "the last register");

}  // namespace

absl::Span<const uint64_t> InterestingValues(FieldRole role) {
  switch (role) {
    case FieldRole::kV2State:
      return kV2StateValues;
    case FieldRole::kV1DeviceState:
      return kV1StateValues;
    case FieldRole::kV1RegisterValue:
      return kV1RegisterValues;
    case FieldRole::kV1RegionOffset:
      return kV1RegionOffsets;
    case FieldRole::kWindowOffset:
      return kWindowOffsets;
    case FieldRole::kWidth:
      return kWidthValues;
    case FieldRole::kPieceBytes:
      return kPieceValues;
    case FieldRole::kBytes:
      return kBytesValues;
    case FieldRole::kAddress:
      return kAddressValues;
    case FieldRole::kBarOffset:
      return kBarOffsetValues;
    case FieldRole::kTimeNs:
      return kTimeValues;
    case FieldRole::kCount:
      return kCountValues;
    case FieldRole::kErrno:
      return kErrnoValues;
    case FieldRole::kFdSlot:
      return kFdValues;
    case FieldRole::kFeatureFlags:
      return kFeatureFlagValues;
    case FieldRole::kArgsz:
      return kArgszValues;
    case FieldRole::kPageSize:
      return kPageSizeValues;
    case FieldRole::kPfn:
      return kPfnValues;
    case FieldRole::kSeed:
      return kSeedValues;
    case FieldRole::kAny:
    case FieldRole::kDeviceIndex:
    case FieldRole::kHostIndex:
    case FieldRole::kVcpuIndex:
      return kAnyValues;
  }
  return kAnyValues;
}

}  // namespace migsim
