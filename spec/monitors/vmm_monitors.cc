// File: spec/monitors/vmm_monitors.cc
// STUB, to be replaced by the whole-VM oracle: no rules, no monitors yet.
#include "spec/family_rules.h"

namespace migsim::vmm {

absl::Span<const Rule* const> Rules() { return {}; }

void AddMonitors(const proto::Scenario&, std::vector<std::unique_ptr<Monitor>>&) {}

}  // namespace migsim::vmm
