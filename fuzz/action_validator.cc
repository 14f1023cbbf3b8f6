// File: fuzz/action_validator.cc
#include "fuzz/action_validator.h"

#include <memory>

#include "models/scenario_check.h"

namespace migsim {

ActionFilter MakeActionValidator(const proto::Scenario& topology) {
  auto scenario = std::make_shared<proto::Scenario>();
  scenario->set_format_version(topology.format_version());
  *scenario->mutable_topology() = topology.topology();
  *scenario->mutable_bounds() = topology.bounds();
  scenario->add_actions();
  return [scenario](const google::protobuf::Message& action) {
    if (action.GetDescriptor() != proto::Action::descriptor()) return true;
    *scenario->mutable_actions(0) = static_cast<const proto::Action&>(action);
    return ValidateScenario(*scenario).ok();
  };
}

}  // namespace migsim
