// File: spec/monitors/v1_monitors.cc
// STUB, to be replaced by the v1 oracle: no rules, no monitors yet.
#include "spec/family_rules.h"

namespace migsim::v1 {

absl::Span<const Rule* const> Rules() { return {}; }

void AddMonitors(const proto::Scenario&, std::vector<std::unique_ptr<Monitor>>&) {}

}  // namespace migsim::v1
