// File: models/device/internal_state.cc
#include "models/device/internal_state.h"

#include <algorithm>

#include "sim/check.h"
#include "sim/hash.h"

namespace migsim {
namespace {

constexpr uint32_t kCounterWord = kRegisterWords;
constexpr uint32_t kHeadWord = kRegisterWords + 1;
constexpr uint32_t kDataFirst = 2 * kChunkWords;  // the data area starts at chunk 2

// One word's share of the digest: its index and value mixed, so that equal
// values at different places count differently.
uint64_t WordTerm(uint32_t index, uint64_t value) { return Mix64(HashCombine(index, value)); }

}  // namespace

void InternalState::Set(uint32_t index, uint64_t value) {
  MIGSIM_CHECK(index < words_.size()) << "word " << index;
  digest_sum_ += WordTerm(index, value) - WordTerm(index, words_[index]);
  words_[index] = value;
}

InternalState::InternalState(uint32_t words) : words_(words, 0), dirty_(words / kChunkWords, 0) {
  MIGSIM_CHECK(words >= kStateWordsMin && words <= kStateWordsMax) << "words=" << words;
  MIGSIM_CHECK(words % kChunkWords == 0) << "words=" << words;
  // A recognisable non-zero start, so a device that loses its state differs
  // from one that never ran.
  for (uint32_t i = 0; i < words; ++i) {
    words_[i] = Mix64(i + 1);
    digest_sum_ += WordTerm(i, words_[i]);
  }
}

void InternalState::MarkDirty(uint32_t chunk) {
  MIGSIM_CHECK(chunk < dirty_.size());
  if (!dirty_[chunk]) {
    dirty_[chunk] = 1;
    ++dirty_count_;
  }
}

uint32_t InternalState::Tick(uint32_t ring_entries) {
  MIGSIM_CHECK(ring_entries > 0);
  const uint64_t n = words_[kCounterWord] + 1;
  Set(kCounterWord, n);
  Set(kHeadWord, n % ring_entries);
  MarkDirty(kCounterWord / kChunkWords);
  const uint32_t data_words = words() - kDataFirst;
  const uint32_t w = kDataFirst + static_cast<uint32_t>(Mix64(n) % data_words);
  Set(w, HashCombine(words_[w], n));
  MarkDirty(w / kChunkWords);
  return w / kChunkWords;
}

std::optional<uint32_t> InternalState::WriteRegister(uint64_t offset, uint64_t value) {
  if (offset >= kRegisterWords * 8) return std::nullopt;
  const uint32_t w = static_cast<uint32_t>(offset / 8);
  Set(w, HashCombine(words_[w] ^ (offset << 56), value));
  MarkDirty(0);
  return 0;
}

uint64_t InternalState::ReadRegister(uint64_t offset) const {
  if (offset >= kRegisterWords * 8) return ~uint64_t{0};
  return words_[offset / 8];
}

uint32_t InternalState::Absorb(uint64_t value) {
  const uint32_t data_words = words() - kDataFirst;
  const uint32_t w = kDataFirst + static_cast<uint32_t>(Mix64(value ^ counter()) % data_words);
  Set(w, HashCombine(words_[w], value));
  MarkDirty(w / kChunkWords);
  return w / kChunkWords;
}

void InternalState::MarkAllDirty() {
  for (uint32_t c = 0; c < dirty_.size(); ++c) MarkDirty(c);
}

void InternalState::ClearDirty() {
  std::fill(dirty_.begin(), dirty_.end(), 0);
  dirty_count_ = 0;
}

std::optional<uint32_t> InternalState::TakeDirtyChunk() {
  if (dirty_count_ == 0) return std::nullopt;
  for (uint32_t c = 0; c < dirty_.size(); ++c) {
    if (dirty_[c]) {
      dirty_[c] = 0;
      --dirty_count_;
      return c;
    }
  }
  MIGSIM_CHECK(false) << "dirty_count_=" << dirty_count_ << " but no dirty chunk";
  return std::nullopt;
}

void InternalState::ChunkBytes(uint32_t chunk, uint8_t* out) const {
  MIGSIM_CHECK(chunk < chunk_count());
  for (uint32_t i = 0; i < kChunkWords; ++i) {
    const uint64_t w = words_[chunk * kChunkWords + i];
    for (int b = 0; b < 8; ++b) out[i * 8 + b] = static_cast<uint8_t>(w >> (8 * b));
  }
}

void InternalState::LoadChunk(uint32_t chunk, const uint8_t* bytes) {
  MIGSIM_CHECK(chunk < chunk_count());
  for (uint32_t i = 0; i < kChunkWords; ++i) {
    uint64_t w = 0;
    for (int b = 0; b < 8; ++b) w |= uint64_t{bytes[i * 8 + b]} << (8 * b);
    Set(chunk * kChunkWords + i, w);
  }
}

uint64_t InternalState::Digest() const { return HashCombine(words_.size(), digest_sum_); }

}  // namespace migsim
