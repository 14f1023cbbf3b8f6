// File: models/vmm/flow_program.cc
#include "models/vmm/flow_program.h"

#include <array>

#include "sim/check.h"

namespace migsim::vmm {
namespace {

constexpr std::array<absl::string_view, static_cast<size_t>(FlowOp::kOpCount)> kOpNames = {
    "setup_destination", "dirty_start", "send_all_ram",     "enter_precopy", "precopy_round",
    "loop_precopy",      "enter_grace", "stop_vcpus",       "stop_vm",       "stop_point",
    "dirty_stop",        "dirty_sync",  "complete_precopy", "stop_devices",  "send_end",
    "await_end",         "commit",      "resume_grace",     "resume_run",    "start_vcpus",
    "close_fds",
};

}  // namespace

absl::string_view FlowOpName(FlowOp op) {
  const auto i = static_cast<size_t>(op);
  MIGSIM_CHECK(i < kOpNames.size()) << "op=" << i;
  return kOpNames[i];
}

int FindStep(const FlowDefinition& flow, FlowOp op, size_t from) {
  for (size_t i = from; i < flow.program.size(); ++i) {
    if (flow.program[i].op == op) return static_cast<int>(i);
  }
  return -1;
}

FlowDefinition WithoutStep(FlowDefinition flow, FlowOp op, size_t from) {
  const int i = FindStep(flow, op, from);
  MIGSIM_CHECK(i >= 0) << "no step " << FlowOpName(op);
  flow.program.erase(flow.program.begin() + i);
  return flow;
}

FlowDefinition MoveStepBefore(FlowDefinition flow, FlowOp op, FlowOp before) {
  const int from = FindStep(flow, op);
  MIGSIM_CHECK(from >= 0) << "no step " << FlowOpName(op);
  const FlowStep step = flow.program[from];
  flow.program.erase(flow.program.begin() + from);
  const int to = FindStep(flow, before);
  MIGSIM_CHECK(to >= 0) << "no step " << FlowOpName(before);
  flow.program.insert(flow.program.begin() + to, step);
  return flow;
}

}  // namespace migsim::vmm
