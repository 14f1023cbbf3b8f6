// File: spec/monitors/vmm_outcome_monitor.cc
#include "spec/monitors/vmm_outcome_monitor.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "models/record_kinds.h"
#include "models/vmm/vmm_records.h"
#include "spec/rules/vmm_rules.h"

namespace migsim {

VmmOutcomeMonitor::VmmOutcomeMonitor(const proto::Scenario& scenario)
    : view_(scenario), loaded_(view_.pairs(), false), src_open_(view_.pairs(), true) {
  for (const proto::Host& h : scenario.topology().hosts()) vcpus_.push_back(h.vcpus());
}

void VmmOutcomeMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t>,
                                 ViolationSink& sink) {
  switch (r.kind) {
    case vmm::kRecordMigrationStart:
      if (r.result == 0) {
        std::fill(loaded_.begin(), loaded_.end(), false);
        for (size_t p = 0; p < view_.pairs(); ++p) {
          src_open_[p] = view_.Paired(view_.pair_source(p))->open;
        }
      }
      break;
    case kRecordResumeLoaded: {
      const vmm_oracle::DeviceView* v = view_.Paired(r.device);
      if (view_.in_migration() && v != nullptr && v->destination && r.result == 0) {
        loaded_[v->pair] = true;
      }
      break;
    }
    case vmm::kRecordMigrationEnd:
      if (view_.in_migration()) {
        const std::string problems = Problems(r.arg[1]);
        if (!problems.empty()) {
          sink.Report(rules::kUserVmCompleteOrRollback, kNoDevice, r.host,
                      absl::StrCat("migration #", r.arg[0], " ended ",
                                   r.arg[1] == vmm::kOutcomeCompleted ? "completed" : "failed",
                                   " but ", problems));
        }
      }
      break;
    default:
      break;
  }
  view_.Apply(r);
}

std::string VmmOutcomeMonitor::Problems(uint64_t outcome) const {
  if (outcome != vmm::kOutcomeCompleted && outcome != vmm::kOutcomeFailed) return "";
  const bool completed = outcome == vmm::kOutcomeCompleted;
  std::vector<std::string> problems;
  std::vector<uint32_t> wrong;
  for (size_t p = 0; p < view_.pairs(); ++p) {
    const uint32_t dst = view_.pair_destination(p);
    const uint32_t src = view_.pair_source(p);
    if (completed && (!loaded_[p] || !view_.Running(dst))) wrong.push_back(dst);
    if (completed && view_.AnyRunning(src)) wrong.push_back(src);
    // A rollback restores the VM that was there: a source device the user
    // had closed before the migration began is not the VMM's to run again
    // (found by fuzzing: close, then a migration that fails on it, -EBADF).
    if (!completed && src_open_[p] && !view_.Running(src)) wrong.push_back(src);
  }
  std::sort(wrong.begin(), wrong.end());
  if (!wrong.empty()) problems.push_back(absl::StrCat("devices ", DeviceList(view_, wrong)));
  const uint16_t src_host = view_.source_host();
  const uint16_t dst_host = view_.destination_host();
  for (uint32_t v = 0; v < 64 && v < vcpus_[src_host]; ++v) {
    const bool ran = (view_.vcpu_mask() >> v) & 1;
    const bool src_runs = view_.VcpuRunning(src_host, v);
    const bool dst_runs = view_.VcpuRunning(dst_host, v);
    if (completed && (src_runs || (ran && !dst_runs))) {
      problems.push_back(absl::StrCat(
          "vCPU ", v, src_runs ? " runs on the source" : " does not run on the destination"));
    }
    if (!completed && ((ran && !src_runs) || dst_runs)) {
      problems.push_back(absl::StrCat(
          "vCPU ", v, dst_runs ? " runs on the destination" : " does not run on the source"));
    }
  }
  std::string out;
  for (const std::string& p : problems) absl::StrAppend(&out, out.empty() ? "" : "; ", p);
  if (!out.empty()) {
    absl::StrAppend(&out, completed ? " (a completed migration leaves the destination running "
                                      "and the source stopped)"
                                    : " (a failed migration leaves the source running)");
  }
  return out;
}

}  // namespace migsim
