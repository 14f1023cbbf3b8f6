// File: tests/zoo/random_vm_scenario.h
//
// A fixed-seed generator of random whole-VM scenarios for the zoo's tests
// of VMM mutants: corpus/topologies/default.textproto's topology (five
// busy devices per host, P2P into a GPU's BAR, busy vCPUs) with a random
// channel (latency, bandwidth), then a reference migration with random
// pre-copy rounds whose steps are interleaved with random guest stores,
// guest-requested DMA, MMIO, vCPU stops and runs, device resets, armed
// device failures and, rarely, channel faults. User protocol errors are
// expected in what it writes; bad input is not.
#ifndef MIGSIM_TESTS_ZOO_RANDOM_VM_SCENARIO_H_
#define MIGSIM_TESTS_ZOO_RANDOM_VM_SCENARIO_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "protos/scenario.pb.h"
#include "sim/prng.h"
#include "sim/scenario_io.h"
#include "tests/test_util.h"

namespace migsim::zoo_testing {
namespace internal {

inline std::string VmAction(Prng& prng) {
  constexpr const char* kSites[] = {"STATE_TRANSITION", "DATA_READ", "DATA_WRITE", "RESUME_LOAD"};
  const uint64_t d = prng.UniformBelow(10);
  const uint64_t page = prng.UniformBelow(1024);
  switch (prng.UniformBelow(12)) {
    case 0:
    case 1:
      return absl::StrCat("guest_write { host: 0 vcpu: ", prng.UniformBelow(2),
                          " gpa: ", page * 4096, " length: ", 1 + prng.UniformBelow(8192),
                          " pattern: ", prng.UniformBelow(1000), " }");
    case 2:
    case 3:
      return absl::StrCat("device_dma { device: ", prng.UniformBelow(5), " iova: ", page * 4096,
                          " length: ", 1 + prng.UniformBelow(8192),
                          " write: true pattern: ", prng.UniformBelow(1000), " }");
    case 4:
      return absl::StrCat("guest_mmio { device: ", d, " vcpu: ", prng.UniformBelow(2),
                          " offset: ", 8 * prng.UniformBelow(16),
                          " width: 8 write: true value: ", prng.UniformBelow(1000), " }");
    case 5:
      return absl::StrCat(prng.Chance(1, 2) ? "vcpu_stop" : "vcpu_run",
                          " { host: 0 vcpu: ", prng.UniformBelow(2), " }");
    case 6:
      return prng.Chance(1, 8) ? absl::StrCat("reset { device: ", d, " }")
                               : absl::StrCat("advance_time { ns: ", prng.UniformBelow(5000), " }");
    case 7:
      // Rare, so that most migrations reach their end and show end-only defects.
      if (prng.Chance(1, 3)) {
        return absl::StrCat("arm_failure { device: ", d, " site: ", kSites[prng.UniformBelow(4)],
                            " skip: ", prng.UniformBelow(4),
                            prng.Chance(1, 2) ? " to_error: true" : "", " }");
      }
      [[fallthrough]];
    case 8:
      if (prng.Chance(1, 4)) {
        return absl::StrCat(
            "arm_channel_fault { channel_fault: DELAY skip: ", prng.UniformBelow(60),
            " delay_ns: ", 1 + prng.UniformBelow(50000), " }");
      }
      [[fallthrough]];
    default:
      return absl::StrCat("vmm_step { steps: ", 1 + prng.UniformBelow(12), " }");
  }
}

}  // namespace internal

// A random whole-VM scenario (see the file comment) with `actions` random
// actions among the migration's steps.
inline proto::Scenario RandomVmScenario(Prng& prng, int actions, uint64_t seed) {
  absl::StatusOr<proto::Scenario> loaded =
      LoadScenarioFile(testing::SourceDir() + "/corpus/topologies/default.textproto");
  if (!loaded.ok()) return proto::Scenario();
  proto::Scenario s = *loaded;
  s.set_seed(seed);
  s.clear_actions();
  proto::ChannelParams& channel = *s.mutable_topology()->mutable_migration()->mutable_channel();
  channel.set_latency_ns(500 + prng.UniformBelow(8000));
  channel.set_bytes_per_us(prng.Chance(1, 3) ? 0 : 2000 + prng.UniformBelow(40000));
  std::string text = absl::StrCat(
      "format_version: 1 actions { vcpu_run { host: 0 vcpu: 0 } } "
      "actions { vcpu_run { host: 0 vcpu: 1 } } actions { advance_time { ns: 5000 } } "
      "actions { vmm_migrate { flow: \"reference\" options { precopy_rounds: ",
      prng.UniformBelow(3), " } } } ");
  for (int i = 0; i < actions; ++i) {
    absl::StrAppend(&text, "actions { ", internal::VmAction(prng), " } ");
  }
  absl::StrAppend(&text, "actions { vmm_run {} } actions { advance_time { ns: 10000 } }");
  const proto::Scenario tail = testing::ParseScenario(text);
  for (const proto::Action& a : tail.actions()) *s.add_actions() = a;
  return s;
}

}  // namespace migsim::zoo_testing

#endif  // MIGSIM_TESTS_ZOO_RANDOM_VM_SCENARIO_H_
