// File: models/device/internal_state.h
//
// InternalState: the device-internal state a migration must carry, shared by
// the v1 and v2 models: `words` 64-bit words in chunks of kChunkWords.
// Words 0..15 are registers (BAR offsets 0..127), word 16 a counter, word 17
// the ring head; the rest is a data area the device's work changes. Every
// change marks its chunk dirty, which is how a device "logs internal device
// changes (pre-copy)" (002_e161682a2f26ac74.txt) and streams only what
// changed since.
#ifndef MIGSIM_MODELS_DEVICE_INTERNAL_STATE_H_
#define MIGSIM_MODELS_DEVICE_INTERNAL_STATE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace migsim {

inline constexpr uint32_t kChunkWords = 16;
inline constexpr uint32_t kChunkBytes = kChunkWords * 8;
inline constexpr uint32_t kRegisterWords = 16;
inline constexpr uint32_t kStateWordsMin = 32;
inline constexpr uint32_t kStateWordsMax = 4096;
inline constexpr uint32_t kStateWordsDefault = 128;

// InternalState: value type; thread-compatible.
class InternalState {
 public:
  // REQUIRES: words in [kStateWordsMin, kStateWordsMax], a multiple of
  // kChunkWords.
  explicit InternalState(uint32_t words);

  uint32_t words() const { return static_cast<uint32_t>(words_.size()); }
  uint32_t chunk_count() const { return words() / kChunkWords; }

  // One unit of the device's work: advances the counter and the ring head
  // and rewrites one data word. Returns the chunk it changed last.
  uint32_t Tick(uint32_t ring_entries);
  // A register write through BAR0 (offset < 128, any width). Returns the
  // chunk, or nullopt when offset is outside the registers.
  std::optional<uint32_t> WriteRegister(uint64_t offset, uint64_t value);
  uint64_t ReadRegister(uint64_t offset) const;
  // Folds a value (a DMA read's content, a P2P doorbell) into the data area.
  uint32_t Absorb(uint64_t value);

  uint64_t counter() const { return words_[kRegisterWords]; }

  // Dirty chunks (for pre-copy logging).
  void MarkAllDirty();
  void ClearDirty();
  // The lowest dirty chunk, cleared as it is returned; nullopt when none.
  std::optional<uint32_t> TakeDirtyChunk();
  size_t dirty_count() const { return dirty_count_; }

  // Chunk contents as little-endian bytes, and loading them back.
  void ChunkBytes(uint32_t chunk, uint8_t* out) const;
  void LoadChunk(uint32_t chunk, const uint8_t* bytes);

  // Digest of the words (not of the dirty marks): what must migrate. O(1):
  // a sum over words of a mix of (index, value), kept as words change, because
  // every internal change record carries it.
  uint64_t Digest() const;
  const std::vector<uint64_t>& raw_words() const { return words_; }

  friend bool operator==(const InternalState& a, const InternalState& b) {
    return a.words_ == b.words_;
  }

 private:
  void MarkDirty(uint32_t chunk);
  // Every write of a word goes through here, to keep digest_sum_.
  void Set(uint32_t index, uint64_t value);

  std::vector<uint64_t> words_;
  uint64_t digest_sum_ = 0;  // sum of WordTerm(i, words_[i]), mod 2^64
  std::vector<uint8_t> dirty_;
  size_t dirty_count_ = 0;
};

}  // namespace migsim

#endif  // MIGSIM_MODELS_DEVICE_INTERNAL_STATE_H_
