// Goal: the per-state rules (spec/rules/v2_state_rules.h) fire on a driver
// that breaks them and stay silent on the reference driver: a stopped device
// issues no DMA, raises no interrupt, finishes its DMA before the arc into
// STOP returns and leaves its internal state alone; a P2P-quiescent device
// initiates no P2P DMA and finishes outstanding P2P DMA before the arc into
// RUNNING_P2P returns.
// Method: test-only V2Device subclasses that override CurrentActivity() or
// one arc (skipping the drain), run under every monitor with DMA in flight
// or autonomous ticks and a P2P window to a peer.
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "models/record_kinds.h"
#include "tests/v2/v2_test_util.h"

namespace migsim::v2 {
namespace {

using v2_testing::Has;
using v2_testing::RunV2;
using v2_testing::Scenario;

std::string Set(uint32_t device, uint32_t state) {
  return absl::StrCat("actions { v2_set_state { device: ", device, " state: ", state, " } } ");
}
std::string Advance(uint64_t ns) {
  return absl::StrCat("actions { advance_time { ns: ", ns, " } } ");
}
std::string Dma(uint64_t iova) {
  return absl::StrCat("actions { device_dma { device: 0 iova: ", iova,
                      " length: 64 write: true pattern: 5 } } ");
}

// d0 ticks every 1000 ns and, with p2p_every 1, writes a doorbell into d1's
// BAR through the window at 0x100000 on each tick.
const std::string kPeers =
    "devices { kind: V2_DEVICE host: 0 v2 { p2p: true internals { tick_ns: 1000 "
    "dma_iova: 0x1000 p2p_iova: 0x100000 p2p_every: 1 } } } "
    "devices { kind: V2_DEVICE host: 0 v2 { p2p: true } } "
    "p2p_windows { target_device: 1 iova: 0x100000 bar_offset: 0 size: 0x1000 }";
const std::string kTicking =
    "devices { kind: V2_DEVICE host: 0 v2 { internals { tick_ns: 1000 dma_iova: 0x1000 } } }";
const std::string kQuiet = "devices { kind: V2_DEVICE host: 0 v2 { } }";

class DmaInStop : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(DmaInStop)
  Activity CurrentActivity() const override {
    if (mig_state_ != kStateStop) return V2Device::CurrentActivity();
    Activity a;
    a.dma = true;
    return a;
  }
};

class TicksInStop : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(TicksInStop)
  Activity CurrentActivity() const override {
    if (mig_state_ != kStateStop) return V2Device::CurrentActivity();
    Activity a;
    a.advance = true;
    return a;
  }
};

class StopsWithoutDrain : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(StopsWithoutDrain)
 protected:
  ArcStatus ArcRunningToStop(World&) override { return {}; }
};

class P2pWhileQuiescent : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(P2pWhileQuiescent)
  Activity CurrentActivity() const override {
    Activity a = V2Device::CurrentActivity();
    if (mig_state_ == kStateRunningP2P) a.p2p = true;
    return a;
  }
};

class QuiescesWithoutDrain : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(QuiescesWithoutDrain)
 protected:
  ArcStatus ArcRunningToRunningP2P(World&) override { return {}; }
};

TEST(V2ActivityTest, DmaInStopFires) {
  const std::string text = Scenario(kQuiet, Set(0, kStateStop) + Dma(0x2000) + Advance(2000));
  EXPECT_TRUE(Has(RunV2<DmaInStop>(text).device, "V2-STOP-NO-DMA"));
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  EXPECT_EQ(v2_testing::RecordsOf(*ok.world, kRecordDmaRequestDeclined).size(), 1u);
}

TEST(V2ActivityTest, UndrainedDmaCompletingInStopFires) {
  const std::string text = Scenario(kQuiet, Dma(0x2000) + Set(0, kStateStop) + Advance(2000));
  EXPECT_EQ(RunV2<StopsWithoutDrain>(text).device, std::vector<std::string>{"V2-STOP-NO-DMA"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  EXPECT_EQ(v2_testing::RecordsOf(*ok.world, kRecordDmaComplete).size(), 1u);
}

TEST(V2ActivityTest, TickInStopFires) {
  const std::string text = Scenario(kTicking, Advance(2500) + Set(0, kStateStop) + Advance(5000));
  EXPECT_EQ(v2_testing::Distinct(RunV2<TicksInStop>(text).device),
            std::set<std::string>{"V2-STOP-NO-INTERNAL-CHANGE"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  EXPECT_EQ(v2_testing::RecordsOf(*ok.world, kRecordInternalChange, 0).size(), 2u);
}

TEST(V2ActivityTest, P2pInRunningP2pFires) {
  const std::string text = Scenario(kPeers, Set(0, kStateRunningP2P) + Advance(5000) +
                                                Dma(0x100000) + Advance(1000));
  EXPECT_TRUE(Has(RunV2<P2pWhileQuiescent>(text).device, "V2-P2P-NO-NEW-P2P"));
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  // The ring DMA to RAM goes on; the doorbells and the guest's P2P request do not.
  EXPECT_EQ(v2_testing::RecordsOf(*ok.world, kRecordDmaComplete, 0).size(), 5u);
  EXPECT_EQ(v2_testing::RecordsOf(*ok.world, kRecordDmaRequestDeclined, 0).size(), 1u);
  for (const TraceRecord& r : v2_testing::RecordsOf(*ok.world, kRecordDmaComplete, 0)) {
    EXPECT_EQ(r.arg[3] & kDmaFlagP2p, 0u);
  }
}

// A guest DMA that starts in RAM and runs into a BAR window is P2P for the
// bytes in the window: a RUNNING_P2P device declines it as a whole (found by
// the structure-aware fuzzer on the reference model, which used to look at
// the first byte only).
TEST(V2ActivityTest, DmaRunningIntoABarWindowIsDeclinedInRunningP2p) {
  const std::string text =
      Scenario(kPeers, Set(0, kStateRunningP2P) +
                           "actions { device_dma { device: 0 iova: 0xfff00 length: 512 "
                           "write: true pattern: 5 } } " +
                           Advance(1000));
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  EXPECT_EQ(v2_testing::RecordsOf(*ok.world, kRecordDmaRequestDeclined, 0).size(), 1u);
  for (const TraceRecord& r : v2_testing::RecordsOf(*ok.world, kRecordDmaComplete, 0)) {
    EXPECT_EQ(r.arg[3] & kDmaFlagP2p, 0u);
  }
}

// The device's own ring DMA is P2P when a window maps a BAR over the ring's
// IOVA: a RUNNING_P2P device skips those entries (found by the
// structure-aware fuzzer on the reference model with a P2P window at IOVA 0,
// over its ring).
TEST(V2ActivityTest, RingDmaIntoABarWindowStopsInRunningP2p) {
  const std::string text = R"pb(
    format_version: 1
    topology {
      hosts { guest_pages: 1 }
      devices { kind: V2_DEVICE v2 { p2p: true internals { tick_ns: 100 } } }
      p2p_windows { size: 4096 }
    }
    actions { advance_time { ns: 250 } }
    actions { v2_set_state { state: 5 } }
    actions { advance_time { ns: 1000 } }
  )pb";
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty()) << ok.device.front();
  // Two ring writes into the window while RUNNING, none after the arc.
  const std::vector<TraceRecord> issued = v2_testing::RecordsOf(*ok.world, kRecordDmaIssue, 0);
  EXPECT_EQ(issued.size(), 2u);
  for (const TraceRecord& r : issued) EXPECT_LT(r.time_ns, 250u);
}

TEST(V2ActivityTest, UndrainedP2pFires) {
  const std::string text =
      Scenario(kPeers, Dma(0x100000) + Set(0, kStateRunningP2P) + Advance(600));
  EXPECT_EQ(RunV2<QuiescesWithoutDrain>(text).device,
            std::vector<std::string>{"V2-P2P-OUTSTANDING-DONE"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  const auto done = v2_testing::RecordsOf(*ok.world, kRecordDmaComplete, 0);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_NE(done[0].arg[3] & kDmaFlagP2p, 0u);
}

}  // namespace
}  // namespace migsim::v2
