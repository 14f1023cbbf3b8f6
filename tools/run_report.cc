// File: tools/run_report.cc
#include "tools/run_report.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "models/record_format.h"

namespace migsim {

bool ParseTraceDetail(absl::string_view text, TraceDetail& detail) {
  if (text == "none") {
    detail = TraceDetail::kNone;
  } else if (text == "summary") {
    detail = TraceDetail::kSummary;
  } else if (text == "full") {
    detail = TraceDetail::kFull;
  } else {
    return false;
  }
  return true;
}

std::string FormatRunHeader(const proto::Scenario& sc, const World& world) {
  std::string out = absl::StrCat("SEED=", sc.seed(), "\n");
  if (!sc.description().empty()) absl::StrAppend(&out, "description: ", sc.description(), "\n");
  for (size_t i = 0; i < world.hosts().size(); ++i) {
    const Host& h = world.hosts()[i];
    absl::StrAppendFormat(&out, "host h%d \"%s\": %d pages x %d B, %d vCPUs, DMA latency %dns\n",
                          i, h.name, h.memory.page_count(), h.memory.page_size(), h.vcpus.size(),
                          h.dma_latency_ns);
  }
  for (size_t i = 0; i < world.device_count(); ++i) {
    const SimDevice& d = world.device(i);
    absl::StrAppendFormat(&out, "device d%d \"%s\": %s on h%d, BAR %d B\n", i,
                          sc.topology().devices(static_cast<int>(i)).name(), d.model_name(),
                          d.host(), d.bar_size());
  }
  return out;
}

std::string FormatTrace(const World& world, TraceDetail detail) {
  const Trace& trace = world.trace();
  std::string out;
  if (detail == TraceDetail::kNone) return out;
  if (detail == TraceDetail::kFull) {
    for (uint64_t i = trace.first_stored(); i < trace.count(); ++i) {
      const TraceRecord& r = trace.at(i);
      absl::StrAppend(&out, "#", i, " ", FormatRecord(r, trace.payload(r)), "\n");
    }
    return out;
  }
  std::map<uint16_t, uint64_t> counts;  // ordered by kind: stable output
  for (uint64_t i = trace.first_stored(); i < trace.count(); ++i) ++counts[trace.at(i).kind];
  absl::StrAppend(&out, "records:");
  for (const auto& [kind, n] : counts) absl::StrAppend(&out, " ", RecordKindName(kind), "=", n);
  absl::StrAppend(&out, "\n");
  return out;
}

std::string FormatVerdict(const Verdict& v) {
  std::string out;
  for (const Violation& x : v.device_violations) {
    absl::StrAppend(&out, "VIOLATION ", FormatViolation(x), "\n");
  }
  for (const Violation& x : v.user_errors) {
    absl::StrAppend(&out, "USER PROTOCOL ERROR ", FormatViolation(x), "\n");
  }
  if (!v.liveness_failure.empty()) absl::StrAppend(&out, "LIVENESS ", v.liveness_failure, "\n");
  const char* word = !v.device_violations.empty() ? "VIOLATION"
                     : !v.liveness_failure.empty() ? "LIVENESS"
                     : !v.user_errors.empty()      ? "USER-ERRORS"
                                                   : "CLEAN";
  absl::StrAppendFormat(&out,
                        "verdict: %s (%d device violations, %d user protocol errors) actions=%d/%d "
                        "records=%d events=%d end=%dns\n",
                        word, v.device_violations.size(), v.user_errors.size(), v.actions_run,
                        v.actions_total, v.records, v.events, v.end_ns);
  absl::StrAppendFormat(&out, "trace_hash=0x%016x\n", v.trace_hash);
  return out;
}

}  // namespace migsim
