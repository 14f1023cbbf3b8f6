// File: spec/monitor_set.cc
#include "spec/monitor_set.h"

#include "spec/monitors/dirty_log_monitor.h"

namespace migsim {

std::vector<std::unique_ptr<Monitor>> CreateMonitors(const proto::Scenario& scenario) {
  std::vector<std::unique_ptr<Monitor>> monitors;
  monitors.push_back(std::make_unique<DirtyLogMonitor>(scenario));
  return monitors;
}

}  // namespace migsim
