// File: spec/monitors/v2_monitors.cc
// The v2 family's rules (spec/rules/v2_*.h, in document order: FSM and core,
// per-state behaviour, data_fd sessions, DMA logging) and its monitors.
// Whether resumed state equals saved state is judged by the family-
// independent stream monitor from the shared STREAM_* / RESUME_LOADED records.
#include <memory>

#include "spec/family_rules.h"
#include "spec/monitors/v2_activity_monitor.h"
#include "spec/monitors/v2_data_fd_monitor.h"
#include "spec/monitors/v2_dma_log_monitor.h"
#include "spec/monitors/v2_fsm_monitor.h"
#include "spec/rules/v2_data_fd_rules.h"
#include "spec/rules/v2_dma_logging_rules.h"
#include "spec/rules/v2_fsm_rules.h"
#include "spec/rules/v2_state_rules.h"

namespace migsim::v2 {
namespace {

constexpr const Rule* kRules[] = {
    &rules::kV2ArcInFsm,
    &rules::kV2StopCopyToPreCopyRefused,
    &rules::kV2UnsupportedStateRefused,
    &rules::kV2ErrorNotSettable,
    &rules::kV2PathShortest,
    &rules::kV2SetReturns,
    &rules::kV2SetCompletes,
    &rules::kV2SetReportsCallerValue,
    &rules::kV2ArcFailState,
    &rules::kV2ErrorSticky,
    &rules::kV2GetReportsState,
    &rules::kV2ResetRunning,
    &rules::kV2FeatureCoreChecks,
    &rules::kV2MigrationFlags,
    &rules::kUserV2NoSetError,
    &rules::kV2StopNoDma,
    &rules::kV2StopNoInternalChange,
    &rules::kV2P2pNoNewP2p,
    &rules::kV2P2pOutstandingDone,
    &rules::kV2DataFdNewOnEntry,
    &rules::kV2DataFdKeptInGroup,
    &rules::kV2DataFdEndsOnLeave,
    &rules::kV2PrecopyTempEndEnomsg,
    &rules::kV2StopCopyEndPermanent,
    &rules::kV2PrecopyInfoState,
    &rules::kV2PrecopyInfoConsistent,
    &rules::kV2ResumeValidates,
    &rules::kV2DataSizeAnyState,
    &rules::kUserV2ResumeSingleFd,
    &rules::kUserV2CloseDataFd,
    &rules::kV2LogReportsWrites,
    &rules::kV2LogReportOnlySets,
    &rules::kV2LogSecondStart,
    &rules::kV2LogReportWithoutStart,
};

bool HasV2Device(const proto::Scenario& scenario) {
  for (const proto::Device& d : scenario.topology().devices()) {
    if (d.kind() == proto::V2_DEVICE) return true;
  }
  return false;
}

}  // namespace

absl::Span<const Rule* const> Rules() { return kRules; }

void AddMonitors(const proto::Scenario& scenario, std::vector<std::unique_ptr<Monitor>>& out) {
  if (!HasV2Device(scenario)) return;
  out.push_back(std::make_unique<V2FsmMonitor>(scenario));
  out.push_back(std::make_unique<V2ActivityMonitor>(scenario));
  out.push_back(std::make_unique<V2DataFdMonitor>(scenario));
  out.push_back(std::make_unique<V2DmaLogMonitor>(scenario));
}

}  // namespace migsim::v2
