// Goal: the RFC dirty-bitmap rules fire on a device that answers NONE while
// pages it wrote are unreported, and on one whose bitmap misses a page;
// the reference model's answers (counts with exact bitmaps, NONE for a
// clean rest of range, ALL from a device that tracks nothing, other page
// sizes, several answers per query) pass.
// Method: a V1_RFC device in SAVING|RUNNING performs guest-requested DMA
// writes to pages 2 and 9, then the user queries the bitmap
// (v1_dirty_pfns); JudgeWith (tests/v1/v1_harness.h) judges subclasses of
// the reference model against it. The steps b) to d) are also driven one
// read at a time (v1_read, v1_window_read), to pin when pages count as
// reported (at the copied_pfns answer) and which read is the bitmap's (the
// first data_offset read after a count, not a later one).
#include "gtest/gtest.h"
#include "models/v1/v1_region_layout.h"
#include "tests/v1/v1_harness.h"

namespace migsim::v1 {
namespace {

using testing::Advance;
using testing::Arm;
using testing::Dev;
using testing::JudgeWith;
using testing::Make;
using testing::Read;
using testing::SaveIteration;
using testing::Scenario;
using testing::Set;
using testing::Write;

// Always answers VFIO_DEVICE_DIRTY_PFNS_NONE.
class NeverDirtyDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<NeverDirtyDevice>(*this);
  }

 protected:
  int ReadCopiedPfns(World& world, uint64_t& value, Step& step) override {
    const int r = V1Device::ReadCopiedPfns(world, value, step);
    if (r == 0) value = kDirtyPfnsNone;
    bitmap_step_ = false;
    return r;
  }
};

// Forgets to log DMA writes above IOVA 0x8000.
class LosesHighPagesDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<LosesHighPagesDevice>(*this);
  }
  void OnDmaDone(World& world, const DmaCompletion& completion) override {
    if (completion.request.iova >= 0x8000) {
      MigratableDevice::OnDmaDone(world, completion);
      return;
    }
    V1Device::OnDmaDone(world, completion);
  }
};

// Reports pages at copied_pfns but keeps them logged, so it reports them
// again in the next answer. Test-only shortcut: it re-logs bit i as pfn i of
// 4 KiB, which is right for the queries below (start_pfn 0, page_size 4096,
// one answer).
class KeepsReportedDevice : public V1Device {
 public:
  using V1Device::V1Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::make_unique<KeepsReportedDevice>(*this);
  }

 protected:
  int ReadCopiedPfns(World& world, uint64_t& value, Step& step) override {
    const int r = V1Device::ReadCopiedPfns(world, value, step);
    if (r != 0 || value == kDirtyPfnsNone || value == kDirtyPfnsAll) return r;
    for (uint64_t i = 0; i < value; ++i) {
      if ((dirty_.bitmap()[i / 8] >> (i % 8)) & 1) dirty_.LogWrite(i * kDirtyGranule, 1);
    }
    return r;
  }
};

std::string DmaWrite(uint64_t iova) {
  return absl::StrCat("actions { device_dma { device: 0 iova: ", iova,
                      " length: 64 write: true pattern: 9 } } ");
}

std::string Query(uint64_t page_size, uint64_t total_pfns) {
  return absl::StrCat("actions { v1_dirty_pfns { device: 0 start_pfn: 0 page_size: ", page_size,
                      " total_pfns: ", total_pfns, " } } ");
}

std::string Dirtied(absl::string_view v1_fields, absl::string_view query) {
  return Scenario(Dev("V1_RFC", v1_fields), Set(0, kSaving | kRunning) + DmaWrite(0x2000) +
                                                DmaWrite(0x9000) + Advance(1000) +
                                                std::string(query));
}

TEST(V1RfcBitmapRulesTest, PfnsNoneFires) {
  const std::string s = Dirtied("", Query(4096, 64));
  auto bad = JudgeWith(s, {{0, Make<NeverDirtyDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1RFC-PFNS-NONE"}) << bad.Describe();
  auto good = JudgeWith(s);
  EXPECT_TRUE(good.clean()) << good.Describe();
  // Near miss: once reported, the pages are clean and NONE is right.
  auto twice =
      JudgeWith(Dirtied("", Query(4096, 64) + Query(4096, 64)), {{0, Make<NeverDirtyDevice>()}});
  EXPECT_TRUE(twice.Fired("V1RFC-PFNS-NONE"));
  auto clean_rest = JudgeWith(Dirtied("", Query(4096, 64) + Query(4096, 64)));
  EXPECT_TRUE(clean_rest.clean()) << clean_rest.Describe();
}

TEST(V1RfcBitmapRulesTest, BitmapExactFires) {
  const std::string s = Dirtied("", Query(4096, 64));
  auto bad = JudgeWith(s, {{0, Make<LosesHighPagesDevice>()}});
  EXPECT_EQ(bad.device_ids, std::vector<std::string>{"V1RFC-BITMAP-EXACT"}) << bad.Describe();
  EXPECT_TRUE(JudgeWith(s).clean());
  // Near misses: other page sizes, answers in several pieces, ALL.
  for (const std::string& query : {Query(8192, 32), Query(4096, 5000), Query(65536, 1)}) {
    auto good = JudgeWith(Dirtied("", query));
    EXPECT_TRUE(good.clean()) << query << good.Describe();
  }
  auto all = JudgeWith(Dirtied("rfc_report_all: true", Query(4096, 64)));
  EXPECT_TRUE(all.clean()) << all.Describe();
}

// The bitmap area of the reference layout (default V1_RFC parameters).
uint64_t BitmapOffset() {
  proto::V1Params params;
  params.set_variant(proto::V1_RFC);
  return MakeRegionLayout(params).bitmap_offset;
}

std::string WindowRead(uint64_t offset, uint64_t length) {
  return absl::StrCat("actions { v1_window_read { device: 0 offset: ", offset, " length: ", length,
                      " } } ");
}

// Step a) of a query for pfns [0, 64) of 4 KiB, then step b).
std::string QueryFieldsThenCopiedPfns() {
  return Write(0, kOffsetStartPfn, 8, 0) + Write(0, kOffsetPageSize, 8, 4096) +
         Write(0, kOffsetTotalPfns, 8, 64) + Read(0, kOffsetCopiedPfns, 8);
}

// Issue 1 of the bug zoo: after a failed bitmap read, the next SAVING
// iteration's data_offset read is step b) of the save sequence, not step c)
// of the bitmap's, so its segment is not judged as the bitmap.
TEST(V1RfcBitmapRulesTest, FailedBitmapReadLeavesSaveDataAlone) {
  const std::string failed =
      Dirtied("", Arm(0, "DATA_READ", false) + Query(4096, 64) + SaveIteration(0));
  auto good = JudgeWith(failed);
  EXPECT_TRUE(good.clean()) << good.Describe();
  // The answer stays pending after the failed read: reading the bitmap
  // again at its offset is still judged, and a lost page still fires.
  const std::string retried =
      Dirtied("", Arm(0, "DATA_READ", false) + Query(4096, 64) + WindowRead(BitmapOffset(), 8));
  auto retry_good = JudgeWith(retried);
  EXPECT_TRUE(retry_good.clean()) << retry_good.Describe();
  auto retry_bad = JudgeWith(retried, {{0, Make<LosesHighPagesDevice>()}});
  EXPECT_EQ(retry_bad.device_ids, std::vector<std::string>{"V1RFC-BITMAP-EXACT"})
      << retry_bad.Describe();
  // Once a later data_offset read moved on to the save sequence, a read of
  // the bitmap area is no longer the answer's step d).
  auto moved_on = JudgeWith(Dirtied("", Arm(0, "DATA_READ", false) + Query(4096, 64) +
                                            SaveIteration(0) + WindowRead(BitmapOffset(), 8)),
                            {{0, Make<LosesHighPagesDevice>()}});
  EXPECT_TRUE(moved_on.clean()) << moved_on.Describe();
}

// Issue 2 of the bug zoo: 003 says copied_pfns is the "pfn count for which
// dirty bitmap is copied to migration region", so the pages of a count
// answer are reported at step b) even if the user never reads the bitmap;
// the next query must not see them again.
TEST(V1RfcBitmapRulesTest, PagesAreReportedAtCopiedPfns) {
  const std::string unread = Dirtied("", QueryFieldsThenCopiedPfns() + Query(4096, 64));
  auto good = JudgeWith(unread);
  EXPECT_TRUE(good.clean()) << good.Describe();
  auto twice = JudgeWith(unread, {{0, Make<KeepsReportedDevice>()}});
  EXPECT_EQ(twice.device_ids, std::vector<std::string>{"V1RFC-BITMAP-EXACT"}) << twice.Describe();
  // A DMA write completing between step b) and step d) is not in the bitmap
  // already copied, and is reported by the next answer.
  const std::string late =
      Dirtied("", QueryFieldsThenCopiedPfns() + Read(0, kOffsetDataOffset, 8) + DmaWrite(0x30000) +
                      Advance(1000) + WindowRead(BitmapOffset(), 8) + Query(4096, 64));
  auto late_good = JudgeWith(late);
  EXPECT_TRUE(late_good.clean()) << late_good.Describe();
}

}  // namespace
}  // namespace migsim::v1
