// Goal: the reference v1 device model behaves as its header promises: region
// layout per variant, field access at native width only, QEMU's split of
// window accesses, armed failures at each site with the state the variant's
// text allows, open/close/reset, segment re-reads, a resume retried after an
// incomplete stream, and v1 actions on a device without a migration region.
// Method: run small scenarios through JudgeWith (tests/v1/v1_harness.h) and
// inspect the trace records and the device afterwards.
#include <cerrno>
#include <vector>

#include "gtest/gtest.h"
#include "models/record_kinds.h"
#include "models/v1/v1_records.h"
#include "models/v1/v1_region_layout.h"
#include "tests/v1/v1_harness.h"

namespace migsim::v1 {
namespace {

using testing::Arm;
using testing::Dev;
using testing::Drain;
using testing::JudgeWith;
using testing::Push;
using testing::Read;
using testing::Reset;
using testing::Scenario;
using testing::Set;
using testing::Write;

constexpr uint32_t kR = kRunning, kS = kSaving, kZ = kResuming;

// The records of `kind` in the run, in order.
std::vector<TraceRecord> RecordsOf(const testing::Outcome& run, uint16_t kind) {
  std::vector<TraceRecord> out;
  const Trace& t = run.world->trace();
  for (uint64_t i = t.first_stored(); i < t.count(); ++i) {
    if (t.at(i).kind == kind) out.push_back(t.at(i));
  }
  return out;
}

TEST(V1DeviceTest, LayoutPerVariant) {
  proto::V1Params p;
  p.set_variant(proto::V1);
  RegionLayout l = MakeRegionLayout(p);
  EXPECT_EQ(l.header_bytes, 32u);
  EXPECT_EQ(l.data_offset, 32u);
  EXPECT_EQ(l.region_size, 32u + 4096u);
  EXPECT_EQ(l.bitmap_bytes, 0u);
  p.set_variant(proto::V1_RFC);
  l = MakeRegionLayout(p);
  EXPECT_EQ(l.data_offset, 64u);
  EXPECT_EQ(l.bitmap_offset, 64u + 4096u);
  p.set_sparse_mmap(true);
  l = MakeRegionLayout(p);
  EXPECT_EQ(l.data_offset % 4096, 0u);
  EXPECT_EQ(l.bitmap_offset % 4096, 0u);
  EXPECT_EQ(l.region_size % 4096, 0u);
  EXPECT_EQ(l.mmap_offset, l.data_offset);
}

TEST(V1DeviceTest, HeaderFieldsOnlyAtNativeWidth) {
  auto run = JudgeWith(Scenario(Dev("V1"), Read(0, 0, 8) + Read(0, 8, 4) + Read(0, 4, 4) +
                                               Write(0, 8, 8, 1) + Read(0, 0, 4)));
  const auto reads = RecordsOf(run, kRecordRegionRead);
  ASSERT_EQ(reads.size(), 3u + 0u + 1u);
  EXPECT_EQ(reads[0].result, -EINVAL);
  EXPECT_EQ(reads[1].result, -EINVAL);
  EXPECT_EQ(reads[2].result, 0);  // reserved
  EXPECT_EQ(reads[2].arg[2], 0u);
  EXPECT_EQ(reads[3].arg[2], kR);
  const auto ends = RecordsOf(run, kRecordWriteEnd);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].result, -EINVAL);  // pending_bytes is read only
}

TEST(V1DeviceTest, WindowReadsSplitLikeQemu) {
  const std::string s =
      Scenario(Dev("V1"),
               Set(0, kS) +
                   "actions { v1_window_read { device: 0 offset: 35 length: 13 } } "
                   "actions { v1_window_read { device: 0 offset: 32 length: 13 piece_bytes: 2 } } "
                   "actions { v1_window_read { device: 0 offset: 32 length: 8 mmap: true } } "
                   "actions { v1_window_read { device: 0 offset: 8000 length: 8 } } ");
  auto run = JudgeWith(s);
  const auto w = RecordsOf(run, kRecordWindowRead);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[0].arg[3], 3u);  // 1 + 4 + 8 bytes
  EXPECT_EQ(w[0].arg[2], 13u);
  EXPECT_EQ(w[1].arg[3], 7u);
  EXPECT_EQ(w[2].result, -EINVAL);  // no sparse mmap
  EXPECT_EQ(w[3].result, -EINVAL);  // beyond the region
}

TEST(V1DeviceTest, ArmedDataReadFailsMidWindow) {
  const std::string s =
      Scenario(Dev("V1"), Set(0, kS) + Read(0, kOffsetPendingBytes, 8) +
                              Read(0, kOffsetDataOffset, 8) + Arm(0, "DATA_READ", true, 2) +
                              "actions { v1_window_read { device: 0 offset: 32 length: 64 } } " +
                              Read(0, 0, 4));
  auto run = JudgeWith(s);
  EXPECT_TRUE(run.clean()) << run.Describe();
  const auto w = RecordsOf(run, kRecordWindowRead);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].result, -EIO);
  EXPECT_EQ(w[0].arg[2], 16u);                  // two 8-byte pieces before the failing third
  EXPECT_EQ(run.device(0).device_state(), kS);  // data failures do not change state
}

TEST(V1DeviceTest, ArmedResumeLoadFailure) {
  const std::string saved = Dev("V1") + Dev("V1");
  const std::string flow = Set(0, kS) + Drain(0) + Set(1, kZ) + Push(0, 1);
  auto keep = JudgeWith(Scenario(saved, flow + Arm(1, "RESUME_LOAD", false) + Set(1, kR)));
  EXPECT_TRUE(keep.clean()) << keep.Describe();
  EXPECT_EQ(keep.device(1).device_state(), kZ);
  auto error = JudgeWith(Scenario(saved, flow + Arm(1, "RESUME_LOAD", true) + Set(1, kR)));
  EXPECT_TRUE(error.clean()) << error.Describe();
  EXPECT_EQ(error.device(1).device_state(), kError);
  auto write = JudgeWith(Scenario(
      saved, Set(0, kS) + Drain(0) + Set(1, kZ) + Arm(1, "DATA_WRITE", false, 3) + Push(0, 1)));
  EXPECT_TRUE(write.clean()) << write.Describe();
  EXPECT_EQ(RecordsOf(write, kRecordWindowWrite).back().result, -EIO);
}

TEST(V1DeviceTest, IncompleteStreamCanBeCompletedAndRetried) {
  const std::string devices = Dev("V1", "segment_bytes: 100") + Dev("V1", "segment_bytes: 100");
  const std::string s = Scenario(
      devices, Set(0, kS) + Drain(0) + Set(1, kZ) +
                   "actions { v1_push { source_device: 0 target_device: 1 segments_max: 3 } } " +
                   Set(1, kR) + Push(0, 1) + Set(1, kR));
  auto run = JudgeWith(s);
  EXPECT_TRUE(run.clean()) << run.Describe();
  const auto loaded = RecordsOf(run, kRecordResumeLoaded);
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0].result, -EINVAL);
  EXPECT_EQ(loaded[1].result, 0);
  EXPECT_EQ(run.device(1).device_state(), kR);
  EXPECT_EQ(run.device(1).state(), run.device(0).state());
}

TEST(V1DeviceTest, DataOffsetReReadKeepsTheSegment) {
  auto run = JudgeWith(Scenario(
      Dev("V1"), Set(0, kS) + Read(0, kOffsetPendingBytes, 8) + Read(0, kOffsetDataOffset, 8) +
                     Read(0, kOffsetDataOffset, 8) + Read(0, kOffsetDataSize, 8)));
  EXPECT_EQ(RecordsOf(run, kRecordStreamSave).size(), 1u);
  EXPECT_EQ(RecordsOf(run, kRecordRegionRead).back().arg[2], 512u);
}

TEST(V1DeviceTest, OpenCloseAndReset) {
  auto run = JudgeWith(Scenario(
      Dev("V1_NDMA"), Set(0, kS) + "actions { close { device: 0 } } " + Read(0, 0, 4) +
                          "actions { open { device: 0 } } actions { open { device: 0 } } " +
                          Read(0, 0, 4) + Set(0, kS | kR) + Reset(0) +
                          Read(0, kOffsetPendingBytes, 8)));
  EXPECT_TRUE(run.clean()) << run.Describe();
  const auto reads = RecordsOf(run, kRecordRegionRead);
  ASSERT_GE(reads.size(), 4u);
  EXPECT_EQ(reads[1].result, -EBADF);  // closed
  EXPECT_EQ(RecordsOf(run, kRecordDeviceOpen)[1].result, -EBUSY);
  EXPECT_EQ(reads[2].arg[2], kR);      // a fresh open is RUNNING
  EXPECT_EQ(reads.back().arg[2], 0u);  // reset discarded the SAVING session
  EXPECT_EQ(run.device(0).device_state(), kR);
}

TEST(V1DeviceTest, ActionsOnDeviceWithoutRegion) {
  auto run = JudgeWith(Scenario("devices { host: 0 kind: DMA_ENGINE }",
                                Read(0, 0, 4) + Set(0, kS) +
                                    "actions { v1_drain { device: 0 } } "
                                    "actions { v1_dirty_pfns { device: 0 page_size: 4096 } } "));
  EXPECT_TRUE(run.clean()) << run.Describe();
  const auto reads = RecordsOf(run, kRecordRegionRead);
  ASSERT_EQ(reads.size(), 3u);
  for (const TraceRecord& r : reads) EXPECT_EQ(r.result, -EINVAL);
  EXPECT_EQ(RecordsOf(run, kRecordWriteEnd).size(), 1u);
}

TEST(V1DeviceTest, SameScenarioSameHash) {
  const std::string s = Scenario(Dev("V1_NDMA", testing::kBusy) + Dev("V1_NDMA"),
                                 testing::Advance(3000) + Set(0, kS | kR) +
                                     testing::SaveIteration(0) + testing::Advance(1500) +
                                     Set(0, kS) + Drain(0) + Set(1, kZ) + Push(0, 1) + Set(1, kR));
  auto a = JudgeWith(s);
  auto b = JudgeWith(s);
  EXPECT_EQ(a.world->trace().hash(), b.world->trace().hash());
  EXPECT_EQ(a.world->Digest(), b.world->Digest());
  World copy = *a.world;  // devices and the v1_user component clone
  EXPECT_EQ(copy.Digest(), a.world->Digest());
}

}  // namespace
}  // namespace migsim::v1
