// File: sim/prng.cc
#include "sim/prng.h"

#include "sim/check.h"
#include "sim/hash.h"

namespace migsim {
namespace {

constexpr uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t SplitMix64Next(uint64_t& state) {
  state += 0x9e3779b97f4a7c15ull;
  return Mix64(state);
}

Prng::Prng(uint64_t seed) {
  uint64_t sm = seed;
  for (uint64_t& word : state_) word = SplitMix64Next(sm);
  // SplitMix64 never yields four zero words in a row, so the xoshiro state is
  // never the all-zero fixed point.
  MIGSIM_CHECK((state_[0] | state_[1] | state_[2] | state_[3]) != 0);
}

Prng::result_type Prng::operator()() {
  const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = RotateLeft(state_[3], 45);
  return result;
}

uint64_t Prng::UniformBelow(uint64_t bound) {
  MIGSIM_CHECK(bound > 0);
  // Lemire, "Fast Random Integer Generation in an Interval" (2019).
  unsigned __int128 m = static_cast<unsigned __int128>((*this)()) * bound;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < bound) {
    const uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      m = static_cast<unsigned __int128>((*this)()) * bound;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

uint64_t Prng::UniformIn(uint64_t lo, uint64_t hi) {
  MIGSIM_CHECK(lo <= hi) << "lo=" << lo << " hi=" << hi;
  if (lo == 0 && hi == max()) return (*this)();
  return lo + UniformBelow(hi - lo + 1);
}

bool Prng::Chance(uint64_t numerator, uint64_t denominator) {
  MIGSIM_CHECK(denominator > 0);
  MIGSIM_CHECK(numerator <= denominator);
  return UniformBelow(denominator) < numerator;
}

uint64_t Prng::Digest() const {
  uint64_t d = 0;
  for (uint64_t word : state_) d = HashCombine(d, word);
  return d;
}

}  // namespace migsim
