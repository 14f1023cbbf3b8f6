// File: models/device/migration_stream.cc
#include "models/device/migration_stream.h"

#include <cerrno>

#include "sim/check.h"
#include "sim/hash.h"

namespace migsim {
namespace {

constexpr uint8_t kRecordChunk = 1;
constexpr uint8_t kRecordEnd = 2;

void Put(std::vector<uint8_t>& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint64_t Get(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t{p[i]} << (8 * i);
  return v;
}

uint64_t Fnv(uint64_t state, const uint8_t* p, size_t n) {
  Fnv1a64 fnv(state);
  for (size_t i = 0; i < n; ++i) fnv.AddByte(p[i]);
  return fnv.value();
}

}  // namespace

uint32_t StreamModelId(uint32_t family, uint32_t variant) { return (family << 8) | variant; }

StreamWriter::StreamWriter(uint64_t session, uint32_t model_id, uint32_t state_words,
                           bool precopy_logging)
    : session_(session),
      model_id_(model_id),
      state_words_(state_words),
      precopy_logging_(precopy_logging),
      digest_(Fnv1a64::kOffsetBasis) {}

uint64_t StreamWriter::PendingBytes(const InternalState& state, bool final_phase) const {
  uint64_t pending = queue_.size() - queue_head_;
  if (end_emitted_ || (!final_phase && !precopy_logging_)) return pending;
  if (!header_encoded_) pending += kStreamHeaderBytes;
  pending += state.dirty_count() * uint64_t{kStreamChunkRecordBytes};
  if (final_phase) pending += kStreamEndBytes;
  return pending;
}

void StreamWriter::EncodeNext(InternalState& state, bool final_phase) {
  const size_t before = queue_.size();
  if (!header_encoded_) {
    Put(queue_, kStreamMagic, 4);
    Put(queue_, kStreamVersion, 2);
    Put(queue_, 0, 2);
    Put(queue_, model_id_, 4);
    Put(queue_, state_words_, 4);
    Put(queue_, session_, 8);
    header_encoded_ = true;
  } else if (std::optional<uint32_t> chunk = state.TakeDirtyChunk()) {
    Put(queue_, kRecordChunk, 1);
    Put(queue_, 0, 1);
    Put(queue_, *chunk, 2);
    Put(queue_, kChunkBytes, 4);
    uint8_t payload[kChunkBytes];
    state.ChunkBytes(*chunk, payload);
    queue_.insert(queue_.end(), payload, payload + kChunkBytes);
    Put(queue_, Fnv(Fnv1a64::kOffsetBasis, payload, kChunkBytes), 8);
    ++chunk_records_;
  } else if (final_phase) {
    end_internal_digest_ = state.Digest();
    Put(queue_, kRecordEnd, 1);
    Put(queue_, 0, 3);
    Put(queue_, chunk_records_, 4);
    Put(queue_, digest_, 8);
    Put(queue_, end_internal_digest_, 8);
    end_emitted_ = true;
    return;  // END's own bytes are not part of the stream digest
  }
  digest_ = Fnv(digest_, queue_.data() + before, queue_.size() - before);
}

size_t StreamWriter::Produce(InternalState& state, bool final_phase, uint64_t max_bytes,
                             std::vector<uint8_t>& out) {
  size_t appended = 0;
  while (appended < max_bytes) {
    if (queue_head_ == queue_.size()) {
      queue_.clear();
      queue_head_ = 0;
      if (end_emitted_ || (!final_phase && !precopy_logging_)) break;
      if (header_encoded_ && state.dirty_count() == 0 && !final_phase) break;
      EncodeNext(state, final_phase);
      if (queue_.empty()) break;
    }
    const size_t take = std::min<uint64_t>(queue_.size() - queue_head_, max_bytes - appended);
    out.insert(out.end(), queue_.begin() + queue_head_, queue_.begin() + queue_head_ + take);
    queue_head_ += take;
    appended += take;
  }
  produced_ += appended;
  return appended;
}

StreamReader::StreamReader(uint32_t model_id, const InternalState& initial)
    : model_id_(model_id),
      staged_(initial),
      loaded_(initial.chunk_count(), 0),
      digest_(Fnv1a64::kOffsetBasis) {}

int StreamReader::Consume(const uint8_t* data, size_t size) {
  if (error_ != 0) return error_;
  buffer_.insert(buffer_.end(), data, data + size);
  consumed_ += size;
  error_ = ParseBuffered();
  return error_;
}

int StreamReader::ParseBuffered() {
  size_t pos = 0;
  int result = 0;
  while (result == 0) {
    const uint8_t* p = buffer_.data() + pos;
    const size_t left = buffer_.size() - pos;
    if (left == 0) break;
    if (end_seen_) {
      result = -EINVAL;  // bytes after END
      break;
    }
    if (!header_seen_) {
      if (left < kStreamHeaderBytes) break;
      if (Get(p, 4) != kStreamMagic || Get(p + 4, 2) != kStreamVersion || Get(p + 6, 2) != 0 ||
          Get(p + 8, 4) != model_id_ || Get(p + 12, 4) != staged_.words()) {
        result = -EFAULT;
        break;
      }
      session_ = Get(p + 16, 8);
      digest_ = Fnv(digest_, p, kStreamHeaderBytes);
      header_seen_ = true;
      pos += kStreamHeaderBytes;
      continue;
    }
    if (p[0] == kRecordChunk) {
      if (left < kStreamChunkRecordBytes) break;
      const uint64_t chunk = Get(p + 2, 2);
      if (p[1] != 0 || Get(p + 4, 4) != kChunkBytes || chunk >= staged_.chunk_count() ||
          Get(p + 8 + kChunkBytes, 8) != Fnv(Fnv1a64::kOffsetBasis, p + 8, kChunkBytes)) {
        result = -EINVAL;
        break;
      }
      staged_.LoadChunk(static_cast<uint32_t>(chunk), p + 8);
      loaded_[chunk] = 1;
      ++chunk_records_;
      digest_ = Fnv(digest_, p, kStreamChunkRecordBytes);
      pos += kStreamChunkRecordBytes;
    } else if (p[0] == kRecordEnd) {
      if (left < kStreamEndBytes) break;
      end_stream_digest_ = Get(p + 8, 8);
      end_internal_digest_ = Get(p + 16, 8);
      if (Get(p + 1, 3) != 0 || Get(p + 4, 4) != chunk_records_ || end_stream_digest_ != digest_) {
        result = -EINVAL;
        break;
      }
      end_seen_ = true;
      pos += kStreamEndBytes;
    } else {
      result = -EINVAL;
    }
  }
  buffer_.erase(buffer_.begin(), buffer_.begin() + pos);
  return result;
}

int StreamReader::Finish() const {
  if (error_ != 0 || !end_seen_ || !buffer_.empty()) return -EINVAL;
  for (uint8_t l : loaded_) {
    if (!l) return -EINVAL;
  }
  if (staged_.Digest() != end_internal_digest_) return -EINVAL;
  return 0;
}

}  // namespace migsim
