// File: spec/monitor_set.cc
#include "spec/monitor_set.h"

#include "spec/family_rules.h"
#include "spec/monitors/dirty_log_monitor.h"
#include "spec/monitors/stream_monitor.h"

namespace migsim {

std::vector<std::unique_ptr<Monitor>> CreateMonitors(const proto::Scenario& scenario) {
  std::vector<std::unique_ptr<Monitor>> monitors;
  monitors.push_back(std::make_unique<DirtyLogMonitor>(scenario));
  AddStreamMonitor(scenario, monitors);
  v1::AddMonitors(scenario, monitors);
  v2::AddMonitors(scenario, monitors);
  vmm::AddMonitors(scenario, monitors);
  return monitors;
}

}  // namespace migsim
