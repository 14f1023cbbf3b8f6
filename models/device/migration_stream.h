// File: models/device/migration_stream.h
//
// The device migration data stream, shared by v1 (the data window) and v2
// (data_fd). The texts leave the stream opaque to the user; ours is real
// bytes so that truncation, corruption, reordering and a wrong destination
// are all caught by the resuming device, and so that segmentation matters:
//
//   header  24 B: magic u32 "MIGS" | version u16 = 1 | flags u16 = 0
//                 | model_id u32 | state_words u32 | session u64
//   CHUNK  144 B: type u8 = 1 | 0 u8 | chunk u16 | length u32 = 128
//                 | 128 payload bytes | FNV-1a 64 of the payload u64
//   END     24 B: type u8 = 2 | 0 u8 | 0 u16 | chunk records u32
//                 | stream digest u64 (FNV-1a 64 of every byte before END)
//                 | internal-state digest u64 (what the stream describes)
// All integers little-endian. A session streams every chunk once (the
// "first copy"), then any chunk dirtied since it was sent, then END once the
// device is stopped (002_e161682a2f26ac74.txt: "All of the migration data
// streamed from the time SAVING starts to this final end of stream is
// concatenated together and provided to RESUMING").
#ifndef MIGSIM_MODELS_DEVICE_MIGRATION_STREAM_H_
#define MIGSIM_MODELS_DEVICE_MIGRATION_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/device/internal_state.h"

namespace migsim {

inline constexpr uint32_t kStreamMagic = 0x5347494d;  // "MIGS" little-endian
inline constexpr uint16_t kStreamVersion = 1;
inline constexpr uint32_t kStreamHeaderBytes = 24;
inline constexpr uint32_t kStreamChunkRecordBytes = 8 + kChunkBytes + 8;
inline constexpr uint32_t kStreamEndBytes = 24;

// StreamWriter: the saving side of one session. Value type.
class StreamWriter {
 public:
  // `precopy_logging` false: the device cannot log internal changes, so it
  // offers nothing before the final phase ("A device that does not support
  // internal state logging should return a 0 length stream").
  StreamWriter(uint64_t session, uint32_t model_id, uint32_t state_words, bool precopy_logging);

  // Bytes the device can offer now: already encoded bytes plus an estimate of
  // what the dirty chunks (and, in the final phase, END) will encode to.
  uint64_t PendingBytes(const InternalState& state, bool final_phase) const;

  // Appends up to `max_bytes` stream bytes to `out`, taking dirty chunks of
  // `state` as it encodes them. Returns the number appended (0 = nothing
  // available now; in the final phase after END, end of stream).
  size_t Produce(InternalState& state, bool final_phase, uint64_t max_bytes,
                 std::vector<uint8_t>& out);

  bool end_emitted() const { return end_emitted_; }
  uint64_t session() const { return session_; }
  uint64_t produced() const { return produced_; }   // bytes handed out
  uint64_t stream_digest() const { return digest_; } // of bytes before END
  uint64_t end_internal_digest() const { return end_internal_digest_; }

 private:
  void EncodeNext(InternalState& state, bool final_phase);

  uint64_t session_;
  uint32_t model_id_;
  uint32_t state_words_;
  bool precopy_logging_;
  bool header_encoded_ = false;
  bool end_emitted_ = false;
  uint32_t chunk_records_ = 0;
  std::vector<uint8_t> queue_;  // encoded, not yet handed out
  size_t queue_head_ = 0;
  uint64_t produced_ = 0;
  uint64_t digest_;
  uint64_t end_internal_digest_ = 0;
};

// StreamReader: the resuming side. Parses bytes as they arrive into a staged
// copy of the internal state; Finish() validates the whole stream.
class StreamReader {
 public:
  StreamReader(uint32_t model_id, const InternalState& initial);

  // Consumes bytes in order. Returns 0, or at the first malformed byte
  // -EFAULT (header mismatch: another model or size, as mtty answers) or
  // -EINVAL (bad record, payload digest, or data after END). Errors stick.
  int Consume(const uint8_t* data, size_t size);

  // 0 when END arrived, its digests match and every chunk was loaded; else
  // -EINVAL (incomplete or inconsistent). Does not change the reader.
  int Finish() const;

  const InternalState& staged() const { return staged_; }
  uint64_t consumed() const { return consumed_; }
  uint64_t session() const { return session_; }
  uint64_t stream_digest() const { return end_stream_digest_; }
  int error() const { return error_; }

 private:
  int ParseBuffered();

  uint32_t model_id_;
  InternalState staged_;
  std::vector<uint8_t> buffer_;
  std::vector<uint8_t> loaded_;  // per chunk: loaded at least once
  bool header_seen_ = false;
  bool end_seen_ = false;
  int error_ = 0;
  uint64_t session_ = 0;
  uint64_t consumed_ = 0;
  uint64_t digest_;              // running, over bytes before END
  uint64_t end_stream_digest_ = 0;
  uint64_t end_internal_digest_ = 0;
  uint32_t chunk_records_ = 0;
};

// The model_id a device writes into its stream header: resuming into a
// device of another model or variant fails ("a compatible device").
uint32_t StreamModelId(uint32_t family, uint32_t variant);

}  // namespace migsim

#endif  // MIGSIM_MODELS_DEVICE_MIGRATION_STREAM_H_
