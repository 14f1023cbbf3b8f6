// Goal: events run in (time, insertion sequence) order, the queue is bounded,
// and its digest does not depend on the heap's internal layout.
// Method: push events in scrambled orders and check the pop order.
#include "sim/event_queue.h"

#include <vector>

#include "gtest/gtest.h"

namespace migsim {
namespace {

TEST(EventQueueTest, PopsByTimeThenInsertionOrder) {
  EventQueue q(16);
  bool ok = false;
  q.Push(30, 0, 1, 0, 0, ok);
  q.Push(10, 0, 2, 0, 0, ok);
  q.Push(20, 0, 3, 0, 0, ok);
  q.Push(10, 0, 4, 0, 0, ok);  // same time as type 2, scheduled later
  q.Push(10, 0, 5, 0, 0, ok);
  std::vector<uint32_t> order;
  while (!q.empty()) order.push_back(q.Pop().type);
  EXPECT_EQ(order, (std::vector<uint32_t>{2, 4, 5, 3, 1}));
}

TEST(EventQueueTest, ManyEqualTimesKeepInsertionOrder) {
  EventQueue q(1000);
  bool ok = false;
  for (uint32_t i = 0; i < 500; ++i) q.Push(i % 3 == 0 ? 5 : 7, 0, i, 0, 0, ok);
  uint64_t last_time = 0, last_seq = 0;
  bool first = true;
  while (!q.empty()) {
    const Event e = q.Pop();
    if (!first) {
      ASSERT_TRUE(e.time_ns > last_time || (e.time_ns == last_time && e.seq > last_seq));
    }
    first = false;
    last_time = e.time_ns;
    last_seq = e.seq;
  }
}

TEST(EventQueueTest, RefusesBeyondCapacity) {
  EventQueue q(2);
  bool ok = false;
  q.Push(1, 0, 0, 0, 0, ok);
  EXPECT_TRUE(ok);
  q.Push(1, 0, 0, 0, 0, ok);
  EXPECT_TRUE(ok);
  q.Push(1, 0, 0, 0, 0, ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(q.size(), 2u);
}

TEST(EventQueueTest, DigestIgnoresHeapLayoutButNotContent) {
  EventQueue a(8), b(8);
  bool ok = false;
  // Same events (same seqs) reached through different pop histories.
  a.Push(5, 1, 1, 0, 0, ok);
  a.Push(3, 1, 2, 0, 0, ok);
  a.Push(9, 1, 3, 0, 0, ok);
  b.Push(5, 1, 1, 0, 0, ok);
  b.Push(3, 1, 2, 0, 0, ok);
  b.Push(9, 1, 3, 0, 0, ok);
  EXPECT_EQ(a.Digest(), b.Digest());
  b.Pop();
  EXPECT_NE(a.Digest(), b.Digest());
}

}  // namespace
}  // namespace migsim
