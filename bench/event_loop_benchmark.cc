// File: bench/event_loop_benchmark.cc
//
// Simulated events per second of the engine's event loop under DMA load:
// N DMA_ENGINE devices issue background DMA writes (each one is two events'
// worth of work: issue and completion with IOMMU translation, a RAM write and
// dirty logging) while vCPUs store to guest RAM.
// Run: build/bin/event_loop_benchmark
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "models/device_factory.h"
#include "sim/event_loop.h"
#include "sim/guest_cpu.h"
#include "sim/scenario_io.h"

namespace migsim {
namespace {

proto::Scenario LoadScenario(int devices) {
  std::string text =
      "format_version: 1 seed: 1 bounds { events_max: 100000000 }\n"
      "topology { hosts { guest_pages: 16384 vcpus: 2 vcpu_period_ns: 1000 identity_map: true "
      "dma_latency_ns: 400 }\n";
  for (int i = 0; i < devices; ++i) {
    absl::StrAppend(&text, "devices { kind: DMA_ENGINE host: 0 dma_engine { period_ns: 200 ",
                    "iova: 0 span: 67108864 length: 256 write_percent: 80 } }\n");
  }
  absl::StrAppend(&text, "}\n");
  return *ParseScenarioText(text, "bench");
}

void BM_EventLoop(benchmark::State& state) {
  const proto::Scenario scenario = LoadScenario(static_cast<int>(state.range(0)));
  uint64_t events = 0;
  for (auto _ : state) {
    absl::StatusOr<World> world = CreateWorld(scenario);
    VcpuRun(*world, 0, 0);
    VcpuRun(*world, 0, 1);
    (void)world->host(0).iommu.DirtyStart();
    RunFor(*world, 1'000'000);  // 1 ms of simulated time
    world->trace().Discard();
    events += world->events_run();
  }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EventLoop)->Arg(1)->Arg(4)->Arg(16)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace migsim

BENCHMARK_MAIN();
