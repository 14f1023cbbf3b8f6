// File: bench/migration_benchmark.cc
//
// Whole-VM migrations per second, and how their cost grows.
//   BM_DefaultTopology       corpus/topologies/default.textproto judged end to
//                            end (every monitor), as a fuzz campaign runs it.
//   BM_Devices/N             a reference migration of a VM with N devices
//                            (N pairs, alternating V1_NDMA and v2 with P2P;
//                            64 devices in the topology at N = 32, the limit
//                            of sim/limits.h), judged end to end.
//   BM_GuestPages/P          a reference migration of a VM with P guest pages
//                            (1 Ki .. 1 Mi) and four devices, judged end to
//                            end: the full copy of RAM is linear in P.
//   BM_PreCopyRound/P        one pre-copy round (dirty-log reads, the dirty
//                            pages sent and applied, device data) of a VM of
//                            P pages whose guest and devices dirty a fixed
//                            number of pages per round: the dirty-log work
//                            must not grow with P.
// Run: build/bin/migration_benchmark
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "models/action_runner.h"
#include "models/device_factory.h"
#include "models/vmm/migration.h"
#include "models/vmm/vmm_records.h"
#include "sim/scenario_io.h"
#include "spec/judge.h"

namespace migsim {
namespace {

// A two-host topology with `pairs` migrating devices and `pages` of guest
// RAM, one reference migration with `rounds` pre-copy rounds, the guest and
// the devices busy. Devices tick every `tick_ns` (0 = idle devices).
proto::Scenario MakeScenario(int pairs, uint64_t pages, uint32_t rounds, uint64_t tick_ns) {
  std::string text = absl::StrCat(
      "format_version: 1 seed: 1 bounds { events_max: 100000000 } topology {\n"
      " hosts { name: \"src\" guest_pages: ",
      pages,
      " vcpus: 2 vcpu_period_ns: 1000 identity_map: true }\n"
      " hosts { name: \"dst\" guest_pages: ",
      pages, " vcpus: 2 vcpu_period_ns: 1000 identity_map: true }\n");
  for (int host = 0; host < 2; ++host) {
    for (int i = 0; i < pairs; ++i) {
      const std::string internals =
          absl::StrCat("internals { tick_ns: ", tick_ns, " dma_iova: ", 0x10000 * (i + 1), " }");
      if (i % 2 == 0) {
        absl::StrAppend(&text, " devices { host: ", host,
                        " kind: V1_DEVICE v1 { variant: V1_NDMA ndma_capable: true ", internals,
                        " } }\n");
      } else {
        absl::StrAppend(&text, " devices { host: ", host,
                        " kind: V2_DEVICE v2 { p2p: true pre_copy: true ", internals, " } }\n");
      }
    }
  }
  absl::StrAppend(&text, " migration { source_host: 0 destination_host: 1 ",
                  "channel { latency_ns: 2000 ram_pages_per_message: 1024 }\n");
  for (int i = 0; i < pairs; ++i) {
    absl::StrAppend(&text, "  pairs { source_device: ", i, " destination_device: ", pairs + i,
                    " }\n");
  }
  absl::StrAppend(&text, " }\n}\n",
                  "actions { vcpu_run { host: 0 vcpu: 0 } }\n"
                  "actions { vcpu_run { host: 0 vcpu: 1 } }\n"
                  "actions { advance_time { ns: 5000 } }\n"
                  "actions { vmm_migrate { flow: \"reference\" options { precopy_rounds: ",
                  rounds, " } run_to_end: true } }\n");
  return *ParseScenarioText(text, "bench");
}

void JudgeLoop(benchmark::State& state, const proto::Scenario& scenario) {
  JudgeOptions options;
  options.keep_records = false;
  uint64_t migrations = 0;
  uint64_t events = 0;
  for (auto _ : state) {
    absl::StatusOr<JudgedRun> run = Judge(scenario, options);
    if (!run.ok() || !run->verdict.clean()) {
      state.SkipWithError("the migration was not clean");
      return;
    }
    events += run->verdict.events;
    ++migrations;
  }
  state.counters["migrations/s"] =
      benchmark::Counter(static_cast<double>(migrations), benchmark::Counter::kIsRate);
  state.counters["events/migration"] =
      static_cast<double>(events) / static_cast<double>(migrations == 0 ? 1 : migrations);
}

void BM_DefaultTopology(benchmark::State& state) {
  absl::StatusOr<proto::Scenario> s =
      LoadScenarioFile(std::string(MIGSIM_SOURCE_DIR) + "/corpus/topologies/default.textproto");
  if (!s.ok()) {
    state.SkipWithError("corpus/topologies/default.textproto did not load");
    return;
  }
  JudgeLoop(state, *s);
}
BENCHMARK(BM_DefaultTopology)->Unit(benchmark::kMillisecond);

void BM_Devices(benchmark::State& state) {
  JudgeLoop(state, MakeScenario(static_cast<int>(state.range(0)), 4096, 2, 2000));
}
BENCHMARK(BM_Devices)->Arg(1)->Arg(4)->Arg(16)->Arg(32)->Unit(benchmark::kMillisecond);

void BM_GuestPages(benchmark::State& state) {
  JudgeLoop(state, MakeScenario(4, static_cast<uint64_t>(state.range(0)), 2, 2000));
}
BENCHMARK(BM_GuestPages)
    ->Arg(1 << 10)
    ->Arg(1 << 14)
    ->Arg(1 << 18)
    ->Arg(1 << 20)
    ->Unit(benchmark::kMillisecond);

// A World in pre-copy: the migration of MakeScenario(4, pages, 1000, ...)
// stepped past its setup, full copy and first round.
World InPreCopy(uint64_t pages) {
  proto::Scenario s = MakeScenario(4, pages, 1000, 2000);
  proto::Action& migrate = *s.mutable_actions(s.actions_size() - 1);
  migrate.mutable_vmm_migrate()->set_run_to_end(false);
  absl::StatusOr<World> world = CreateWorld(s);
  for (const proto::Action& a : s.actions()) ApplyAction(*world, a);
  // 8 setup items, dirty start, full copy, 4 enter pre-copy, one round (5).
  vmm::Migration::Find(*world)->RunSteps(*world, 8 + 1 + 1 + 4 + 5);
  world->trace().Discard();
  return *std::move(world);
}

void BM_PreCopyRound(benchmark::State& state) {
  const World prepared = InPreCopy(static_cast<uint64_t>(state.range(0)));
  uint64_t rounds = 0;
  uint64_t pages_sent = 0;
  uint64_t messages = 0;
  std::optional<World> world;
  for (auto _ : state) {
    // Copying the World is O(pages): not timed, and done once per 500
    // rounds (the migration has 1000).
    if (rounds % 500 == 0) {
      state.PauseTiming();
      world.reset();
      world.emplace(prepared);
      state.ResumeTiming();
    }
    const uint64_t first = world->trace().count();
    // One round: the dirty-log item and one item per device.
    vmm::Migration::Find(*world)->RunSteps(*world, 5);
    state.PauseTiming();
    const Trace& trace = world->trace();
    for (uint64_t i = first; i < trace.count(); ++i) {
      const TraceRecord& r = trace.at(i);
      if (r.kind != vmm::kRecordChannelSend || r.arg[1] != vmm::kMessageRam) continue;
      ++messages;
      pages_sent += r.arg[3];
    }
    world->trace().Discard();
    ++rounds;
    state.ResumeTiming();
  }
  state.counters["rounds/s"] =
      benchmark::Counter(static_cast<double>(rounds), benchmark::Counter::kIsRate);
  const double n = static_cast<double>(rounds == 0 ? 1 : rounds);
  state.counters["dirty_pages/round"] = static_cast<double>(pages_sent) / n;
  state.counters["ram_messages/round"] = static_cast<double>(messages) / n;
}
BENCHMARK(BM_PreCopyRound)
    ->Arg(1 << 10)
    ->Arg(1 << 14)
    ->Arg(1 << 18)
    ->Arg(1 << 20)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace migsim

BENCHMARK_MAIN();
