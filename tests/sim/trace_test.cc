// Goal: the trace hash is the specified FNV-1a 64 over the canonical record
// encoding, and dropping stored records keeps count and hash.
// Method: the pinned value was computed by an independent Python encoder
// (struct.pack '<QHHIiiQQQQQQI' plus payload words) and FNV-1a.
#include "sim/trace.h"

#include <vector>

#include "gtest/gtest.h"

namespace migsim {
namespace {

TraceRecord Sample() {
  TraceRecord r;
  r.time_ns = 1000;
  r.kind = 7;
  r.host = 1;
  r.device = 2;
  r.action_index = 3;
  r.result = -14;
  r.arg[0] = 0x11;
  r.arg[1] = 0x1000;
  r.arg[2] = 64;
  r.arg[3] = 1;
  r.arg[4] = 0xabc;
  r.arg[5] = 0;
  return r;
}

TEST(TraceTest, HashOfOneRecordIsPinned) {
  const std::vector<uint64_t> payload = {5, 6};
  EXPECT_EQ(HashRecord(0xcbf29ce484222325ull, Sample(), payload), 0xed47308a9619f809ull);
  Trace trace;
  trace.Append(Sample(), payload);
  EXPECT_EQ(trace.hash(), 0xed47308a9619f809ull);
}

TEST(TraceTest, PayloadPositionIsNotHashed) {
  TraceRecord r = Sample();
  r.payload_begin = 99;  // an internal index; the encoding has only the size
  EXPECT_EQ(HashRecord(1, r, {}), HashRecord(1, Sample(), {}));
}

TEST(TraceTest, EveryFieldReachesTheHash) {
  const uint64_t base = HashRecord(1, Sample(), {});
  TraceRecord r = Sample();
  r.result = -22;
  EXPECT_NE(HashRecord(1, r, {}), base);
  r = Sample();
  r.arg[5] = 1;
  EXPECT_NE(HashRecord(1, r, {}), base);
  const std::vector<uint64_t> one = {0};
  EXPECT_NE(HashRecord(1, Sample(), one), base);
}

TEST(TraceTest, DiscardKeepsCountHashAndIndexing) {
  Trace trace;
  trace.Append(Sample());
  trace.Append(Sample());
  const uint64_t hash = trace.hash();
  trace.Discard();
  EXPECT_EQ(trace.count(), 2u);
  EXPECT_EQ(trace.hash(), hash);
  EXPECT_EQ(trace.first_stored(), 2u);
  const std::vector<uint64_t> payload = {42};
  const uint64_t index = trace.Append(Sample(), payload);
  EXPECT_EQ(index, 2u);
  EXPECT_EQ(trace.payload(trace.at(2))[0], 42u);
}

}  // namespace
}  // namespace migsim
