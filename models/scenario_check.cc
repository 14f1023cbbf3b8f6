// File: models/scenario_check.cc
#include "models/scenario_check.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "sim/scenario_validation.h"

namespace migsim {

absl::Status ValidateScenario(const proto::Scenario& scenario) {
  if (auto s = ValidateEngineScenario(scenario); !s.ok()) return s;
  for (int i = 0; i < scenario.actions_size(); ++i) {
    const proto::Action& action = scenario.actions(i);
    const std::string path = absl::StrCat("actions[", i, "]");
    if (action.kind_case() == proto::Action::KIND_NOT_SET) {
      return FieldError(path, "no action kind is set");
    }
    if (IsEngineAction(action)) {
      if (auto s = ValidateEngineAction(scenario, action, path); !s.ok()) return s;
      continue;
    }
    return FieldError(path, absl::StrCat("action kind ", action.kind_case(),
                                         " is not known to this build"));
  }
  return absl::OkStatus();
}

}  // namespace migsim
