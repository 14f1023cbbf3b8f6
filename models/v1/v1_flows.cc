// File: models/v1/v1_flows.cc
#include "models/v1/v1_flows.h"

#include <algorithm>
#include <cerrno>
#include <vector>

#include "models/v1/v1_user_ops.h"
#include "models/vmm/saved_streams.h"
#include "sim/check.h"

namespace migsim::v1 {
namespace {

// How the user reaches the data section of `device`: through the sparse-mmap
// area when the region offers one (QEMU mmaps it), else trapped reads split
// QEMU's way.
WindowAccess AccessAt(World& world, uint32_t device, uint64_t offset) {
  const V1Device* d = FindV1Device(world, device);
  return WindowAccess{offset, 0, d != nullptr && d->layout().sparse_mmap};
}

// Steps b) to d): data_offset, data_size, the segment. `size` receives
// data_size.
int CollectSegment(World& world, uint32_t device, uint64_t& size) {
  uint64_t offset = 0;
  if (int r = UserRead(world, device, kOffsetDataOffset, 8, offset); r != 0) return r;
  if (int r = UserRead(world, device, kOffsetDataSize, 8, size); r != 0) return r;
  if (size == 0) return 0;
  std::vector<uint8_t> bytes;
  return UserWindowRead(world, device, AccessAt(world, device, offset), size, bytes);
}

}  // namespace

int SetState(World& world, uint32_t device, uint32_t mask, uint32_t value) {
  uint64_t old = 0;
  if (int r = UserRead(world, device, kOffsetDeviceState, 4, old); r != 0) return r;
  const uint32_t next = (static_cast<uint32_t>(old) & mask) | value;
  const int r = UserWrite(world, device, kOffsetDeviceState, 4, next);
  if (r != 0) {
    uint64_t now = 0;
    UserRead(world, device, kOffsetDeviceState, 4, now);
  }
  return r;
}

int SaveIteration(World& world, uint32_t device, uint64_t& pending_after) {
  pending_after = 0;
  if (int r = UserRead(world, device, kOffsetPendingBytes, 8, pending_after); r != 0) return r;
  if (pending_after == 0) return 0;
  uint64_t size = 0;
  if (int r = CollectSegment(world, device, size); r != 0) return r;
  return UserRead(world, device, kOffsetPendingBytes, 8, pending_after);
}

int DrainToEnd(World& world, uint32_t device, uint32_t iterations_max) {
  uint64_t pending = 0;
  if (int r = UserRead(world, device, kOffsetPendingBytes, 8, pending); r != 0) return r;
  for (uint32_t i = 0; i < iterations_max && pending != 0; ++i) {
    uint64_t size = 0;
    if (int r = CollectSegment(world, device, size); r != 0) return r;
    if (size == 0) break;  // QEMU: "if (data_size == 0) break;"
    if (int r = UserRead(world, device, kOffsetPendingBytes, 8, pending); r != 0) return r;
  }
  return 0;
}

int PushStream(World& world, uint32_t source, uint32_t target, uint32_t segments_max) {
  SavedStreams& saved = SavedStreams::Of(world);
  const V1Device* d = FindV1Device(world, target);
  const uint64_t room = d != nullptr ? d->layout().data_section_bytes : 0;
  for (uint32_t n = 0; saved.remaining_segments(source) > 0; ++n) {
    if (segments_max != 0 && n == segments_max) break;
    const std::vector<uint8_t> segment = saved.TakeSegment(source);
    for (size_t done = 0; done < segment.size();) {
      uint64_t offset = 0;
      if (int r = UserRead(world, target, kOffsetDataOffset, 8, offset); r != 0) return r;
      const size_t part =
          room == 0 ? segment.size() - done : std::min<uint64_t>(segment.size() - done, room);
      const absl::Span<const uint8_t> bytes(segment.data() + done, part);
      if (int r = UserWindowWrite(world, target, AccessAt(world, target, offset), bytes); r != 0) {
        return r;
      }
      if (int r = UserWrite(world, target, kOffsetDataSize, 8, part); r != 0) return r;
      done += part;
    }
  }
  return 0;
}

int DirtyPfns(World& world, uint32_t device, uint64_t start_pfn, uint64_t page_size,
              uint64_t total_pfns) {
  if (int r = UserWrite(world, device, kOffsetStartPfn, 8, start_pfn); r != 0) return r;
  if (int r = UserWrite(world, device, kOffsetPageSize, 8, page_size); r != 0) return r;
  if (int r = UserWrite(world, device, kOffsetTotalPfns, 8, total_pfns); r != 0) return r;
  uint64_t copied_total = 0;
  // Each answer covers at least one pfn, so total_pfns + 1 reads always suffice.
  for (uint64_t i = 0; i <= total_pfns; ++i) {
    uint64_t copied = 0;
    if (int r = UserRead(world, device, kOffsetCopiedPfns, 8, copied); r != 0) return r;
    if (copied == kDirtyPfnsNone || copied == kDirtyPfnsAll) return 0;
    uint64_t offset = 0;
    if (int r = UserRead(world, device, kOffsetDataOffset, 8, offset); r != 0) return r;
    std::vector<uint8_t> bitmap;
    const WindowAccess access = AccessAt(world, device, offset);
    if (int r = UserWindowRead(world, device, access, (copied + 7) / 8, bitmap); r != 0) return r;
    copied_total += copied;
    if (copied_total >= total_pfns) return 0;
  }
  return 0;
}

}  // namespace migsim::v1
