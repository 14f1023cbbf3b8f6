// File: spec/monitor_set.h
//
// CreateMonitors: every monitor that applies to a scenario's topology, in a
// fixed order (so violations found by two monitors on one record are
// reported in a stable order).
#ifndef MIGSIM_SPEC_MONITOR_SET_H_
#define MIGSIM_SPEC_MONITOR_SET_H_

#include <memory>
#include <vector>

#include "protos/scenario.pb.h"
#include "spec/monitor.h"

namespace migsim {

std::vector<std::unique_ptr<Monitor>> CreateMonitors(const proto::Scenario& scenario);

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITOR_SET_H_
