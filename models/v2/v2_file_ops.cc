// File: models/v2/v2_file_ops.cc
// The data_fd file operations of V2Device: the entry points (the fd table's
// view: which fd, open or closed, its mode; the records of what the user
// got) and the driver's read / write / VFIO_MIG_GET_PRECOPY_INFO, after
// samples/vfio-mdev/mtty.c (mtty_save_read, mtty_resume_write,
// mtty_precopy_ioctl) with the uAPI's stated behaviour where mtty differs
// (a temporary end of stream in PRE_COPY answers -ENOMSG, not 0).
#include <cerrno>

#include "models/record_kinds.h"
#include "models/v2/v2_device.h"
#include "models/v2/v2_records.h"
#include "sim/check.h"
#include "sim/hash.h"
#include "sim/world.h"

namespace migsim::v2 {
namespace {

uint64_t Fnv(const uint8_t* data, size_t size) {
  Fnv1a64 fnv;
  for (size_t i = 0; i < size; ++i) fnv.AddByte(data[i]);
  return fnv.value();
}

bool InPreCopy(MigState state) { return state == kStatePreCopy || state == kStatePreCopyP2P; }

}  // namespace

DataFd* V2Device::Slot(uint32_t slot) {
  if (slot >= fds_.size()) return nullptr;
  return &fds_[fds_.size() - 1 - slot];
}

int64_t V2Device::ReadFd(World& world, uint32_t slot, uint64_t length,
                         std::vector<uint8_t>& out) {
  DataFd* fd = Slot(slot);
  const size_t before = out.size();
  int64_t result = -EBADF;  // no such fd, closed, or opened O_WRONLY
  if (fd != nullptr && !fd->closed() && fd->kind() == DataFdKind::kSaving) {
    result = SaveRead(world, *fd, length, out);
  }
  MIGSIM_CHECK(result < 0 || static_cast<size_t>(result) == out.size() - before);
  if (result > 0) fd->Observe(out.data() + before, static_cast<size_t>(result));
  world.Record(kV2RecordRead, host(), index(), static_cast<int32_t>(result),
               {fd != nullptr ? static_cast<uint32_t>(fd->fd()) : kNoDataFd, length,
                result > 0 ? static_cast<uint64_t>(result) : 0,
                fd != nullptr ? fd->observed_digest() : 0,
                fd != nullptr ? fd->observed_bytes() : 0});
  return result;
}

int64_t V2Device::WriteFd(World& world, uint32_t slot, const std::vector<uint8_t>& data) {
  DataFd* fd = Slot(slot);
  int64_t result = -EBADF;  // no such fd, closed, or opened O_RDONLY
  if (fd != nullptr && !fd->closed() && fd->kind() == DataFdKind::kResuming) {
    result = ResumeWrite(world, *fd, data);
  }
  MIGSIM_CHECK(result <= static_cast<int64_t>(data.size()));
  if (result > 0) fd->Observe(data.data(), static_cast<size_t>(result));
  world.Record(kV2RecordWrite, host(), index(), static_cast<int32_t>(result),
               {fd != nullptr ? static_cast<uint32_t>(fd->fd()) : kNoDataFd, data.size(),
                result > 0 ? static_cast<uint64_t>(result) : 0,
                fd != nullptr ? fd->observed_digest() : 0,
                fd != nullptr ? fd->observed_bytes() : 0});
  return result;
}

int V2Device::CloseFd(World& world, uint32_t slot) {
  DataFd* fd = Slot(slot);
  int result = -EBADF;
  if (fd != nullptr && !fd->closed()) {
    // The last reference goes: the driver releases the file, so its session
    // is over too (a later arc has nothing left to end).
    fd->Close();
    fd->End();
    result = 0;
  }
  world.Record(kV2RecordDataClose, host(), index(), result,
               {fd != nullptr ? static_cast<uint32_t>(fd->fd()) : kNoDataFd});
  return result;
}

int V2Device::PrecopyInfoFd(World& world, uint32_t slot, uint64_t* initial_bytes,
                            uint64_t* dirty_bytes) {
  MIGSIM_CHECK(initial_bytes != nullptr && dirty_bytes != nullptr);
  *initial_bytes = 0;
  *dirty_bytes = 0;
  DataFd* fd = Slot(slot);
  int result = -EBADF;
  if (fd != nullptr && !fd->closed()) {
    // The resuming file has no ioctl op.
    result = fd->kind() == DataFdKind::kSaving ? PrecopyInfo(world, *fd, initial_bytes,
                                                             dirty_bytes)
                                               : -ENOTTY;
  }
  if (result != 0) {
    *initial_bytes = 0;
    *dirty_bytes = 0;
  }
  world.Record(kV2RecordPrecopyInfo, host(), index(), result,
               {fd != nullptr ? static_cast<uint32_t>(fd->fd()) : kNoDataFd, *initial_bytes,
                *dirty_bytes});
  return result;
}

int64_t V2Device::SaveRead(World& world, DataFd& fd, uint64_t length,
                           std::vector<uint8_t>& out) {
  if (fd.ended()) return -ENODEV;
  if (auto f = failures_.Hit(world, index(), proto::DATA_READ)) return -f->errno_value;
  const bool final_phase = !InPreCopy(mig_state_);
  const bool end_before = fd.end_delivered(state_);
  const uint64_t offset = fd.writer().produced();
  const size_t before = out.size();
  const size_t n = fd.Produce(state_, final_phase, length, out);
  if (n > 0) {
    world.Record(kRecordStreamSave, host(), index(), 0,
                 {fd.session(), offset, n, Fnv(out.data() + before, n)});
  }
  if (!end_before && fd.end_delivered(state_)) {
    const StreamWriter& w = fd.writer();
    world.Record(kRecordStreamEnd, host(), index(), 0,
                 {fd.session(), w.produced(), w.stream_digest(), w.end_internal_digest()});
  }
  if (n > 0) return static_cast<int64_t>(n);
  // PRE_COPY: a temporary end of stream ("read() should return ENOMSG");
  // STOP_COPY: the permanent one (0, forever).
  return final_phase ? 0 : -ENOMSG;
}

int64_t V2Device::ResumeWrite(World& world, DataFd& fd, const std::vector<uint8_t>& data) {
  if (fd.ended()) return -ENODEV;
  if (auto f = failures_.Hit(world, index(), proto::DATA_WRITE)) return -f->errno_value;
  const uint64_t offset = fd.reader().consumed();
  const int r = fd.Consume(data.data(), data.size());
  world.Record(kRecordStreamLoad, host(), index(), r,
               {fd.reader().session(), offset, data.size(), Fnv(data.data(), data.size())});
  return r != 0 ? r : static_cast<int64_t>(data.size());
}

int V2Device::PrecopyInfo(World& world, DataFd& fd, uint64_t* initial_bytes,
                          uint64_t* dirty_bytes) {
  // mtty's order: the state first ("should return -EINVAL from any other
  // migration state"), then a disabled file.
  if (!InPreCopy(mig_state_)) return -EINVAL;
  if (fd.ended()) return -ENODEV;
  if (auto f = failures_.Hit(world, index(), proto::PRECOPY_INFO)) return -f->errno_value;
  *initial_bytes = fd.initial_bytes();
  *dirty_bytes = fd.dirty_bytes(state_);
  return 0;
}

}  // namespace migsim::v2
