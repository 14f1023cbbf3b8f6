// File: sim/prng.h
//
// Prng: the simulator's only source of randomness. Algorithm: xoshiro256**
// (Blackman and Vigna, 2018), state seeded by four successive outputs of
// SplitMix64 started at the scenario's seed. Both algorithms are integer-only
// and fully specified, so a seed gives the same sequence on every compiler and
// machine; tests/sim/prng_test.cc pins the first outputs.
//
// Prng satisfies UniformRandomBitGenerator, so it can be passed as
// absl::BitGenRef. Components never share a Prng: at start the root draws one
// child seed per component in a fixed order (ForkSeed) and each component
// seeds its own. Distribution helpers are ours, not <random>'s, whose
// distributions differ between standard libraries.
//
// Example:
//   Prng root(scenario.seed());
//   Prng vcpu_prng(root.ForkSeed());
//   uint64_t page = vcpu_prng.UniformBelow(page_count);
#ifndef MIGSIM_SIM_PRNG_H_
#define MIGSIM_SIM_PRNG_H_

#include <array>
#include <cstdint>

namespace migsim {

// SplitMix64Next: advances `state` by the golden gamma and returns the next
// SplitMix64 output.
uint64_t SplitMix64Next(uint64_t& state);

// Prng: xoshiro256**. A small value type; copying forks an identical stream.
// Thread-compatible.
class Prng {
 public:
  using result_type = uint64_t;

  explicit Prng(uint64_t seed);

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~uint64_t{0}; }

  // Next raw 64-bit output.
  result_type operator()();

  // Uniform integer in [0, bound). REQUIRES: bound > 0. Unbiased (Lemire's
  // multiply-and-reject method).
  uint64_t UniformBelow(uint64_t bound);

  // Uniform integer in [lo, hi] (inclusive). REQUIRES: lo <= hi.
  uint64_t UniformIn(uint64_t lo, uint64_t hi);

  // True with probability numerator / denominator.
  // REQUIRES: denominator > 0 and numerator <= denominator.
  bool Chance(uint64_t numerator, uint64_t denominator);

  // A seed for a child component's own Prng; advances this stream by one.
  uint64_t ForkSeed() { return (*this)(); }

  // A digest of the current state (for whole-world hashing).
  uint64_t Digest() const;

  friend bool operator==(const Prng& a, const Prng& b) { return a.state_ == b.state_; }

 private:
  std::array<uint64_t, 4> state_;
};

}  // namespace migsim

#endif  // MIGSIM_SIM_PRNG_H_
