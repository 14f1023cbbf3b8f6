// File: fuzz/random_target.cc
//
// migsim_random: the feedback-free engine, the floor of the detection
// benchmark (bench/README.md). It runs fresh random inputs
// (fuzz/random_input.h) through the same Harness the libFuzzer and AFL++
// targets use, with the same environment (fuzz/README.md: MIGSIM_FUZZ_*),
// and keeps nothing: no corpus, no coverage, no mutation of earlier inputs.
// Its flags and output mimic libFuzzer's, so the benchmark drives it the
// same way:
//   migsim_random [-seed=N] [-max_total_time=S] [-runs=N] [-actions_max=N]
//                 [-artifact_prefix=P]
//   -seed            the generator's seed (default 1; sim/prng.h, so a seed
//                    replays the same inputs in the same order)
//   -max_total_time  stop after S wall-clock seconds (0: no limit)
//   -runs            stop after N inputs (0: no limit)
//   -actions_max     the most actions an input has (default 64, at most
//                    sim/limits.h kActionsMax)
//   -artifact_prefix a violating input is written to <P>crash-<FNV-1a 64>
// It prints "#N pulse corp: 0 exec/s: R" at every power of two, and the
// final "stat::number_of_executed_units" / "stat::average_exec_per_sec"
// lines at the end and before reporting a violation; a violation is a crash
// (ReportViolationAndAbort: the ==MIGSIM== lines, then abort()). Exit
// status: 0 budget spent, 2 a bad flag or environment.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "fuzz/action_validator.h"
#include "fuzz/fresh_input.h"
#include "fuzz/harness.h"
#include "fuzz/harness_config.h"
#include "fuzz/random_input.h"
#include "sim/hash.h"
#include "sim/limits.h"
#include "sim/prng.h"
#include "sim/scenario_io.h"

namespace {

struct Flags {
  uint64_t seed = 1;
  uint64_t max_total_time = 0;
  uint64_t runs = 0;
  uint64_t actions_max = 64;
  std::string artifact_prefix;
};

// Parses -name=value flags; false (with a message) for anything else.
bool ParseFlags(int argc, char** argv, Flags& flags) {
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    const size_t eq = arg.find('=');
    const absl::string_view name = arg.substr(0, eq);
    const absl::string_view value = eq == absl::string_view::npos ? "" : arg.substr(eq + 1);
    uint64_t* number = name == "-seed"             ? &flags.seed
                       : name == "-max_total_time" ? &flags.max_total_time
                       : name == "-runs"           ? &flags.runs
                       : name == "-actions_max"    ? &flags.actions_max
                                                   : nullptr;
    if (name == "-artifact_prefix") {
      flags.artifact_prefix = std::string(value);
    } else if (number == nullptr || !absl::SimpleAtoi(value, number)) {
      std::fprintf(stderr, "migsim_random: bad flag '%s'\n", argv[i]);
      return false;
    }
  }
  if (flags.actions_max < 1 || flags.actions_max > migsim::kActionsMax) {
    std::fprintf(stderr, "migsim_random: -actions_max=%llu is not in [1, %llu]\n",
                 static_cast<unsigned long long>(flags.actions_max),
                 static_cast<unsigned long long>(migsim::kActionsMax));
    return false;
  }
  return true;
}

void PrintFinalStats(uint64_t execs, double seconds) {
  std::fprintf(stderr, "stat::number_of_executed_units: %llu\nstat::average_exec_per_sec: %llu\n",
               static_cast<unsigned long long>(execs),
               static_cast<unsigned long long>(seconds > 0 ? execs / seconds : 0));
}

// Writes the violating input where libFuzzer would write a crash file.
void WriteArtifact(const std::string& prefix, const std::string& bytes) {
  migsim::Fnv1a64 fnv;
  for (char c : bytes) fnv.AddByte(static_cast<uint8_t>(c));
  const std::string path = absl::StrFormat("%scrash-%016x", prefix, fnv.value());
  if (migsim::WriteFileAtomically(path, bytes).ok()) {
    std::fprintf(stderr, "Test unit written to %s\n", path.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, flags)) return 2;
  absl::StatusOr<migsim::HarnessConfig> config =
      migsim::MakeHarnessConfig(migsim::HarnessEnv::FromProcess());
  if (!config.ok()) {
    std::fprintf(stderr, "migsim_random: %s\n", config.status().ToString().c_str());
    return 2;
  }
  const migsim::proto::Topology topology =
      config->topology.has_value() ? config->topology->topology() : migsim::FallbackTopology();
  // Fresh actions the language refuses are drawn again (fuzz/action_validator.h),
  // exactly as the structure-aware mutator's are.
  const migsim::ActionFilter filter =
      config->topology.has_value() ? migsim::MakeActionValidator(*config->topology) : nullptr;
  migsim::Harness harness(*std::move(config));
  migsim::Prng prng(flags.seed);
  migsim::MutationContext context{prng,
                                  migsim::TopologyShape::Of(topology),
                                  nullptr,
                                  harness.config().topology.has_value(),
                                  flags.actions_max,
                                  {}};
  if (filter) context.action_filter = &filter;
  std::fprintf(stderr, "migsim_random: seed %llu, actions_max %llu\n",
               static_cast<unsigned long long>(flags.seed),
               static_cast<unsigned long long>(flags.actions_max));
  const auto start = std::chrono::steady_clock::now();
  const auto seconds = [&start] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  migsim::proto::FuzzInput input;
  std::string bytes;
  uint64_t execs = 0;
  uint64_t next_pulse = 1;
  while (flags.runs == 0 || execs < flags.runs) {
    migsim::MakeRandomInput(topology, context, input);
    bytes.clear();
    input.SerializeToString(&bytes);
    const migsim::HarnessResult& result = harness.Run(bytes, {});
    ++execs;
    if (result.outcome == migsim::HarnessOutcome::kViolation) {
      PrintFinalStats(execs, seconds());
      if (!flags.artifact_prefix.empty()) WriteArtifact(flags.artifact_prefix, bytes);
      migsim::ReportViolationAndAbort(result, "RandomInput");
    }
    if (execs == next_pulse || execs % 64 == 0) {
      const double s = seconds();
      if (execs == next_pulse) {
        next_pulse *= 2;
        std::fprintf(stderr, "#%llu\tpulse  corp: 0 exec/s: %llu\n",
                     static_cast<unsigned long long>(execs),
                     static_cast<unsigned long long>(s > 0 ? execs / s : 0));
      }
      if (flags.max_total_time > 0 && s >= static_cast<double>(flags.max_total_time)) break;
    }
  }
  PrintFinalStats(execs, seconds());
  std::fprintf(stderr, "Done %llu runs in %.0f second(s)\n", static_cast<unsigned long long>(execs),
               seconds());
  return 0;
}
