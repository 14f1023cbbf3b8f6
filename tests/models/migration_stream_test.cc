// Goal: the shared migration stream carries a device's internal state
// exactly, through pre-copy (first copy, then re-sent dirty chunks) and
// stop-copy, in any segmentation; and the resuming side refuses every
// damaged stream: truncated, corrupted, reordered, another model, bytes
// after END.
// Method: save from an InternalState that keeps changing between reads,
// then load into a fresh InternalState.
#include "models/device/migration_stream.h"

#include <cerrno>
#include <vector>

#include "gtest/gtest.h"

namespace migsim {
namespace {

constexpr uint32_t kModel = 0x0102;

// Saves `source` in pieces of `piece` bytes, ticking it `ticks_between`
// times between pre-copy reads, then finishes in the final phase.
std::vector<uint8_t> Save(InternalState& source, uint64_t piece, int precopy_reads,
                          int ticks_between, bool logging = true) {
  StreamWriter w(7, kModel, source.words(), logging);
  source.MarkAllDirty();
  std::vector<uint8_t> stream;
  for (int i = 0; i < precopy_reads; ++i) {
    w.Produce(source, false, piece, stream);
    for (int t = 0; t < ticks_between; ++t) source.Tick(16);
  }
  while (w.Produce(source, true, piece, stream) > 0) {
  }
  EXPECT_TRUE(w.end_emitted());
  EXPECT_EQ(w.end_internal_digest(), source.Digest());
  return stream;
}

int Load(const std::vector<uint8_t>& stream, InternalState& dest, uint64_t piece) {
  StreamReader r(kModel, dest);
  for (size_t i = 0; i < stream.size(); i += piece) {
    const int e = r.Consume(stream.data() + i, std::min<uint64_t>(piece, stream.size() - i));
    if (e != 0) return e;
  }
  const int f = r.Finish();
  if (f == 0) dest = r.staged();
  return f;
}

TEST(MigrationStreamTest, RoundTripWithPrecopyAcrossPieceSizes) {
  for (uint64_t piece : {1u, 7u, 144u, 500u, 4096u}) {
    SCOPED_TRACE(piece);
    InternalState src(128);
    const std::vector<uint8_t> stream = Save(src, piece, 6, 3);
    InternalState dst(128);
    ASSERT_EQ(Load(stream, dst, piece * 3 + 1), 0);
    EXPECT_TRUE(dst == src);
    EXPECT_EQ(dst.Digest(), src.Digest());
  }
}

TEST(MigrationStreamTest, PrecopyWithoutLoggingOffersNothingUntilFinal) {
  InternalState src(64);
  StreamWriter w(1, kModel, 64, /*precopy_logging=*/false);
  src.MarkAllDirty();
  std::vector<uint8_t> out;
  EXPECT_EQ(w.PendingBytes(src, false), 0u);
  EXPECT_EQ(w.Produce(src, false, 4096, out), 0u);
  EXPECT_EQ(w.PendingBytes(src, true),
            kStreamHeaderBytes + 4 * kStreamChunkRecordBytes + kStreamEndBytes);
}

TEST(MigrationStreamTest, PendingBytesCountsDownToZeroAtEnd) {
  InternalState src(64);
  StreamWriter w(1, kModel, 64, true);
  src.MarkAllDirty();
  std::vector<uint8_t> out;
  const uint64_t total = w.PendingBytes(src, true);
  while (w.Produce(src, true, 100, out) > 0) {
    EXPECT_EQ(w.PendingBytes(src, true), total - out.size());
  }
  EXPECT_EQ(out.size(), total);
  EXPECT_EQ(w.PendingBytes(src, true), 0u);
}

TEST(MigrationStreamTest, TruncatedStreamIsIncompleteAndLoadsNothing) {
  InternalState src(64);
  for (int i = 0; i < 5; ++i) src.Tick(16);  // differ from a fresh device
  std::vector<uint8_t> stream = Save(src, 4096, 0, 0);
  stream.resize(stream.size() - 1);
  InternalState dst(64);
  const InternalState fresh = dst;
  EXPECT_EQ(Load(stream, dst, 64), -EINVAL);
  EXPECT_FALSE(dst == src);
  EXPECT_TRUE(dst == fresh);
}

TEST(MigrationStreamTest, CorruptedPayloadIsRefusedAtTheByte) {
  InternalState src(64);
  std::vector<uint8_t> stream = Save(src, 4096, 0, 0);
  stream[kStreamHeaderBytes + 20] ^= 1;
  InternalState dst(64);
  EXPECT_EQ(Load(stream, dst, 4096), -EINVAL);
}

TEST(MigrationStreamTest, ReorderedRecordsAreRefused) {
  InternalState src(64);
  std::vector<uint8_t> stream = Save(src, 4096, 0, 0);
  // Swap the first two chunk records: each is valid but the stream digest is not.
  std::swap_ranges(stream.begin() + kStreamHeaderBytes,
                   stream.begin() + kStreamHeaderBytes + kStreamChunkRecordBytes,
                   stream.begin() + kStreamHeaderBytes + kStreamChunkRecordBytes);
  InternalState dst(64);
  EXPECT_EQ(Load(stream, dst, 4096), -EINVAL);
}

TEST(MigrationStreamTest, AnotherModelOrSizeIsRefusedAtTheHeader) {
  InternalState src(64);
  const std::vector<uint8_t> stream = Save(src, 4096, 0, 0);
  InternalState other_size(128);
  EXPECT_EQ(Load(stream, other_size, 4096), -EFAULT);
  StreamReader other_model(kModel + 1, InternalState(64));
  EXPECT_EQ(other_model.Consume(stream.data(), stream.size()), -EFAULT);
}

TEST(MigrationStreamTest, BytesAfterEndAreRefused) {
  InternalState src(64);
  std::vector<uint8_t> stream = Save(src, 4096, 0, 0);
  stream.push_back(0);
  InternalState dst(64);
  EXPECT_EQ(Load(stream, dst, 4096), -EINVAL);
}

TEST(MigrationStreamTest, EmptyStreamIsIncompleteNotValid) {
  StreamReader r(kModel, InternalState(64));
  EXPECT_EQ(r.Finish(), -EINVAL);
}

}  // namespace
}  // namespace migsim
