// File: spec/family_rules.h
//
// The oracle's entry points per model family: the family's rules (for the
// registry) and its monitors for a scenario. Each family implements these in
// spec/monitors/<family>_monitors.cc.
#ifndef MIGSIM_SPEC_FAMILY_RULES_H_
#define MIGSIM_SPEC_FAMILY_RULES_H_

#include <memory>
#include <vector>

#include "absl/types/span.h"
#include "protos/scenario.pb.h"
#include "spec/monitor.h"
#include "spec/rule.h"

namespace migsim::v1 {
absl::Span<const Rule* const> Rules();
void AddMonitors(const proto::Scenario& scenario, std::vector<std::unique_ptr<Monitor>>& out);
}  // namespace migsim::v1

namespace migsim::v2 {
absl::Span<const Rule* const> Rules();
void AddMonitors(const proto::Scenario& scenario, std::vector<std::unique_ptr<Monitor>>& out);
}  // namespace migsim::v2

namespace migsim::vmm {
absl::Span<const Rule* const> Rules();
void AddMonitors(const proto::Scenario& scenario, std::vector<std::unique_ptr<Monitor>>& out);
}  // namespace migsim::vmm

#endif  // MIGSIM_SPEC_FAMILY_RULES_H_
