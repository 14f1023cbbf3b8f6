// File: models/v1/v1_device.cc
//
// V1Device: construction, lifecycle (start, reset, open, close), Activity,
// and the dispatch of region accesses to the header or the data section.
#include "models/v1/v1_device.h"

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "models/record_kinds.h"
#include "models/v1/v1_records.h"
#include "sim/check.h"
#include "sim/dma_fabric.h"
#include "sim/hash.h"
#include "sim/limits.h"
#include "sim/scenario_validation.h"
#include "sim/world.h"

namespace migsim::v1 {
namespace {

constexpr uint32_t kStreamFamilyV1 = 1;

}  // namespace

absl::StatusOr<std::unique_ptr<SimDevice>> V1Device::Create(const proto::Device& device,
                                                            uint32_t index, uint64_t seed,
                                                            const std::string& path) {
  static_cast<void>(seed);  // the reference model draws no randomness
  if (auto s = ValidateV1Params(device.v1(), path); !s.ok()) return s;
  return std::unique_ptr<SimDevice>(new V1Device(device, index));
}

V1Device::V1Device(const proto::Device& device, uint32_t index)
    : MigratableDevice(index, static_cast<uint16_t>(device.host()),
                       device.bar_size() != 0 ? device.bar_size() : kBarSizeDefault,
                       device.v1().internals()),
      params_(device.v1()),
      layout_(MakeRegionLayout(device.v1())),
      model_id_(StreamModelId(kStreamFamilyV1, device.v1().variant())),
      window_(layout_.data_section_bytes, 0),
      dirty_(layout_.bitmap_bytes, device.v1().rfc_report_all()) {}

std::unique_ptr<SimDevice> V1Device::Clone() const {
  return std::unique_ptr<SimDevice>(new V1Device(*this));
}

void V1Device::OnStart(World& world) {
  // VFIO_DEVICE_GET_REGION_INFO, as the VMM reads it at start.
  const uint64_t flags =
      (layout_.sparse_mmap ? kRegionFlagSparseMmap : 0) | (ndma_capable() ? kRegionFlagNdmaCap : 0);
  world.Record(kRecordRegionInfo, host(), index(), 0,
               {layout_.region_size, flags, layout_.mmap_offset,
                layout_.sparse_mmap ? layout_.region_size - layout_.mmap_offset : 0,
                static_cast<uint64_t>(variant())});
  MigratableDevice::OnStart(world);
}

void V1Device::OnDmaDone(World& world, const DmaCompletion& completion) {
  // 003: the vendor driver reports "system memory pages which are dirtied by
  // that driver"; the device only knows IOVAs, so it logs those.
  if (completion.result == 0 && completion.request.write) {
    dirty_.LogWrite(completion.request.iova, completion.request.length);
  }
  MigratableDevice::OnDmaDone(world, completion);
}

Activity V1Device::CurrentActivity() const {
  if (!open_ || (state_bits_ & kRunning) == 0) return Activity{};  // also ERROR (!RUNNING)
  if ((state_bits_ & kNdma) != 0) {
    // 000: NDMA "must prevent the device from initiating any new DMA or
    // interrupt transactions"; internal state and MMIO go on.
    return Activity{.advance = true, .accept_mmio = true};
  }
  return Activity{true, true, true, true, true};
}

void V1Device::DiscardSessions() {
  saving_.reset();
  resuming_.reset();
  dirty_.Stop();
  bitmap_step_ = false;
  std::fill(window_.begin(), window_.end(), 0);
}

void V1Device::ReinitState(World& world) {
  state_ = InternalState(state_.words());
  RecordInternalChange(world, index(), state_, 0, kChangeReset);
}

void V1Device::Reset(World& world) {
  if (!open_) {
    world.Record(kRecordDeviceReset, host(), index(), -EBADF, {state_bits_});
    return;
  }
  // 002: "When a migration driver executes this ioctl it should discard the
  // data window and set device_state to RUNNING as part of resetting the
  // device to a clean state. This must happen even if the device_state has
  // errored."
  Quiesce(world);
  DiscardSessions();
  state_bits_ = kRunning;
  ReinitState(world);
  world.Record(kRecordDeviceReset, host(), index(), 0, {state_bits_});
}

void V1Device::Open(World& world) {
  if (open_) {
    world.Record(kRecordDeviceOpen, host(), index(), -EBUSY, {state_bits_});
    return;
  }
  // 002: "A freshly opened device FD should always be in the RUNNING state."
  open_ = true;
  DiscardSessions();
  state_bits_ = kRunning;
  ReinitState(world);
  world.Record(kRecordDeviceOpen, host(), index(), 0, {state_bits_});
}

void V1Device::Close(World& world) {
  if (!open_) {
    world.Record(kRecordDeviceClose, host(), index(), -EBADF, {state_bits_});
    return;
  }
  Quiesce(world);
  DiscardSessions();
  open_ = false;
  state_bits_ = kRunning;  // the next open starts from the default state
  world.Record(kRecordDeviceClose, host(), index(), 0, {state_bits_});
}

uint64_t V1Device::ModelDigest() const {
  uint64_t d = HashCombine(state_bits_, (next_session_ << 2) | (open_ << 1) | bitmap_step_);
  d = HashCombine(d, saving_ ? saving_->Digest() : 0);
  d = HashCombine(d, resuming_ ? HashCombine(resuming_->consumed(), resuming_->error()) : 1);
  d = HashCombine(d, dirty_.Digest());
  Fnv1a64 fnv;
  for (uint8_t b : window_) fnv.AddByte(b);
  return HashCombine(d, fnv.value());
}

int V1Device::ReadRegion(World& world, uint64_t offset, uint32_t width, uint64_t& value) {
  value = 0;
  if (offset >= layout_.header_bytes) {
    std::vector<uint8_t> bytes;
    const int r = ReadWindow(world, WindowAccess{offset, width, false}, width, bytes);
    for (size_t i = 0; i < bytes.size(); ++i) value |= uint64_t{bytes[i]} << (8 * i);
    return r;
  }
  Step step = Step::kNone;
  const int r = !open_ ? -EBADF : ReadHeader(world, offset, width, value, step);
  if (r != 0) value = 0;
  world.Record(kRecordRegionRead, host(), index(), r,
               {offset, width, value, static_cast<uint64_t>(step)});
  return r;
}

int V1Device::WriteRegion(World& world, uint64_t offset, uint32_t width, uint64_t value) {
  MIGSIM_CHECK(width >= 1 && width <= 8) << "width=" << width;
  if (width < 8) value &= (uint64_t{1} << (8 * width)) - 1;
  if (offset >= layout_.header_bytes) {
    uint8_t bytes[8];
    for (uint32_t i = 0; i < width; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
    return WriteWindow(world, WindowAccess{offset, width, false}, {bytes, width});
  }
  world.Record(kRecordWriteBegin, host(), index(), 0, {offset, width, value});
  Step step = Step::kNone;
  const int r = !open_ ? -EBADF : WriteHeader(world, offset, width, value, step);
  world.Record(kRecordWriteEnd, host(), index(), r,
               {offset, width, value, static_cast<uint64_t>(step)});
  return r;
}

int V1Device::ReadHeader(World& world, uint64_t offset, uint32_t width, uint64_t& value,
                         Step& step) {
  if (int r = CheckFieldAccess(offset, width, false); r != 0) return r;
  switch (offset) {
    case kOffsetDeviceState: return ReadDeviceState(world, value);
    case kOffsetReserved: return ReadReserved(world, value);
    case kOffsetPendingBytes: return ReadPendingBytes(world, value, step);
    case kOffsetDataOffset: return ReadDataOffset(world, value, step);
    case kOffsetDataSize: return ReadDataSize(world, value, step);
    case kOffsetCopiedPfns: return ReadCopiedPfns(world, value, step);
    default: return -EINVAL;
  }
}

int V1Device::WriteHeader(World& world, uint64_t offset, uint32_t width, uint64_t value,
                          Step& step) {
  if (int r = CheckFieldAccess(offset, width, true); r != 0) return r;
  switch (offset) {
    case kOffsetDeviceState: return WriteDeviceState(world, static_cast<uint32_t>(value));
    case kOffsetReserved: return WriteReserved(world, value);
    case kOffsetDataSize: return WriteDataSize(world, value, step);
    case kOffsetStartPfn:
    case kOffsetPageSize:
    case kOffsetTotalPfns: return WriteBitmapField(world, offset, value, step);
    default: return -EINVAL;
  }
}

int V1Device::ReadReserved(World& world, uint64_t& value) {
  static_cast<void>(world);
  value = 0;
  return 0;
}

int V1Device::WriteReserved(World& world, uint64_t value) {
  static_cast<void>(world);
  static_cast<void>(value);
  return 0;
}

int V1Device::CheckFieldAccess(uint64_t offset, uint32_t width, bool write) const {
  // 001: "Field accesses from this structure are only supported at their
  // native width and alignment. Otherwise, the result is undefined and
  // vendor drivers should return an error."
  const Field* field = FindField(variant(), offset, width);
  if (field == nullptr) return -EINVAL;
  return (write ? field->writable : field->readable) ? 0 : -EINVAL;
}

}  // namespace migsim::v1
