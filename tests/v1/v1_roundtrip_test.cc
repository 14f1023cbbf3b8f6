// Goal: saving on one device and resuming on another reproduces the
// internal state exactly, for every v1 variant, with and without pre-copy
// iterations (and for a device that cannot log internal changes), across
// segment sizes from a few bytes to the whole data section, trapped and
// mmapped, while the source device keeps working during pre-copy.
// Method: one scenario per case drives the source the way QEMU does (the
// V1_NDMA case through 002's grace states), pushes the saved segments into
// a second device and returns it to RUNNING; the test asserts a clean
// verdict, equal InternalState of the two devices, and equal internal
// digests in the source's STREAM_END and the target's RESUME_LOADED.
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "models/record_kinds.h"
#include "tests/v1/v1_harness.h"

namespace migsim::v1 {
namespace {

using testing::Advance;
using testing::Drain;
using testing::JudgeWith;
using testing::Push;
using testing::SaveIteration;
using testing::Scenario;
using testing::Set;

constexpr uint32_t kR = kRunning, kS = kSaving, kZ = kResuming, kN = kNdma;

struct Case {
  const char* variant;
  uint32_t precopy_iterations;
  uint64_t segment_bytes;
  bool mmap;
  bool no_precopy_logging;
};

std::string Devices(const Case& c) {
  const std::string common =
      absl::StrCat("variant: ", c.variant, " segment_bytes: ", c.segment_bytes,
                   " data_section_bytes: 4096", c.mmap ? " sparse_mmap: true" : "",
                   std::string(c.variant) == "V1_NDMA" ? " ndma_capable: true" : "");
  return absl::StrCat("devices { host: 0 kind: V1_DEVICE v1 { ", common,
                      " internals { state_words: 256 ", "tick_ns: 700 dma_iova: 8192",
                      c.no_precopy_logging ? " no_precopy_logging: true" : "",
                      " } } } devices { host: 0 kind: V1_DEVICE v1 { ", common,
                      " internals { state_words: 256 } } }");
}

std::string Actions(const Case& c) {
  const bool ndma = std::string(c.variant) == "V1_NDMA";
  std::string a = Advance(5000);
  if (c.precopy_iterations > 0) {
    a += Set(0, kS | kR);
    for (uint32_t i = 0; i < c.precopy_iterations; ++i) a += SaveIteration(0) + Advance(2100);
    a += Drain(0) + Advance(1300);
    if (ndma) a += Set(0, kS | kN | kR) + Advance(900);  // the P2P grace state
  }
  a += Set(0, kS) + Drain(0) + Set(0, kStop);
  a += Set(1, kZ) + Push(0, 1);
  a += ndma ? Set(1, kN | kR) + Set(1, kR) : Set(1, kR);
  return a;
}

class V1RoundTripTest : public ::testing::TestWithParam<Case> {};

TEST_P(V1RoundTripTest, ResumeReproducesInternalState) {
  const Case& c = GetParam();
  auto run = JudgeWith(Scenario(Devices(c), Actions(c)));
  ASSERT_TRUE(run.clean()) << run.Describe();
  EXPECT_EQ(run.device(1).device_state(), kR);
  EXPECT_GT(run.device(0).state().counter(), 0u) << "the source never ran";
  EXPECT_EQ(run.device(1).state(), run.device(0).state());
  uint64_t end_internal = 0, loaded_internal = 1;
  int ends = 0, loads = 0;
  const Trace& trace = run.world->trace();
  for (uint64_t i = trace.first_stored(); i < trace.count(); ++i) {
    const TraceRecord& r = trace.at(i);
    if (r.kind == kRecordStreamEnd) ++ends, end_internal = r.arg[3];
    if (r.kind == kRecordResumeLoaded && r.result == 0) ++loads, loaded_internal = r.arg[2];
  }
  EXPECT_EQ(ends, 1);
  EXPECT_EQ(loads, 1);
  EXPECT_EQ(end_internal, loaded_internal);
  EXPECT_EQ(loaded_internal, run.device(0).state().Digest());
}

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  for (const char* variant : {"V1_RFC", "V1", "V1_NDMA"}) {
    for (uint32_t precopy : {0u, 3u}) {
      for (uint64_t segment : {7u, 144u, 1000u, 4096u}) {
        cases.push_back(Case{variant, precopy, segment, false, false});
      }
    }
    cases.push_back(Case{variant, 2, 512, true, false});
    cases.push_back(Case{variant, 2, 300, false, true});
  }
  return cases;
}

std::string Name(const ::testing::TestParamInfo<Case>& info) {
  const Case& c = info.param;
  return absl::StrCat(c.variant, "_precopy", c.precopy_iterations, "_seg", c.segment_bytes,
                      c.mmap ? "_mmap" : "", c.no_precopy_logging ? "_nolog" : "");
}

INSTANTIATE_TEST_SUITE_P(AllVariants, V1RoundTripTest, ::testing::ValuesIn(AllCases()), Name);

}  // namespace
}  // namespace migsim::v1
