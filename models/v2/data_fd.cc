// File: models/v2/data_fd.cc
#include "models/v2/data_fd.h"

#include <algorithm>

#include "sim/check.h"
#include "sim/hash.h"

namespace migsim::v2 {

DataFd::DataFd(int32_t fd, uint64_t session, DataFdKind kind)
    : fd_(fd), session_(session), kind_(kind), observed_digest_(Fnv1a64::kOffsetBasis) {
  MIGSIM_CHECK(fd >= 0) << "fd=" << fd;
}

DataFd DataFd::Saving(int32_t fd, uint64_t session, uint32_t model_id, InternalState& state,
                      bool precopy_logging) {
  DataFd d(fd, session, DataFdKind::kSaving);
  d.writer_.emplace(session, model_id, state.words(), precopy_logging);
  state.MarkAllDirty();
  // The first copy: the header and every chunk once. A device that cannot
  // log internal changes offers nothing before STOP_COPY.
  d.initial_remaining_ = d.writer_->PendingBytes(state, /*final_phase=*/false);
  MIGSIM_CHECK(!precopy_logging || d.initial_remaining_ ==
                                       kStreamHeaderBytes + uint64_t{state.chunk_count()} *
                                                                kStreamChunkRecordBytes);
  return d;
}

DataFd DataFd::Resuming(int32_t fd, uint64_t session, uint32_t model_id,
                        const InternalState& state) {
  DataFd d(fd, session, DataFdKind::kResuming);
  d.reader_.emplace(model_id, state);
  return d;
}

size_t DataFd::Produce(InternalState& state, bool final_phase, uint64_t length,
                       std::vector<uint8_t>& out) {
  MIGSIM_CHECK(kind_ == DataFdKind::kSaving && writer_.has_value());
  const size_t n = writer_->Produce(state, final_phase, length, out);
  initial_remaining_ -= std::min<uint64_t>(initial_remaining_, n);
  return n;
}

uint64_t DataFd::dirty_bytes(const InternalState& state) const {
  MIGSIM_CHECK(kind_ == DataFdKind::kSaving && writer_.has_value());
  const uint64_t pending = writer_->PendingBytes(state, /*final_phase=*/false);
  return pending > initial_remaining_ ? pending - initial_remaining_ : 0;
}

bool DataFd::end_delivered(const InternalState& state) const {
  MIGSIM_CHECK(kind_ == DataFdKind::kSaving && writer_.has_value());
  return writer_->end_emitted() && writer_->PendingBytes(state, /*final_phase=*/true) == 0;
}

int DataFd::Consume(const uint8_t* data, size_t size) {
  MIGSIM_CHECK(kind_ == DataFdKind::kResuming && reader_.has_value());
  return reader_->Consume(data, size);
}

void DataFd::Observe(const uint8_t* data, size_t size) {
  Fnv1a64 fnv(observed_digest_);
  for (size_t i = 0; i < size; ++i) fnv.AddByte(data[i]);
  observed_digest_ = fnv.value();
  observed_bytes_ += size;
}

uint64_t DataFd::Digest() const {
  uint64_t d = HashCombine(static_cast<uint32_t>(fd_), session_);
  d = HashCombine(d, (uint64_t{static_cast<uint8_t>(kind_)} << 2) | (ended_ << 1) | closed_);
  d = HashCombine(d, HashCombine(observed_bytes_, observed_digest_));
  d = HashCombine(d, initial_remaining_);
  if (writer_) {
    d = HashCombine(d, HashCombine(writer_->produced(), writer_->stream_digest()));
    d = HashCombine(d, writer_->end_emitted());
  }
  if (reader_) {
    d = HashCombine(d, HashCombine(reader_->consumed(), reader_->staged().Digest()));
    d = HashCombine(d, static_cast<uint64_t>(static_cast<int64_t>(reader_->error())));
  }
  return d;
}

}  // namespace migsim::v2
