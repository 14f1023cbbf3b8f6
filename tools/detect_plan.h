// File: tools/detect_plan.h
//
// The detection benchmark's plan (`migsim bench`, bench/README.md): which
// mutants of the bug zoo it hunts, with which rule, policy and campaign
// topology, and in which order its trials run. Time-to-first-detection is
// measured as Magma and FuzzBench do: K independent trials per (mutant,
// engine), each with its own engine seed and the same CPU budget.
//
// Each mutant is hunted on a small topology of its family
// (fuzz/topologies/bench_<family>.textproto, BenchTopologyFor): the fewer
// devices and the fewer events per input, the more inputs per second, and
// an index the mutator draws lands on a device the mutant replaced more
// often. The engines:
//   structure  migsim_libfuzzer: our structure-aware mutator, libFuzzer
//   random     migsim_random: fresh random inputs, no feedback (the floor)
//   afl        migsim_afl under afl-fuzz with libmigsim_afl_mutator.so only
//   bytes      migsim_libfuzzer_bytes: libFuzzer's byte-level mutations
// Trials run structure and random for every mutant first, then afl and
// bytes; within a group, trial k of every mutant before trial k+1, so an
// interrupted run still covers every mutant.
#ifndef MIGSIM_TOOLS_DETECT_PLAN_H_
#define MIGSIM_TOOLS_DETECT_PLAN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "models/zoo/zoo.h"
#include "spec/fail_on.h"

namespace migsim {

// The engines, in the order of their groups (see the file comment).
inline constexpr absl::string_view kDetectEngines[] = {"structure", "random", "afl", "bytes"};

// One mutant as the benchmark hunts it. A plain value.
struct DetectTarget {
  std::string mutant;    // zoo::ZooEntry.name
  std::string rule;      // its expected_rule
  FailOn fail_on;        // kUser when the rule is the user's (a VMM mutant), else kDevice
  std::string topology;  // the campaign topology, relative to the repository
};

// One trial. A plain value; (mutant, engine, trial, budget_s, topology)
// identifies it in the results (tools/detect_results.h).
struct TrialKey {
  std::string mutant;
  std::string engine;
  int trial = 0;  // 0..K-1; the engine's seed is trial + 1
  int budget_s = 0;
  std::string topology;

  bool operator==(const TrialKey& other) const = default;
  bool operator<(const TrialKey& other) const;
};

// The bench topology of `entry`, relative to the repository:
// fuzz/topologies/bench_iommu for an IOMMU mutant, bench_vmm for a VMM
// mutant; for a device mutant bench_v2_p2p when it needs v2.p2p, else
// bench_v2 for any other V2 mutant; bench_v1ndma when it applies to V1_NDMA
// only, bench_rfc to V1_RFC only, else bench_v1.
std::string BenchTopologyFor(const zoo::ZooEntry& entry);

// The targets for `mutants_csv` ("" or "all": every zoo entry, in zoo
// order); `topology` ("" = BenchTopologyFor each) overrides the topology.
// Errors: NotFoundError naming an unknown mutant ("--mutants: 'x' ...");
// InvalidArgumentError when a topology file does not exist under `repo`.
absl::StatusOr<std::vector<DetectTarget>> PlanTargets(const std::string& repo,
                                                      const std::string& mutants_csv,
                                                      const std::string& topology);

// The engines of `engines_csv` ("" = every one), in kDetectEngines order.
// Errors: InvalidArgumentError "--engines: 'x' is not structure, random, afl or bytes".
absl::StatusOr<std::vector<std::string>> PlanEngines(const std::string& engines_csv);

// Every trial of the matrix in run order (see the file comment).
std::vector<TrialKey> OrderTrials(const std::vector<DetectTarget>& targets,
                                  const std::vector<std::string>& engines, int trials,
                                  int budget_s);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_DETECT_PLAN_H_
