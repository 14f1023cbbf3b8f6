// File: bench/fuzz_exec_benchmark.cc
//
// fuzz_exec_benchmark: what one fuzz execution costs. It builds one fixed
// set of inputs (the seed corpus plus mutants of it made by the Mutator
// from a fixed seed, so the set looks like a campaign's corpus), then
// executes them round robin, the same inputs for both:
//   parse-only  what migsim_libfuzzer_parse_only does per input (parse the
//               FuzzInput, apply the swarm);
//   harness     what migsim_libfuzzer does (Harness::Run with protocol
//               coverage counters: parse, judge the scenario on the fast
//               path, map the trace to coverage slots);
// and prints exec/s of each, their ratio (the number we track), and the
// process's resident set size after the harness executions (to see that
// 10^6 runs do not leak). Wall-clock time is fine here: it measures the
// bench, it never reaches a simulated run.
//
// Usage: fuzz_exec_benchmark [--execs=N] [--mutants=M] SEED_DIR
// (scripts/fuzz_bench.sh runs it with N = 10^6 on <build>/fuzz_seeds).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_input.h"
#include "fuzz/harness.h"
#include "fuzz/mutator.h"
#include "spec/coverage.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::vector<std::string> LoadSeeds(const fs::path& dir) {
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".pb") paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> seeds;
  for (const fs::path& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    seeds.push_back(s.str());
  }
  return seeds;
}

// The seeds, then `count` mutants: chains of 1..8 mutations from a seed.
std::vector<std::string> MakeInputs(const std::vector<std::string>& seeds, int count) {
  std::vector<std::string> inputs = seeds;
  migsim::Mutator mutator;
  for (int i = 0; i < count; ++i) {
    std::string data = seeds[static_cast<size_t>(i) % seeds.size()];
    for (int step = 0; step <= i % 8; ++step) {
      const size_t in = data.size();
      data.resize(1 << 16);
      data.resize(mutator.MutateBytes(reinterpret_cast<uint8_t*>(data.data()), in, data.size(),
                                      static_cast<uint64_t>(i) * 8 + step));
    }
    inputs.push_back(data);
  }
  return inputs;
}

// What migsim_libfuzzer_parse_only does with one input.
int ParseOnly(const std::string& bytes, migsim::proto::FuzzInput& input,
              migsim::proto::Scenario& scenario) {
  input.Clear();
  if (!input.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return -1;
  scenario.Swap(input.mutable_scenario());
  migsim::ApplySwarm(input.swarm(), scenario);
  return scenario.actions_size();
}

std::string StatusLine(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (absl::string_view(line).substr(0, std::strlen(key)) == key) return line;
  }
  return absl::StrCat(key, " ?");
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t execs = 1000000;
  int mutants = 500;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg.substr(0, 8) == "--execs=" && absl::SimpleAtoi(arg.substr(8), &execs)) continue;
    if (arg.substr(0, 10) == "--mutants=" && absl::SimpleAtoi(arg.substr(10), &mutants)) continue;
    if (arg.substr(0, 2) == "--") {
      std::fprintf(stderr, "fuzz_exec_benchmark: unknown flag %s\n", argv[i]);
      return 2;
    }
    dir = std::string(arg);
  }
  if (dir.empty() || !fs::is_directory(dir)) {
    std::fprintf(stderr, "usage: fuzz_exec_benchmark [--execs=N] [--mutants=M] SEED_DIR\n");
    return 2;
  }
  const std::vector<std::string> seeds = LoadSeeds(dir);
  if (seeds.empty()) {
    std::fprintf(stderr, "fuzz_exec_benchmark: no .pb seeds in %s\n", dir.c_str());
    return 2;
  }
  const std::vector<std::string> inputs = MakeInputs(seeds, mutants);
  std::printf("inputs: %zu (%zu seeds + %d mutants), executions per harness: %llu\n", inputs.size(),
              seeds.size(), mutants, static_cast<unsigned long long>(execs));

  migsim::proto::FuzzInput input;
  migsim::proto::Scenario scenario;
  int64_t sink = 0;
  const Clock::time_point p0 = Clock::now();
  for (uint64_t i = 0; i < execs; ++i)
    sink += ParseOnly(inputs[i % inputs.size()], input, scenario);
  const double parse_s = std::chrono::duration<double>(Clock::now() - p0).count();

  absl::StatusOr<migsim::HarnessConfig> config = migsim::MakeHarnessConfig({});
  if (!config.ok()) return 2;
  migsim::Harness harness(*std::move(config));
  std::vector<uint8_t> counters(migsim::kCoverageSlots);
  uint64_t outcomes[4] = {0, 0, 0, 0};
  const Clock::time_point h0 = Clock::now();
  for (uint64_t i = 0; i < execs; ++i) {
    const migsim::HarnessResult& r =
        harness.Run(inputs[i % inputs.size()], absl::MakeSpan(counters));
    ++outcomes[static_cast<int>(r.outcome)];
    std::fill(counters.begin(), counters.end(), 0);  // libFuzzer clears them per input too
  }
  const double harness_s = std::chrono::duration<double>(Clock::now() - h0).count();

  const double parse_rate = static_cast<double>(execs) / parse_s;
  const double harness_rate = static_cast<double>(execs) / harness_s;
  std::printf("parse-only: %.0f exec/s (%.2f s)\n", parse_rate, parse_s);
  std::printf(
      "harness:    %.0f exec/s (%.2f s); invalid %llu, clean %llu, liveness %llu, "
      "violation %llu\n",
      harness_rate, harness_s, static_cast<unsigned long long>(outcomes[0]),
      static_cast<unsigned long long>(outcomes[1]), static_cast<unsigned long long>(outcomes[2]),
      static_cast<unsigned long long>(outcomes[3]));
  std::printf("ratio harness/parse-only: %.4f (parse-only is %.1fx faster)\n",
              harness_rate / parse_rate, parse_rate / harness_rate);
  std::printf("after %llu harness executions: %s, %s\n", static_cast<unsigned long long>(execs),
              StatusLine("VmRSS:").c_str(), StatusLine("VmHWM:").c_str());
  return sink == 42 ? 3 : 0;  // keeps the parse loop from being optimised away
}
