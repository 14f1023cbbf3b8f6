// File: tools/detect_plan.cc
#include "tools/detect_plan.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "spec/rule_registry.h"

namespace migsim {
namespace {

// The engines of the first group: run for every mutant before the others.
bool FirstGroup(absl::string_view engine) { return engine == "structure" || engine == "random"; }

}  // namespace

bool TrialKey::operator<(const TrialKey& other) const {
  return std::tie(mutant, engine, trial, budget_s, topology) <
         std::tie(other.mutant, other.engine, other.trial, other.budget_s, other.topology);
}

std::string BenchTopologyFor(const zoo::ZooEntry& entry) {
  const auto file = [](absl::string_view family) {
    return absl::StrCat("fuzz/topologies/bench_", family, ".textproto");
  };
  switch (entry.target) {
    case zoo::Target::kIommu:
      return file("iommu");
    case zoo::Target::kVmm:
      return file("vmm");
    case zoo::Target::kDevice:
      break;
  }
  if (entry.kind == proto::V2_DEVICE) {
    return file((entry.needs.v2_flags_set & zoo::kNeedP2p) != 0 ? "v2_p2p" : "v2");
  }
  if (entry.variants == zoo::VariantOf(proto::V1_NDMA)) return file("v1ndma");
  if (entry.variants == zoo::VariantOf(proto::V1_RFC)) return file("rfc");
  return file("v1");
}

absl::StatusOr<std::vector<DetectTarget>> PlanTargets(const std::string& repo,
                                                      const std::string& mutants_csv,
                                                      const std::string& topology) {
  std::vector<const zoo::ZooEntry*> entries;
  if (mutants_csv.empty() || mutants_csv == "all") {
    for (const zoo::ZooEntry& e : zoo::Entries()) entries.push_back(&e);
  } else {
    for (absl::string_view name : absl::StrSplit(mutants_csv, ',', absl::SkipEmpty())) {
      const zoo::ZooEntry* e = zoo::Find(name);
      if (e == nullptr) {
        return absl::NotFoundError(
            absl::StrCat("--mutants: '", name, "' is not a zoo mutant (see `migsim zoo`)"));
      }
      entries.push_back(e);
    }
  }
  std::vector<DetectTarget> targets;
  for (const zoo::ZooEntry* e : entries) {
    DetectTarget t;
    t.mutant = std::string(e->name);
    t.rule = std::string(e->expected_rule);
    const Rule* rule = FindRule(t.rule);
    t.fail_on = rule != nullptr && rule->owner == Owner::kUser ? FailOn::kUser : FailOn::kDevice;
    t.topology = topology.empty() ? BenchTopologyFor(*e) : topology;
    std::error_code error;
    if (!std::filesystem::is_regular_file(std::filesystem::path(repo) / t.topology, error) &&
        !std::filesystem::is_regular_file(t.topology, error)) {
      return absl::InvalidArgumentError(
          absl::StrCat(t.mutant, ": topology ", t.topology, " does not exist under ", repo));
    }
    targets.push_back(std::move(t));
  }
  return targets;
}

absl::StatusOr<std::vector<std::string>> PlanEngines(const std::string& engines_csv) {
  std::set<std::string> wanted;
  for (absl::string_view name : absl::StrSplit(engines_csv, ',', absl::SkipEmpty())) {
    if (std::find(std::begin(kDetectEngines), std::end(kDetectEngines), name) ==
        std::end(kDetectEngines)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--engines: '", name, "' is not structure, random, afl or bytes"));
    }
    wanted.insert(std::string(name));
  }
  std::vector<std::string> engines;
  for (absl::string_view e : kDetectEngines) {
    if (wanted.empty() || wanted.count(std::string(e)) != 0) engines.emplace_back(e);
  }
  return engines;
}

std::vector<TrialKey> OrderTrials(const std::vector<DetectTarget>& targets,
                                  const std::vector<std::string>& engines, int trials,
                                  int budget_s) {
  std::vector<TrialKey> order;
  for (const bool first_group : {true, false}) {
    for (int trial = 0; trial < trials; ++trial) {
      for (const DetectTarget& t : targets) {
        for (const std::string& engine : engines) {
          if (FirstGroup(engine) != first_group) continue;
          order.push_back({t.mutant, engine, trial, budget_s, t.topology});
        }
      }
    }
  }
  return order;
}

}  // namespace migsim
