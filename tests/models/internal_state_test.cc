// Goal: InternalState's digest is a function of the words alone (what must
// migrate), kept incrementally: equal words give equal digests whatever path
// led there, and any change of any word changes it.
// Method: drive two states along different paths to the same words through
// the public API (chunk loads copy words exactly), and change single words.
#include "models/device/internal_state.h"

#include <cstdint>

#include "gtest/gtest.h"

namespace migsim {
namespace {

// Copies every chunk of `from` into `to`.
void CopyChunks(const InternalState& from, InternalState& to) {
  uint8_t bytes[kChunkBytes];
  for (uint32_t c = 0; c < from.chunk_count(); ++c) {
    from.ChunkBytes(c, bytes);
    to.LoadChunk(c, bytes);
  }
}

TEST(InternalStateTest, EqualWordsGiveEqualDigestsWhateverThePath) {
  InternalState a(128), b(128);
  EXPECT_EQ(a.Digest(), b.Digest());
  for (int i = 0; i < 50; ++i) a.Tick(16);
  a.WriteRegister(8, 0x1234);
  a.Absorb(77);
  EXPECT_NE(a.Digest(), b.Digest());
  CopyChunks(a, b);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.Digest(), b.Digest());
}

TEST(InternalStateTest, EveryWordChangeChangesTheDigest) {
  InternalState base(64);
  uint8_t bytes[kChunkBytes];
  for (uint32_t c = 0; c < base.chunk_count(); ++c) {
    for (uint32_t byte = 0; byte < kChunkBytes; byte += 8) {
      InternalState changed = base;
      changed.ChunkBytes(c, bytes);
      bytes[byte] ^= 1;
      changed.LoadChunk(c, bytes);
      EXPECT_NE(changed.Digest(), base.Digest()) << "chunk " << c << " byte " << byte;
      bytes[byte] ^= 1;
      changed.LoadChunk(c, bytes);
      EXPECT_EQ(changed.Digest(), base.Digest()) << "chunk " << c << " byte " << byte;
    }
  }
}

TEST(InternalStateTest, SizeIsPartOfTheDigest) {
  EXPECT_NE(InternalState(32).Digest(), InternalState(48).Digest());
}

}  // namespace
}  // namespace migsim
