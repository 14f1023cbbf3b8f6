// File: spec/monitor.h
//
// Monitor: a checker that observes the trace, record by record, and reports
// violations of the rules it owns. Monitors never read a model's internals
// and never change the run (FoundationDB's `check` vs `start`): they see only
// trace records and the scenario's static topology, keep their own protocol
// state, and report through a ViolationSink. That is what lets one set of
// monitors judge our reference models, the zoo's mutants and models users
// write themselves.
#ifndef MIGSIM_SPEC_MONITOR_H_
#define MIGSIM_SPEC_MONITOR_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/types/span.h"
#include "sim/trace.h"
#include "spec/rule.h"

namespace migsim {

// ViolationSink: where monitors report. The sink stamps the violation with
// the time, action and index of the record being observed.
class ViolationSink {
 public:
  virtual ~ViolationSink() = default;
  // `device` is kNoDevice for host-level rules; `host` names the host then.
  virtual void Report(const Rule& rule, uint32_t device, uint16_t host,
                      std::string explanation) = 0;
};

class Monitor {
 public:
  virtual ~Monitor() = default;
  virtual absl::string_view name() const = 0;
  // Observes one record (in trace order). Records of kind kRecordViolation
  // are never delivered.
  virtual void OnRecord(const TraceRecord& record, absl::Span<const uint64_t> payload,
                        ViolationSink& sink) = 0;
  // The run ended at `end_ns` (after the last action or at a stop).
  virtual void OnEnd(SimTime end_ns, ViolationSink& sink) {
    static_cast<void>(end_ns);
    static_cast<void>(sink);
  }
};

}  // namespace migsim

#endif  // MIGSIM_SPEC_MONITOR_H_
