// Goal: the RFC dirty-bitmap rules fire on a device that answers NONE while
// pages it wrote are unreported, and on one whose bitmap misses a page;
// the reference model's answers (counts with exact bitmaps, NONE for a
// clean rest of range, ALL from a device that tracks nothing, other page
// sizes, several answers per query) pass.
// Method: a V1_RFC device in SAVING|RUNNING performs guest-requested DMA
// writes to pages 2 and 9, then the user queries the bitmap
// (v1_dirty_pfns); JudgeWith (tests/v1/v1_harness.h) judges subclasses of
// the reference model against it.
#include "gtest/gtest.h"
#include "tests/v1/v1_harness.h"

namespace migsim::v1 {
namespace {

using testing::Advance;
using testing::Dev;
using testing::JudgeWith;
using testing::Make;
using testing::Scenario;
using testing::Set;

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

}  // namespace
}  // namespace migsim::v1
