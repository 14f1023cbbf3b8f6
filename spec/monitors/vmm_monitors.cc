// File: spec/monitors/vmm_monitors.cc
// The whole-VM family's rules (spec/rules/vmm_rules.h) and its monitors,
// added for every scenario whose topology has a migration.
#include <memory>

#include "spec/family_rules.h"
#include "spec/monitors/vmm_dirty_monitor.h"
#include "spec/monitors/vmm_integrity_monitor.h"
#include "spec/monitors/vmm_outcome_monitor.h"
#include "spec/monitors/vmm_p2p_monitor.h"
#include "spec/rules/vmm_rules.h"

namespace migsim::vmm {
namespace {

constexpr const Rule* kRules[] = {
    &rules::kUserVmGraceBarrier,      &rules::kUserVmP2pQuiet,           &rules::kVmP2pQuiet,
    &rules::kUserVmDirtyStopQuiesced, &rules::kUserVmRamMatches,         &rules::kVmDeviceMatches,
    &rules::kUserVmStreamTransported, &rules::kUserVmCompleteOrRollback,
};

}  // namespace

absl::Span<const Rule* const> Rules() { return kRules; }

void AddMonitors(const proto::Scenario& scenario, std::vector<std::unique_ptr<Monitor>>& out) {
  if (!scenario.topology().has_migration()) return;
  out.push_back(std::make_unique<VmmP2pMonitor>(scenario));
  out.push_back(std::make_unique<VmmDirtyMonitor>(scenario));
  out.push_back(std::make_unique<VmmIntegrityMonitor>(scenario));
  out.push_back(std::make_unique<VmmOutcomeMonitor>(scenario));
}

}  // namespace migsim::vmm
