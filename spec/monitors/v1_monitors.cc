// File: spec/monitors/v1_monitors.cc
//
// The v1 oracle's entry points (spec/family_rules.h): every v1 rule, in
// document order, and the v1 monitors for a scenario with V1_DEVICE devices.
#include <memory>

#include "spec/family_rules.h"
#include "spec/monitors/v1_activity_monitor.h"
#include "spec/monitors/v1_resume_monitor.h"
#include "spec/monitors/v1_rfc_bitmap_monitor.h"
#include "spec/monitors/v1_save_monitor.h"
#include "spec/monitors/v1_state_monitor.h"
#include "spec/rules/v1_ndma_rules.h"
#include "spec/rules/v1_region_rules.h"
#include "spec/rules/v1_rfc_rules.h"

namespace migsim::v1 {
namespace {

constexpr const Rule* kRules[] = {
    // 003 (RFC)
    &rules::kV1RfcInvalidUnreachable,
    &rules::kV1RfcFailedWriteState,
    &rules::kV1SaveSegmentRead,
    &rules::kV1PendingZeroIsEnd,
    &rules::kV1ResumeConsumesSegment,
    &rules::kV1RfcPfnsNone,
    &rules::kV1RfcBitmapExact,
    // 001 (v1 as merged)
    &rules::kV1FieldWidth,
    &rules::kV1ReservedField,
    &rules::kV1StateCommits,
    &rules::kV1FailedWriteState,
    &rules::kV1ErrorOnlyOnFailure,
    &rules::kV1InvalidUnreachable,
    &rules::kV1DefaultRunning,
    &rules::kV1PrecopyNotRequiredZero,
    &rules::kV1StopStops,
    &rules::kV1DataOffsetInRegion,
    &rules::kV1DataOffsetMmapAligned,
    &rules::kV1PendingNoSideEffects,
    &rules::kUserV1FieldWidth,
    &rules::kUserV1ReadModifyWrite,
    &rules::kUserV1ErrorNeedsReset,
    &rules::kUserV1NoIterateAtZero,
    // 000 (NDMA) and 002 (system view)
    &rules::kV1NdmaStateCommits,
    &rules::kV1NdmaNoAsync,
    &rules::kV1NdmaFailedWriteState,
    &rules::kV1NdmaInvalidUnreachable,
    &rules::kV1NdmaResumingRunning,
    &rules::kV1NdmaResetRunning,
    &rules::kV1NdmaOpenRunning,
    &rules::kV1NdmaResumingAlways,
    &rules::kV1NdmaPriorityOrder,
    &rules::kV1NdmaResumeInvalidFails,
    &rules::kV1NdmaResumeInvalidError,
    &rules::kV1NdmaStopQuiet,
    &rules::kV1NdmaNoNewDma,
    &rules::kV1NdmaQuiesceDrained,
    &rules::kV1NdmaErrorAsNdma,
    &rules::kV1NdmaEndOfStream,
    &rules::kV1NdmaResetDiscardsWindow,
    &rules::kUserV1ResumeSegments,
    &rules::kUserV1NdmaNoMmioStopped,
};

bool HasV1Device(const proto::Scenario& scenario) {
  for (const proto::Device& d : scenario.topology().devices()) {
    if (d.kind() == proto::V1_DEVICE) return true;
  }
  return false;
}

}  // namespace

absl::Span<const Rule* const> Rules() { return kRules; }

void AddMonitors(const proto::Scenario& scenario, std::vector<std::unique_ptr<Monitor>>& out) {
  if (!HasV1Device(scenario)) return;
  out.push_back(std::make_unique<V1StateMonitor>(scenario));
  out.push_back(std::make_unique<V1ActivityMonitor>(scenario));
  out.push_back(std::make_unique<V1SaveMonitor>(scenario));
  out.push_back(std::make_unique<V1ResumeMonitor>(scenario));
  out.push_back(std::make_unique<V1RfcBitmapMonitor>(scenario));
}

}  // namespace migsim::v1
