// File: models/vmm/device_driver.cc
// After QEMU's hw/vfio/migration.c as ../shared/reference/qemu-flows.md
// summarises it (vfio_migration_set_state, vfio_save_buffer / vfio_save_block,
// vfio_load_buffer, vfio_query_stop_copy_size, vfio_query_precopy_size);
// written from that description, not copied.
#include "models/vmm/device_driver.h"

#include <algorithm>
#include <cerrno>

#include "models/device/migratable_device.h"
#include "models/v1/v1_device.h"
#include "models/v1/v1_flows.h"
#include "models/v1/v1_user_ops.h"
#include "models/v1/v1_user_state.h"
#include "models/v2/mig_fsm.h"
#include "models/v2/v2_core.h"
#include "models/v2/v2_device.h"
#include "models/vmm/saved_streams.h"
#include "sim/check.h"

namespace migsim::vmm {
namespace {

// Segments (v1) or read() calls (v2) one SaveData call issues at most when
// asked for "until none": more than any stream of the largest internal
// state needs (4096 words in 144-byte chunk records, 64-byte segments).
constexpr uint32_t kReadsMax = 10000;
// QEMU's data buffer cap (vfio_save_setup: min(1 MiB, stop_copy_length)).
constexpr uint64_t kReadBytesMax = uint64_t{1} << 20;
// The v1 bits a flow sets; the rest (reserved) are preserved by the RMW.
constexpr uint32_t kV1StateBits = v1::kRunning | v1::kSaving | v1::kResuming | v1::kNdma;

uint32_t EncodeV1(const DeviceSide& s, DevState state) {
  const uint32_t ndma = s.grace_capable ? v1::kNdma : 0;
  switch (state) {
    case DevState::kRunning:
      return v1::kRunning;
    case DevState::kPreCopy:
      return v1::kSaving | v1::kRunning;
    case DevState::kPreCopyGrace:
      return v1::kSaving | ndma | v1::kRunning;
    case DevState::kRunningGrace:
      return ndma | v1::kRunning;
    case DevState::kStopCopy:
      return v1::kSaving;
    case DevState::kStop:
      return v1::kStop;
    case DevState::kResuming:
      return v1::kResuming;
  }
  return v1::kRunning;
}

uint32_t EncodeV2(const DeviceSide& s, DevState state) {
  const bool p2p = s.grace_capable;
  const bool pre = s.precopy_capable;
  switch (state) {
    case DevState::kRunning:
      return v2::kStateRunning;
    case DevState::kPreCopy:
      return pre ? v2::kStatePreCopy : v2::kStateRunning;
    case DevState::kPreCopyGrace:
      if (pre) return p2p ? v2::kStatePreCopyP2P : v2::kStatePreCopy;
      return p2p ? v2::kStateRunningP2P : v2::kStateRunning;
    case DevState::kRunningGrace:
      return p2p ? v2::kStateRunningP2P : v2::kStateRunning;
    case DevState::kStopCopy:
      return v2::kStateStopCopy;
    case DevState::kStop:
      return v2::kStateStop;
    case DevState::kResuming:
      return v2::kStateResuming;
  }
  return v2::kStateRunning;
}

int SetStateV1(World& world, DeviceSide& side, uint32_t target, bool dedupe) {
  if (dedupe && side.known == target) return 0;
  const bool enters_saving = (target & v1::kSaving) != 0 && (side.known & v1::kSaving) == 0;
  const int r = v1::SetState(world, side.device, ~kV1StateBits, target);
  if (r == 0) {
    side.known = target;
    if (enters_saving) side.segments_sent = 0;  // a new SAVING session, a new stream
    return 0;
  }
  // vfio_migration_set_state re-reads device_state after a failed write.
  if (std::optional<uint32_t> now = v1::V1UserState::Of(world).known_state(side.device)) {
    side.known = *now;
  }
  return r;
}

int SetV2(World& world, DeviceSide& side, uint32_t target) {
  v2::FeatureCall call = v2::SetCall(v2::kFeatureMigDeviceState);
  call.device_state = target;
  const v2::FeatureReply reply = v2::DeviceFeature(world, side.device, call);
  if (reply.result == 0) side.known = target;
  return reply.result;
}

int SaveDataV1(World& world, DeviceSide& side, uint32_t reads_max,
               std::vector<std::vector<uint8_t>>& out) {
  const SavedStreams& saved = SavedStreams::Of(world);
  const uint32_t bound = reads_max != 0 ? reads_max : kReadsMax;
  for (uint32_t i = 0; i < bound; ++i) {
    uint64_t pending_after = 0;
    const size_t before = saved.segments(side.device).size();
    if (before < side.segments_sent) side.segments_sent = 0;  // the VMM's buffer restarted
    if (int r = v1::SaveIteration(world, side.device, pending_after); r != 0) return r;
    const auto& segments = saved.segments(side.device);
    for (; side.segments_sent < segments.size(); ++side.segments_sent) {
      out.push_back(segments[side.segments_sent]);
    }
    if (pending_after == 0) {
      // 000: in SAVING | !RUNNING, pending_bytes 0 "indicates the end of the
      // device migration stream"; in pre-copy it is only "nothing now".
      if ((side.known & v1::kRunning) == 0) side.stream_ended = true;
      return 0;
    }
    // QEMU: "if (data_size == 0) break;".
    if (segments.size() == before) return 0;
  }
  return 0;
}

int SaveDataV2(World& world, DeviceSide& side, uint32_t reads_max,
               std::vector<std::vector<uint8_t>>& out) {
  auto* d = dynamic_cast<v2::V2Device*>(&world.device(side.device));
  MIGSIM_CHECK(d != nullptr) << "device " << side.device << " is not v2";
  const uint32_t bound = reads_max != 0 ? reads_max : kReadsMax;
  for (uint32_t i = 0; i < bound; ++i) {
    std::vector<uint8_t> bytes;
    const int64_t n = d->ReadFd(world, 0, side.read_bytes, bytes);
    if (n == 0) {
      side.stream_ended = true;  // STOP_COPY: the permanent end of stream
      return 0;
    }
    if (n == -ENOMSG) return 0;  // PRE_COPY: nothing now (QEMU treats it as 0 bytes)
    if (n < 0) return static_cast<int>(n);
    out.push_back(std::move(bytes));
  }
  return 0;
}

int PushDataV1(World& world, DeviceSide& side, const std::vector<uint8_t>& segment) {
  const v1::V1Device* d = v1::FindV1Device(world, side.device);
  const uint64_t room = d != nullptr ? d->layout().data_section_bytes : segment.size();
  const bool mmap = d != nullptr && d->layout().sparse_mmap;
  for (size_t done = 0; done < segment.size();) {
    uint64_t offset = 0;
    if (int r = v1::UserRead(world, side.device, v1::kOffsetDataOffset, 8, offset); r != 0) {
      return r;
    }
    const size_t part = std::min<uint64_t>(segment.size() - done, std::max<uint64_t>(room, 1));
    const absl::Span<const uint8_t> bytes(segment.data() + done, part);
    if (int r = v1::UserWindowWrite(world, side.device, v1::WindowAccess{offset, 0, mmap}, bytes);
        r != 0) {
      return r;
    }
    if (int r = v1::UserWrite(world, side.device, v1::kOffsetDataSize, 8, part); r != 0) {
      return r;
    }
    done += part;
  }
  return 0;
}

int PushDataV2(World& world, DeviceSide& side, const FlowStyle& style,
               const std::vector<uint8_t>& segment) {
  auto* d = dynamic_cast<v2::V2Device*>(&world.device(side.device));
  MIGSIM_CHECK(d != nullptr) << "device " << side.device << " is not v2";
  const uint64_t piece = std::max<uint64_t>(style.v2_write_bytes, 1);
  for (size_t done = 0; done < segment.size();) {
    const size_t n = std::min<uint64_t>(segment.size() - done, piece);
    const std::vector<uint8_t> bytes(segment.begin() + done, segment.begin() + done + n);
    const int64_t r = d->WriteFd(world, 0, bytes);
    if (r < 0) return static_cast<int>(r);
    if (r == 0) return -EIO;  // no progress: the stream cannot go on
    done += static_cast<size_t>(r);
  }
  return 0;
}

}  // namespace

DeviceSide MakeDeviceSide(World& world, uint32_t device) {
  DeviceSide side;
  side.device = device;
  SimDevice& sim = world.device(device);
  if (auto* d1 = dynamic_cast<v1::V1Device*>(&sim)) {
    side.family = Family::kV1;
    side.grace_capable = d1->variant() == proto::V1_NDMA && d1->ndma_capable();
    side.precopy_capable = true;
    side.known = d1->device_state();
    return side;
  }
  auto* d2 = dynamic_cast<v2::V2Device*>(&sim);
  MIGSIM_CHECK(d2 != nullptr) << "device " << device << " has no migration interface";
  side.family = Family::kV2;
  side.grace_capable = (d2->flags() & v2::kMigrationP2P) != 0;
  side.precopy_capable = (d2->flags() & v2::kMigrationPreCopy) != 0;
  side.known = d2->mig_state();
  return side;
}

uint32_t Encode(const DeviceSide& side, DevState state) {
  return side.family == Family::kV1 ? EncodeV1(side, state) : EncodeV2(side, state);
}

bool InPreCopy(const DeviceSide& side) {
  if (side.family == Family::kV1) {
    return (side.known & (v1::kSaving | v1::kRunning | v1::kResuming)) ==
           (v1::kSaving | v1::kRunning);
  }
  return side.known == v2::kStatePreCopy || side.known == v2::kStatePreCopyP2P;
}

bool InError(const DeviceSide& side) {
  if (side.family == Family::kV1) return (side.known & 0x7) == v1::kError;
  return side.known == v2::kStateError;
}

int SetState(World& world, DeviceSide& side, DevState target, const FlowStyle& style, bool dedupe,
             std::optional<DevState> recover) {
  const uint32_t t = Encode(side, target);
  const bool v1 = side.family == Family::kV1;
  if (dedupe && side.known == t) return 0;
  const int error = v1 ? SetStateV1(world, side, t, false) : SetV2(world, side, t);
  if (error == 0) return 0;
  if (!style.recover_states) {
    if (!v1) RefreshState(world, side);  // v1: the RMW re-read device_state already
    return error;
  }
  // QEMU: recover_state ERROR means reset; a failed recovery resets too. A
  // v1 device in ERROR takes no device_state write ("must use the device
  // reset ioctl to recover the device from VFIO_DEVICE_STATE_ERROR state").
  if (!v1) RefreshState(world, side);
  bool recovered = false;
  if (recover && !InError(side)) {
    const uint32_t r = Encode(side, *recover);
    recovered = (v1 ? SetStateV1(world, side, r, false) : SetV2(world, side, r)) == 0;
  }
  if (!recovered) Reset(world, side);
  return error;
}

void RefreshState(World& world, DeviceSide& side) {
  if (side.family == Family::kV1) {
    uint64_t value = 0;
    if (v1::UserRead(world, side.device, v1::kOffsetDeviceState, 4, value) == 0) {
      side.known = static_cast<uint32_t>(value);
    }
    return;
  }
  const v2::FeatureReply reply =
      v2::DeviceFeature(world, side.device, v2::GetCall(v2::kFeatureMigDeviceState));
  if (reply.result == 0) side.known = static_cast<uint32_t>(reply.value);
}

int Reset(World& world, DeviceSide& side) {
  auto* d = dynamic_cast<MigratableDevice*>(&world.device(side.device));
  MIGSIM_CHECK(d != nullptr) << "device " << side.device;
  d->Reset(world);
  side.known = Encode(side, DevState::kRunning);
  side.stream_ended = false;
  return 0;
}

int SaveData(World& world, DeviceSide& side, uint32_t reads_max,
             std::vector<std::vector<uint8_t>>& out) {
  return side.family == Family::kV1 ? SaveDataV1(world, side, reads_max, out)
                                    : SaveDataV2(world, side, reads_max, out);
}

int PushData(World& world, DeviceSide& side, const FlowStyle& style,
             const std::vector<uint8_t>& segment) {
  if (segment.empty()) return 0;
  return side.family == Family::kV1 ? PushDataV1(world, side, segment)
                                    : PushDataV2(world, side, style, segment);
}

void QuerySizes(World& world, DeviceSide& side, bool data_size, bool precopy_info) {
  if (side.family != Family::kV2) return;
  if (data_size) {
    const v2::FeatureReply reply =
        v2::DeviceFeature(world, side.device, v2::GetCall(v2::kFeatureMigDataSize));
    if (reply.result == 0 && reply.value != 0) {
      side.read_bytes = std::min<uint64_t>(kReadBytesMax, reply.value);
    }
  }
  if (precopy_info && InPreCopy(side)) {
    auto* d = dynamic_cast<v2::V2Device*>(&world.device(side.device));
    MIGSIM_CHECK(d != nullptr);
    uint64_t initial = 0;
    uint64_t dirty = 0;
    if (d->PrecopyInfoFd(world, 0, &initial, &dirty) == 0) side.pending_estimate = initial + dirty;
  }
}

void ProbeMigration(World& world, DeviceSide& side) {
  if (side.family != Family::kV2) return;
  v2::DeviceFeature(world, side.device, v2::GetCall(v2::kFeatureMigration));
}

void CloseDataFds(World& world, DeviceSide& side) {
  if (side.family != Family::kV2) return;
  auto* d = dynamic_cast<v2::V2Device*>(&world.device(side.device));
  MIGSIM_CHECK(d != nullptr);
  // Slot 0 is the most recent fd; close from the oldest so slots stay put.
  const size_t n = d->fds().size();
  for (size_t i = 0; i < n; ++i) {
    if (!d->fds()[i].closed()) d->CloseFd(world, static_cast<uint32_t>(n - 1 - i));
  }
}

int LogStart(World& world, DeviceSide& side, uint64_t ram_bytes, uint64_t page_size) {
  if (side.family != Family::kV2) return -ENOTTY;
  v2::FeatureCall call = v2::SetCall(v2::kFeatureDmaLoggingStart);
  call.page_size = page_size;
  call.ranges.push_back({0, ram_bytes});
  const v2::FeatureReply reply = v2::DeviceFeature(world, side.device, call);
  side.log_page_size = reply.result == 0 ? reply.value : 0;
  return reply.result;
}

int LogStop(World& world, DeviceSide& side) {
  if (side.family != Family::kV2) return -ENOTTY;
  side.log_page_size = 0;
  return v2::DeviceFeature(world, side.device, v2::SetCall(v2::kFeatureDmaLoggingStop)).result;
}

int LogReport(World& world, DeviceSide& side, uint64_t ram_bytes, uint64_t page_size,
              std::vector<uint64_t>& pages) {
  if (side.family != Family::kV2) return -ENOTTY;
  v2::FeatureCall call = v2::GetCall(v2::kFeatureDmaLoggingReport);
  call.iova = 0;
  call.length = ram_bytes;
  call.page_size = page_size;
  const v2::FeatureReply reply = v2::DeviceFeature(world, side.device, call);
  if (reply.result != 0) return reply.result;
  pages.insert(pages.end(), reply.bitmap.begin(), reply.bitmap.end());
  return 0;
}

}  // namespace migsim::vmm
