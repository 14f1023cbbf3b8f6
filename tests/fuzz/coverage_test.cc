// Goal: the protocol coverage map (spec/coverage.h) encodes what the trace
// shows (v2 arcs taken, the state each device was in when an action reached
// it, v1 SAVING steps), decodes it back for the report, is deterministic and
// does not depend on keeping records; and the Judge's observer sees every
// record without changing the run.
// Method: reference corpus scenarios judged with a CoverageRecorder; slot
// coordinates checked by EncodeSlot/DecodeSlot round trips.
#include "spec/coverage.h"

#include <set>
#include <string>

#include "gtest/gtest.h"
#include "models/v1/v1_records.h"
#include "models/v1/v1_uapi.h"
#include "models/v2/mig_fsm.h"
#include "models/v2/v2_records.h"
#include "sim/scenario_io.h"
#include "spec/judge.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

proto::Scenario Corpus(const std::string& name) {
  absl::StatusOr<proto::Scenario> s = LoadScenarioFile(testing::SourceDir() + "/corpus/" + name);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : proto::Scenario();
}

uint32_t V2Slot(uint16_t kind, uint32_t key, CoverageVariant variant = CoverageVariant::kV2) {
  return EncodeSlot({CoverageRegion::kV2Steps,
                     static_cast<uint32_t>(variant) - static_cast<uint32_t>(CoverageVariant::kV2),
                     static_cast<uint32_t>(kind - kV2RecordFirst), key});
}

TEST(CoverageTest, RegionsTileTheMap) {
  uint32_t next = 0;
  for (const CoverageRegionShape& r : kRegions) {
    EXPECT_EQ(r.first, next) << r.name;
    next += r.rows * r.kinds * r.keys;
  }
  EXPECT_EQ(next, kCoverageSlots);
}

TEST(CoverageTest, EncodeDecodeRoundTripsAtEveryRegionCorner) {
  for (int region = 0; region < kCoverageRegionCount; ++region) {
    const CoverageRegionShape& r = kRegions[region];
    for (const CoverageSlot s :
         {CoverageSlot{static_cast<CoverageRegion>(region), 0, 0, 0},
          CoverageSlot{static_cast<CoverageRegion>(region), r.rows - 1, r.kinds - 1, r.keys - 1},
          CoverageSlot{static_cast<CoverageRegion>(region), r.rows / 2, r.kinds / 2, r.keys / 3}}) {
      const uint32_t slot = EncodeSlot(s);
      const CoverageSlot back = DecodeSlot(slot);
      EXPECT_EQ(back.region, s.region);
      EXPECT_EQ(back.row, s.row);
      EXPECT_EQ(back.kind, s.kind);
      EXPECT_EQ(back.key, s.key);
    }
  }
}

TEST(CoverageTest, EveryActionKindHasItsOwnSlot) {
  const google::protobuf::OneofDescriptor* kind =
      proto::Action::descriptor()->FindOneofByName("kind");
  ASSERT_NE(kind, nullptr);
  ASSERT_LE(kind->field_count(), static_cast<int>(kActionKindSlots));
  std::set<uint32_t> slots;
  for (int i = 0; i < kind->field_count(); ++i) {
    slots.insert(ActionKindSlot(kind->field(i)->number()));
  }
  EXPECT_EQ(slots.size(), static_cast<size_t>(kind->field_count()));
}

TEST(CoverageTest, V2SaveAndResumeShowsItsArcsAndStates) {
  const proto::Scenario s = Corpus("v2/stop_copy_save_resume.textproto");
  absl::StatusOr<CoverageMap> map = CoverageOf(s);
  ASSERT_TRUE(map.ok()) << map.status();
  using namespace v2;  // NOLINT: state names
  // RUNNING -> STOP -> STOP_COPY on the source, STOP -> RESUMING -> STOP on
  // the destination; never a failed arc.
  for (auto [from, to] : {std::pair{kStateRunning, kStateStop},
                          {kStateStop, kStateStopCopy},
                          {kStateStop, kStateResuming},
                          {kStateResuming, kStateStop}}) {
    EXPECT_GT(map->count(V2Slot(kV2RecordArc, from * 8 + to)), 0)
        << StateName(from) << "->" << StateName(to);
    EXPECT_EQ(map->count(V2Slot(kV2RecordArc, from * 8 + to + 64)), 0);
  }
  EXPECT_EQ(map->count(V2Slot(kV2RecordArc, kStateRunning * 8 + kStatePreCopy)), 0);
  // The destination was in RESUMING when the push reached it.
  const uint32_t resuming_push =
      EncodeSlot({CoverageRegion::kStateAction, static_cast<uint32_t>(CoverageVariant::kV2),
                  kStateResuming, ActionKindSlot(proto::Action::kV2Push)});
  EXPECT_GT(map->count(resuming_push), 0);
  const std::string report = CoverageReport(*map);
  EXPECT_NE(report.find("V2 V2_ARC STOP->STOP_COPY"), std::string::npos) << report;
  EXPECT_NE(report.find("V2 RESUMING x v2_push"), std::string::npos) << report;
  EXPECT_EQ(report.rfind("protocol coverage: ", 0), 0u);
}

TEST(CoverageTest, V1SavingStepsAreSlots) {
  const proto::Scenario s = Corpus("v1/v1_live_migration_precopy.textproto");
  absl::StatusOr<CoverageMap> map = CoverageOf(s);
  ASSERT_TRUE(map.ok()) << map.status();
  const CoverageVariant variant = CoverageVariantOf(s.topology().devices(0));
  ASSERT_GE(variant, CoverageVariant::kV1Rfc);
  ASSERT_LE(variant, CoverageVariant::kV1Ndma);
  // Step b) of SAVING (data_offset read makes a segment available), succeeded.
  const uint32_t save_b = EncodeSlot({CoverageRegion::kV1Steps, static_cast<uint32_t>(variant) - 1,
                                      static_cast<uint32_t>(v1::kRecordRegionRead - kV1RecordFirst),
                                      2 * static_cast<uint32_t>(v1::Step::kSaveB)});
  EXPECT_GT(map->count(save_b), 0) << CoverageReport(*map);
  EXPECT_NE(SlotName(save_b).find("step SAVING b"), std::string::npos) << SlotName(save_b);
}

TEST(CoverageTest, DeterministicAndIndependentOfKeepingRecords) {
  const proto::Scenario s = Corpus("v2/precopy_with_precopy_info.textproto");
  CoverageMap kept;
  CoverageRecorder recorder(s, kept);
  JudgeOptions options;
  options.keep_records = true;
  options.observer = recorder.AsObserver();
  ASSERT_TRUE(Judge(s, options).ok());
  absl::StatusOr<CoverageMap> fast = CoverageOf(s);
  absl::StatusOr<CoverageMap> again = CoverageOf(s);
  ASSERT_TRUE(fast.ok() && again.ok());
  EXPECT_GT(kept.HitCount(), 10u);
  EXPECT_EQ(kept.HitSlots(), fast->HitSlots());
  for (uint32_t slot : kept.HitSlots()) EXPECT_EQ(kept.count(slot), again->count(slot)) << slot;
}

TEST(CoverageTest, MergeIsAUnionWithSaturatingCounts) {
  CoverageMap a;
  CoverageMap b;
  a.Hit(1);
  b.Hit(1);
  b.Hit(7);
  for (int i = 0; i < 300; ++i) b.Hit(9);
  a.Merge(b);
  EXPECT_EQ(a.HitSlots(), (std::vector<uint32_t>{1, 7, 9}));
  EXPECT_EQ(a.count(1), 2);
  EXPECT_EQ(a.count(9), 255);
  a.Clear();
  EXPECT_EQ(a.HitCount(), 0u);
}

TEST(CoverageTest, ObserverSeesEveryRecordAndLeavesTheRunAlone) {
  const proto::Scenario s = Corpus("v2/p2p_two_devices.textproto");
  uint64_t seen = 0;
  uint64_t last_index_plus_one = 0;
  JudgeOptions observed;
  observed.keep_records = false;
  observed.observer = [&](const TraceRecord&, absl::Span<const uint64_t>) { ++seen; };
  absl::StatusOr<JudgedRun> plain = Judge(s, {});
  absl::StatusOr<JudgedRun> with = Judge(s, observed);
  ASSERT_TRUE(plain.ok() && with.ok());
  last_index_plus_one = with->verdict.records;
  EXPECT_EQ(seen, last_index_plus_one);
  EXPECT_EQ(plain->verdict.trace_hash, with->verdict.trace_hash);
}

TEST(CoverageTest, BadScenarioIsAStatus) {
  proto::Scenario s = Corpus("v2/p2p_two_devices.textproto");
  s.set_format_version(7);
  absl::StatusOr<CoverageMap> map = CoverageOf(s);
  ASSERT_FALSE(map.ok());
  EXPECT_NE(std::string(map.status().message()).find("format_version"), std::string::npos);
}

}  // namespace
}  // namespace migsim
