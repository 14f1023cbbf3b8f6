// File: tools/scenario_rewrite.cc
#include "tools/scenario_rewrite.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "fuzz/harness_config.h"
#include "fuzz/planted_models.h"
#include "fuzz/seed_policy.h"
#include "models/zoo/zoo.h"
#include "tools/input_file.h"

namespace migsim {

absl::Status ScenarioRewrite::Apply(proto::Scenario& scenario) const {
  if (topology_source) {
    scenario.set_format_version(topology_source->format_version());
    *scenario.mutable_topology() = topology_source->topology();
    if (topology_source->has_bounds()) {
      *scenario.mutable_bounds() = topology_source->bounds();
    } else {
      scenario.clear_bounds();
    }
  }
  if (reference) StripModels(scenario);
  for (const std::string& name : models) {
    absl::Status used = ApplyModel(scenario, name);
    if (!used.ok()) {
      return absl::Status(used.code(), absl::StrCat("--model: ", used.message()));
    }
  }
  const uint64_t own = scenario.bounds().events_max();
  if (events_cap != 0 && (own == 0 || own > events_cap)) {
    scenario.mutable_bounds()->set_events_max(events_cap);
  }
  return absl::OkStatus();
}

absl::StatusOr<ScenarioRewrite> MakeScenarioRewrite(const std::string& topology_path,
                                                    const std::string& models_csv, bool reference) {
  ScenarioRewrite rewrite;
  rewrite.reference = reference;
  if (!topology_path.empty()) {
    absl::StatusOr<InputFile> file = LoadInputFile(topology_path);
    if (!file.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--topology: ", file.status().message()));
    }
    rewrite.topology_source = std::move(file->scenario);
  }
  if (!models_csv.empty()) {
    const std::vector<std::string> names = absl::StrSplit(models_csv, ',');
    for (const std::string& name : names) {
      if (name.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("--model: empty name in '", models_csv, "'"));
      }
    }
    for (const std::string& name : names) {
      const bool known =
          IsPlantedName(name) ? FindPlantedModel(name) != nullptr : zoo::Find(name) != nullptr;
      if (!known) {
        return absl::InvalidArgumentError(
            absl::StrCat("--model: '", name,
                         "' is neither a bug zoo mutant (`migsim zoo` lists them) nor a planted "
                         "model (",
                         PlantedModelNames(), ")"));
      }
      rewrite.models.push_back(name);
    }
  }
  return rewrite;
}

}  // namespace migsim
