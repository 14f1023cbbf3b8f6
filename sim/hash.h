// File: sim/hash.h
//
// The two hash functions whose output reaches traces and verdicts. Both are
// fully specified here so that every compiler and machine gives the same
// values (std::hash and absl::Hash are neither specified nor stable).
//
// - Fnv1a64: FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime
//   0x100000001b3) over bytes; multi-byte integers are fed little-endian.
// - Mix64: the SplitMix64 finalizer (Steele, Lea, Flood 2014), a bijection
//   used to derive content digests and to combine values.
#ifndef MIGSIM_SIM_HASH_H_
#define MIGSIM_SIM_HASH_H_

#include <cstdint>
#include "absl/strings/string_view.h"

namespace migsim {

// Fnv1a64: running FNV-1a over a canonical little-endian byte stream.
// A value type; copying it forks the running hash.
class Fnv1a64 {
 public:
  static constexpr uint64_t kOffsetBasis = 0xcbf29ce484222325ull;
  static constexpr uint64_t kPrime = 0x100000001b3ull;

  // Starts a hash at the offset basis, or resumes one from a previous value().
  explicit Fnv1a64(uint64_t state = kOffsetBasis) : hash_(state) {}

  void AddByte(uint8_t b) {
    hash_ ^= b;
    hash_ *= kPrime;
  }
  // Adds the low `bytes` bytes of `value`, least significant first.
  void AddLittleEndian(uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) AddByte(static_cast<uint8_t>(value >> (8 * i)));
  }
  void AddU16(uint16_t v) { AddLittleEndian(v, 2); }
  void AddU32(uint32_t v) { AddLittleEndian(v, 4); }
  void AddU64(uint64_t v) { AddLittleEndian(v, 8); }
  void AddString(absl::string_view s) {
    AddU64(s.size());
    for (char c : s) AddByte(static_cast<uint8_t>(c));
  }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_;
};

// Mix64: SplitMix64's output function. Bijective on uint64_t.
constexpr uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

// HashCombine: order-sensitive combination of a running digest and a value.
constexpr uint64_t HashCombine(uint64_t seed, uint64_t value) {
  return Mix64(seed ^ (value + 0x9e3779b97f4a7c15ull + (seed << 6) + (seed >> 2)));
}

}  // namespace migsim

#endif  // MIGSIM_SIM_HASH_H_
