// File: models/v1/v1_device_data.cc
//
// V1Device: the data fields (pending_bytes, data_offset, data_size), the
// data window, the SAVING and RESUMING sessions and the RFC's dirty bitmap
// fields. The SAVING protocol is steps a) to e) and the RESUMING protocol
// steps a) to d) of 000_fc85d4adbcac4363.txt (models/v1/v1_save_session.h).
#include <algorithm>
#include <cerrno>

#include "models/record_kinds.h"
#include "models/v1/v1_device.h"
#include "models/v1/v1_records.h"
#include "sim/check.h"
#include "sim/hash.h"
#include "sim/world.h"

namespace migsim::v1 {
namespace {

bool Saving(uint32_t s) { return (s & kSaving) != 0 && (s & kResuming) == 0; }
bool Resuming(uint32_t s) { return (s & kResuming) != 0 && (s & kSaving) == 0; }

uint64_t Fnv(absl::Span<const uint8_t> bytes) {
  Fnv1a64 fnv;
  for (uint8_t b : bytes) fnv.AddByte(b);
  return fnv.value();
}

// The syscall pieces of an access: QEMU's naturally aligned 8/4/2/1 split
// (hw/vfio/migration.c vfio_mig_rw), or fixed pieces.
std::vector<uint64_t> Pieces(uint64_t offset, uint64_t length, uint32_t piece_bytes) {
  std::vector<uint64_t> pieces;
  while (length > 0) {
    uint64_t n = piece_bytes;
    if (n == 0) {
      n = 8;
      while (n > 1 && (n > length || offset % n != 0)) n /= 2;
    }
    n = std::min(n, length);
    pieces.push_back(n);
    offset += n;
    length -= n;
  }
  return pieces;
}

std::vector<uint64_t> Pack(absl::Span<const uint8_t> bytes) {
  std::vector<uint64_t> words((bytes.size() + 7) / 8, 0);
  for (size_t i = 0; i < bytes.size(); ++i) words[i / 8] |= uint64_t{bytes[i]} << (8 * (i % 8));
  return words;
}

}  // namespace

int V1Device::ReadPendingBytes(World& world, uint64_t& value, Step& step) {
  static_cast<void>(world);
  value = 0;
  // 000: "The value of this field is undefined when !SAVING."
  if (!Saving(state_bits_) || !saving_) return 0;
  step = Step::kSaveA;
  if (saving_->segment_open()) {
    saving_->Collect();  // step e): the segment was collected
    step = Step::kSaveE;
  }
  value = saving_->PendingBytes(state_, (state_bits_ & kRunning) == 0);
  return 0;
}

int V1Device::ReadDataOffset(World& world, uint64_t& value, Step& step) {
  value = layout_.data_offset;
  if (bitmap_step_) {
    bitmap_step_ = false;
    value = layout_.bitmap_offset;
    step = Step::kBitmapC;
    return 0;
  }
  if (Resuming(state_bits_)) {
    step = Step::kResumeA;
    return 0;
  }
  if (!Saving(state_bits_) || !saving_) return 0;  // undefined value, no effect
  step = Step::kSaveB;
  if (saving_->segment_open()) return 0;  // the current segment again
  if (auto fired = failures_.Hit(world, index(), proto::DATA_READ)) return -fired->errno_value;
  const Segment seg =
      saving_->Commit(state_, (state_bits_ & kRunning) == 0, layout_.segment_bytes, window_);
  const uint64_t session = saving_->writer().session();
  if (seg.length > 0) {
    world.Record(kRecordStreamSave, host(), index(), 0,
                 {session, seg.stream_offset, seg.length, seg.digest});
  }
  if (seg.completes_stream) {
    const StreamWriter& w = saving_->writer();
    world.Record(kRecordStreamEnd, host(), index(), 0,
                 {session, w.produced(), w.stream_digest(), w.end_internal_digest()});
  }
  return 0;
}

int V1Device::ReadDataSize(World& world, uint64_t& value, Step& step) {
  static_cast<void>(world);
  value = 0;
  if (Saving(state_bits_) && saving_ && saving_->segment_open()) {
    value = saving_->segment_size();
    step = Step::kSaveC;
  }
  return 0;
}

int V1Device::WriteDataSize(World& world, uint64_t value, Step& step) {
  if (!Resuming(state_bits_) || !resuming_) return -EINVAL;  // read-only unless RESUMING
  if (value > layout_.data_section_bytes) return -EINVAL;
  step = Step::kResumeC;
  if (auto fired = failures_.Hit(world, index(), proto::DATA_WRITE)) return -fired->errno_value;
  const uint64_t offset = resuming_->consumed();
  const int r = resuming_->Consume(window_.data(), value);
  world.Record(
      kRecordStreamLoad, host(), index(), r,
      {resuming_->session(), offset, value, Fnv({window_.data(), static_cast<size_t>(value)})});
  return r;
}

int V1Device::ReadCopiedPfns(World& world, uint64_t& value, Step& step) {
  static_cast<void>(world);
  value = 0;
  if (!Saving(state_bits_)) return -EINVAL;  // 003: dirty pages are reported while SAVING
  step = Step::kBitmapB;
  if (int r = dirty_.ReadCopiedPfns(value); r != 0) return r;
  bitmap_step_ = value != kDirtyPfnsNone && value != kDirtyPfnsAll;
  return 0;
}

int V1Device::WriteBitmapField(World& world, uint64_t offset, uint64_t value, Step& step) {
  static_cast<void>(world);
  step = Step::kBitmapA;
  bitmap_step_ = false;
  if (offset == kOffsetStartPfn) dirty_.SetStartPfn(value);
  if (offset == kOffsetPageSize) dirty_.SetPageSize(value);
  if (offset == kOffsetTotalPfns) dirty_.SetTotalPfns(value);
  return 0;
}

void V1Device::StartSaving(World& world) {
  static_cast<void>(world);
  // 000: SAVING "enables and initializes the migration region data window".
  std::fill(window_.begin(), window_.end(), 0);
  saving_.emplace(next_session_++, model_id_, state_, work_.precopy_logging());
  if (variant() == proto::V1_RFC) dirty_.Start();
}

void V1Device::StopSaving(World& world) {
  static_cast<void>(world);
  // 000: "Clearing this bit (ie. !SAVING) de-initializes the migration
  // region data window".
  saving_.reset();
  dirty_.Stop();
  bitmap_step_ = false;
}

void V1Device::StartResuming(World& world) {
  static_cast<void>(world);
  // 002: "The data window is cleared, opened, and can receive the migration
  // data stream."
  std::fill(window_.begin(), window_.end(), 0);
  resuming_.emplace(model_id_, state_);
}

int V1Device::FinishResuming(World& world, bool& to_error) {
  MIGSIM_CHECK(resuming_.has_value()) << "!RESUMING without a resuming session";
  int r = resuming_->Finish();
  bool armed_to_error = false;
  if (auto fired = failures_.Hit(world, index(), proto::RESUME_LOAD)) {
    r = -fired->errno_value;
    armed_to_error = fired->to_error;
  }
  if (r == 0) {
    state_ = resuming_->staged();
    RecordInternalChange(world, index(), state_, 0, kChangeResumeLoad);
  }
  world.Record(kRecordResumeLoaded, host(), index(), r,
               {resuming_->session(), resuming_->stream_digest(), state_.Digest()});
  // 002: "If the migration data is invalid then the ERROR state must be
  // set" (V1_NDMA); 001 lets the driver keep the previous state.
  to_error = variant() == proto::V1_NDMA || armed_to_error;
  return r;
}

int V1Device::ReadWindow(World& world, const WindowAccess& a, uint64_t length,
                         std::vector<uint8_t>& out) {
  out.clear();
  const bool data = layout_.InData(a.offset, length);
  const bool bitmap = layout_.InBitmap(a.offset, length);
  int r = 0;
  size_t pieces = 0;
  if (!open_) {
    r = -EBADF;
  } else if ((!data && !bitmap) || length == 0 || (a.mmap && !layout_.sparse_mmap)) {
    r = -EINVAL;
  } else {
    const uint8_t* src = data ? window_.data() + (a.offset - layout_.data_offset)
                              : dirty_.bitmap().data() + (a.offset - layout_.bitmap_offset);
    const std::vector<uint64_t> plan =
        a.mmap ? std::vector<uint64_t>{length} : Pieces(a.offset, length, a.piece_bytes);
    for (uint64_t n : plan) {
      if (!a.mmap) {
        if (auto fired = failures_.Hit(world, index(), proto::DATA_READ)) {
          r = -fired->errno_value;
          break;
        }
        ++pieces;
      }
      out.insert(out.end(), src + out.size(), src + out.size() + n);
    }
  }
  const Step step = bitmap                                           ? Step::kBitmapD
                    : (r == 0 && saving_ && saving_->segment_open()) ? Step::kSaveD
                                                                     : Step::kNone;
  const uint64_t flags = (a.mmap ? kWindowFlagMmap : 0) | (static_cast<uint64_t>(step) << 8);
  world.Record(kRecordWindowRead, host(), index(), r,
               {a.offset, length, out.size(), pieces, flags, Fnv(out)}, Pack(out));
  return r;
}

int V1Device::WriteWindow(World& world, const WindowAccess& a, absl::Span<const uint8_t> bytes) {
  int r = 0;
  size_t pieces = 0;
  size_t moved = 0;
  if (!open_) {
    r = -EBADF;
  } else if (!layout_.InData(a.offset, bytes.size()) || bytes.empty() ||
             (a.mmap && !layout_.sparse_mmap) || !Resuming(state_bits_)) {
    r = -EINVAL;
  } else {
    uint8_t* dst = window_.data() + (a.offset - layout_.data_offset);
    const std::vector<uint64_t> plan = a.mmap ? std::vector<uint64_t>{bytes.size()}
                                              : Pieces(a.offset, bytes.size(), a.piece_bytes);
    for (uint64_t n : plan) {
      if (!a.mmap) {
        if (auto fired = failures_.Hit(world, index(), proto::DATA_WRITE)) {
          r = -fired->errno_value;
          break;
        }
        ++pieces;
      }
      std::copy(bytes.begin() + moved, bytes.begin() + moved + n, dst + moved);
      moved += n;
    }
  }
  const auto done = bytes.subspan(0, moved);
  const uint64_t step = r == 0 ? static_cast<uint64_t>(Step::kResumeB) : 0;
  world.Record(kRecordWindowWrite, host(), index(), r,
               {a.offset, bytes.size(), moved, pieces, (a.mmap ? kWindowFlagMmap : 0) | step << 8,
                Fnv(done)},
               Pack(done));
  return r;
}

}  // namespace migsim::v1
