// File: models/scenario_check.cc
#include "models/scenario_check.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "models/device_actions.h"
#include "models/v1/v1_module.h"
#include "models/v2/v2_module.h"
#include "models/vmm/vmm_module.h"
#include "sim/scenario_validation.h"

namespace migsim {

absl::Status ValidateScenario(const proto::Scenario& scenario) {
  if (auto s = ValidateEngineScenario(scenario); !s.ok()) return s;
  if (auto s = vmm::ValidateTopology(scenario); !s.ok()) return s;
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
    absl::Status status;
    if (IsDeviceAction(action)) {
      status = ValidateDeviceAction(scenario, action, path);
    } else if (v1::IsAction(action)) {
      status = v1::ValidateAction(scenario, action, path);
    } else if (v2::IsAction(action)) {
      status = v2::ValidateAction(scenario, action, path);
    } else if (vmm::IsAction(action)) {
      status = vmm::ValidateAction(scenario, action, path);
    } else {
      status = FieldError(path, absl::StrCat("action kind ", action.kind_case(),
                                             " is not known to this build"));
    }
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace migsim
