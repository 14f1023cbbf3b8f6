// Goal: DMA goes through the IOMMU when it completes, after the host's DMA
// latency; writes land in guest RAM and in the dirty log, P2P DMA through a
// BAR window reaches the peer device, faults have no effect, drains complete
// in-flight DMA at once; vCPU stores dirty the CPU log, not the IOMMU's.
// Method: build Worlds from small text scenarios with DMA_ENGINE devices and
// inspect the World and its trace.
#include <cerrno>

#include "gtest/gtest.h"
#include "models/device_factory.h"
#include "models/dma_engine_device.h"
#include "sim/dma_fabric.h"
#include "sim/engine_actions.h"
#include "sim/event_loop.h"
#include "sim/guest_cpu.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

constexpr char kTwoDevices[] = R"pb(
  format_version: 1
  seed: 1
  topology {
    hosts { guest_pages: 16 vcpus: 1 dma_latency_ns: 100 identity_map: true }
    devices { kind: DMA_ENGINE host: 0 bar_size: 8192 }
    devices { kind: DMA_ENGINE host: 0 bar_size: 8192 }
    p2p_windows { target_device: 1 iova: 0x100000 bar_offset: 4096 size: 4096 }
  }
)pb";

World Build(const char* text) {
  absl::StatusOr<World> w = CreateWorld(testing::ParseScenario(text));
  EXPECT_TRUE(w.ok()) << w.status();
  return *std::move(w);
}

const TraceRecord* LastOfKind(const World& w, uint16_t kind) {
  for (uint64_t i = w.trace().count(); i-- > w.trace().first_stored();) {
    if (w.trace().at(i).kind == kind) return &w.trace().at(i);
  }
  return nullptr;
}

TEST(DmaFabricTest, WriteLandsAfterLatencyAndIsDirtyLogged) {
  World w = Build(kTwoDevices);
  ASSERT_EQ(w.host(0).iommu.DirtyStart(), 0);
  const GuestMemory before = w.host(0).memory;
  IssueDma(w, 0, DmaRequest{0x2000, 64, true, 0xfeed, 0});
  EXPECT_EQ(w.fabric().InFlight(0), 1u);
  ASSERT_TRUE(RunFor(w, 99));
  EXPECT_TRUE(GuestMemory::DiffPages(before, w.host(0).memory, 10).empty()) << "not yet";
  ASSERT_TRUE(RunFor(w, 1));
  EXPECT_EQ(GuestMemory::DiffPages(before, w.host(0).memory, 10), (std::vector<uint64_t>{2}));
  EXPECT_TRUE(w.host(0).iommu.dirty_log().Contains(2));
  EXPECT_EQ(w.fabric().InFlight(0), 0u);
  const TraceRecord* done = LastOfKind(w, kRecordDmaComplete);
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->time_ns, 100u);
  EXPECT_EQ(done->result, 0);
  EXPECT_EQ(done->arg[3], kDmaFlagWrite);
}

TEST(DmaFabricTest, ReadDoesNotDirty) {
  World w = Build(kTwoDevices);
  ASSERT_EQ(w.host(0).iommu.DirtyStart(), 0);
  IssueDma(w, 0, DmaRequest{0x2000, 64, false, 0, 0});
  ASSERT_TRUE(RunFor(w, 1000));
  EXPECT_EQ(w.host(0).iommu.dirty_log().size(), 0u);
}

TEST(DmaFabricTest, P2pThroughBarWindowReachesPeer) {
  World w = Build(kTwoDevices);
  const auto& peer = static_cast<const DmaEngineDevice&>(w.device(1));
  const uint64_t before = peer.registers_digest();
  IssueDma(w, 0, DmaRequest{0x100010, 8, true, 0x1234, 0});
  ASSERT_TRUE(RunFor(w, 1000));
  EXPECT_NE(peer.registers_digest(), before);
  const TraceRecord* done = LastOfKind(w, kRecordDmaComplete);
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->result, 0);
  EXPECT_EQ(done->arg[3], kDmaFlagWrite | kDmaFlagP2p);
  EXPECT_EQ(done->arg[4], 1u) << "names the peer device";
}

TEST(DmaFabricTest, FaultHasNoEffect) {
  World w = Build(kTwoDevices);
  ASSERT_EQ(w.host(0).iommu.DirtyStart(), 0);
  const uint64_t digest = w.host(0).memory.Digest();
  // Starts in RAM (16 pages are mapped) and runs past the end of the mapping.
  IssueDma(w, 0, DmaRequest{15 * 4096, 8192, true, 1, 0});
  ASSERT_TRUE(RunFor(w, 1000));
  const TraceRecord* done = LastOfKind(w, kRecordDmaComplete);
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->result, -EFAULT);
  EXPECT_EQ(w.host(0).memory.Digest(), digest);
  EXPECT_EQ(w.host(0).iommu.dirty_log().size(), 0u);
}

TEST(DmaFabricTest, DrainCompletesNowAndAbsorbsStaleEvent) {
  World w = Build(kTwoDevices);
  IssueDma(w, 0, DmaRequest{0, 8, true, 1, 0});
  IssueDma(w, 0, DmaRequest{4096, 8, true, 2, 0});
  IssueDma(w, 1, DmaRequest{8192, 8, true, 3, 0});
  EXPECT_EQ(DrainDma(w, 0), 2u);
  EXPECT_EQ(w.fabric().InFlight(0), 0u);
  EXPECT_EQ(w.fabric().InFlight(1), 1u);
  EXPECT_EQ(w.now(), 0u) << "a drain takes no simulated time";
  const uint64_t records = w.trace().count();
  ASSERT_TRUE(RunFor(w, 1000));
  // Only device 1's completion (and its interrupt) is new.
  uint64_t completions = 0;
  for (uint64_t i = records; i < w.trace().count(); ++i) {
    completions += w.trace().at(i).kind == kRecordDmaComplete;
  }
  EXPECT_EQ(completions, 1u);
}

TEST(GuestCpuTest, StoresDirtyCpuLogOnlyWhileRunning) {
  World w = Build(kTwoDevices);
  ASSERT_EQ(w.host(0).iommu.DirtyStart(), 0);
  EXPECT_EQ(GuestStore(w, 0, 0, 4096, 8, 1), -EBUSY);
  VcpuRun(w, 0, 0);
  EXPECT_EQ(GuestStore(w, 0, 0, 4096, 8, 1), 0);
  EXPECT_TRUE(w.host(0).cpu_dirty.Contains(1));
  EXPECT_EQ(w.host(0).iommu.dirty_log().size(), 0u) << "vCPU stores are not DMA";
  EXPECT_EQ(GuestStore(w, 0, 0, 16 * 4096, 8, 1), -EFAULT);
}

TEST(GuestCpuTest, MmioReachesDeviceAndRespectsBar) {
  World w = Build(kTwoDevices);
  VcpuRun(w, 0, 0);
  const auto& dev = static_cast<const DmaEngineDevice&>(w.device(0));
  const uint64_t before = dev.registers_digest();
  uint64_t value = 5;
  EXPECT_EQ(GuestMmio(w, 0, 0, 8, 4, true, value), 0);
  EXPECT_NE(dev.registers_digest(), before);
  EXPECT_EQ(GuestMmio(w, 0, 0, 8192, 4, true, value), -EFAULT);
}

TEST(WorldTest, CopyForksAnIdenticalFuture) {
  World a = Build(R"pb(
    format_version: 1 seed: 9
    topology {
      hosts { guest_pages: 64 vcpus: 2 vcpu_period_ns: 300 identity_map: true }
      devices {
        kind: DMA_ENGINE host: 0
        dma_engine { period_ns: 250 iova: 0 span: 262144 length: 128 write_percent: 50 }
      }
    })pb");
  VcpuRun(a, 0, 0);
  ASSERT_TRUE(RunFor(a, 5000));
  World b = a;
  EXPECT_EQ(a.Digest(), b.Digest());
  ASSERT_TRUE(RunFor(a, 20000));
  ASSERT_TRUE(RunFor(b, 20000));
  EXPECT_EQ(a.Digest(), b.Digest());
  EXPECT_EQ(a.trace().hash(), b.trace().hash());
  EXPECT_GT(a.events_run(), 50u);
}

TEST(WorldTest, EventBoundIsALivenessFailure) {
  World w = Build(R"pb(
    format_version: 1 seed: 1
    bounds { events_max: 10 }
    topology {
      hosts { guest_pages: 4 identity_map: true }
      devices { kind: DMA_ENGINE host: 0 dma_engine { period_ns: 100 span: 16384 } }
    })pb");
  EXPECT_FALSE(RunFor(w, 1'000'000));
  EXPECT_NE(w.liveness_failure().find("event bound"), std::string::npos);
  EXPECT_EQ(w.events_run(), 10u);
}

}  // namespace
}  // namespace migsim
