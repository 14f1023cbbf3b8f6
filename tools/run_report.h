// File: tools/run_report.h
//
// Text rendering of one judged run, shared by `migsim run`, `replay` and the
// files `migsim fuzz` writes: the header (seed, description, topology), the
// trace at a chosen detail, each violation with its rule, document and quoted
// phrase, the verdict line and the trace hash.
#ifndef MIGSIM_TOOLS_RUN_REPORT_H_
#define MIGSIM_TOOLS_RUN_REPORT_H_

#include <string>
#include "absl/strings/string_view.h"

#include "protos/scenario.pb.h"
#include "spec/judge.h"

namespace migsim {

enum class TraceDetail { kNone, kSummary, kFull };

// Parses "none" | "summary" | "full". Returns false for anything else.
bool ParseTraceDetail(absl::string_view text, TraceDetail& detail);

// "SEED=...", the description and one line per host and device.
std::string FormatRunHeader(const proto::Scenario& scenario, const World& world);

// The stored trace records: per-kind counts (kSummary) or one line per record
// (kFull). Empty for kNone.
std::string FormatTrace(const World& world, TraceDetail detail);

// Violations, user protocol errors, liveness, the verdict line and
// "trace_hash=0x...". Ends with a newline.
std::string FormatVerdict(const Verdict& verdict);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_RUN_REPORT_H_
