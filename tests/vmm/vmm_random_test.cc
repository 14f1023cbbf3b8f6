// Goal: the whole-VM family survives whatever a fuzzer interleaves with a
// migration: random guest stores, MMIO, guest-requested DMA, vCPU runs and
// stops, device resets, closes and opens, armed device failures and channel
// faults between random numbers of flow steps, under every flow. No run
// crashes or hangs, every migration ends, and the reference models commit no
// device violation (the device-side whole-VM rules included): whatever the
// user does, a violation it causes is the user's.
// Method: seeded random scenarios built on the default topology, judged
// with every monitor; the seeds are fixed, so a failure names its seed.
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "sim/prng.h"
#include "tests/vmm/vmm_test_util.h"

namespace migsim {
namespace {

std::string RandomAction(Prng& prng) {
  const uint64_t d = prng.UniformBelow(10);
  const uint64_t page = prng.UniformBelow(1024);
  switch (prng.UniformBelow(11)) {
    case 0:
      return absl::StrCat("guest_write { host: 0 vcpu: ", prng.UniformBelow(2),
                          " gpa: ", page * 4096, " length: ", 1 + prng.UniformBelow(8192),
                          " pattern: ", prng(), " }");
    case 1:
      return absl::StrCat("guest_mmio { device: ", d, " vcpu: ", prng.UniformBelow(2),
                          " offset: ", 8 * prng.UniformBelow(16),
                          " width: 8 write: true value: ", prng(), " }");
    case 2:
      return absl::StrCat("device_dma { device: ", d, " iova: ", page * 4096,
                          " length: ", 1 + prng.UniformBelow(16384),
                          " write: ", prng.UniformBelow(2) ? "true" : "false", " pattern: ", prng(),
                          " }");
    case 3:
      return absl::StrCat("vcpu_stop { host: 0 vcpu: ", prng.UniformBelow(2), " }");
    case 4:
      return absl::StrCat("vcpu_run { host: 0 vcpu: ", prng.UniformBelow(2), " }");
    case 5:
      return absl::StrCat("reset { device: ", d, " }");
    case 6: {
      const char* sites[] = {"STATE_TRANSITION", "DATA_READ",    "DATA_WRITE",
                             "RESUME_LOAD",      "PRECOPY_INFO", "DMA_LOGGING"};
      return absl::StrCat("arm_failure { device: ", d, " site: ", sites[prng.UniformBelow(6)],
                          " skip: ", prng.UniformBelow(4),
                          prng.UniformBelow(2) ? " to_error: true" : "", " }");
    }
    case 7: {
      const char* faults[] = {"DROP", "CORRUPT", "TRUNCATE", "REORDER", "DELAY"};
      const uint64_t f = prng.UniformBelow(5);
      return absl::StrCat(
          "arm_channel_fault { channel_fault: ", faults[f], " skip: ", prng.UniformBelow(40),
          f == 4 ? absl::StrCat(" delay_ns: ", 1 + prng.UniformBelow(200000)) : "", " }");
    }
    case 8:
      return absl::StrCat("close { device: ", d, " }");
    case 9:
      return absl::StrCat("open { device: ", d, " }");
    default:
      return absl::StrCat("vmm_step { steps: ", 1 + prng.UniformBelow(12), " }");
  }
}

TEST(VmmRandomTest, ReferenceModelsCommitNoDeviceViolation) {
  const char* flows[] = {"reference", "qemu_v1", "qemu_v2", "qemu_v2_basic", "naive_skip_grace"};
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    Prng prng(seed);
    const std::string flow = flows[seed % 5];
    proto::Scenario s = vmm_testing::Default(flow, static_cast<uint32_t>(prng.UniformBelow(4)));
    s.clear_actions();
    std::string text = "format_version: 1 actions { vcpu_run { host: 0 vcpu: 0 } } ";
    absl::StrAppend(&text, "actions { advance_time { ns: 5000 } } ");
    absl::StrAppend(&text, "actions { vmm_migrate { flow: \"", flow,
                    "\" options { precopy_rounds: ", prng.UniformBelow(4), " } } } ");
    const uint64_t n = 5 + prng.UniformBelow(30);
    for (uint64_t i = 0; i < n; ++i)
      absl::StrAppend(&text, "actions { ", RandomAction(prng), " } ");
    absl::StrAppend(&text, "actions { vmm_run {} } actions { advance_time { ns: 20000 } }");
    *s.mutable_actions() = testing::ParseScenario(text).actions();
    SCOPED_TRACE(absl::StrCat("seed ", seed, " flow ", flow));
    const JudgedRun run = vmm_testing::JudgeAll(s);
    EXPECT_TRUE(run.verdict.device_violations.empty()) << vmm_testing::Explain(run.verdict);
    EXPECT_TRUE(run.verdict.liveness_failure.empty()) << run.verdict.liveness_failure;
    EXPECT_NE(vmm_testing::LastOutcome(run.world), -1) << "the migration never ended";
  }
}

}  // namespace
}  // namespace migsim
