// File: spec/verdict.h
//
// Violation and Verdict: what the oracle concludes about one run. A
// Violation names the rule it broke (ID, document, quoted phrase), the device,
// the simulated time, the scenario action and the trace record that showed
// it, with a one-line explanation carrying the values. Device violations and
// user protocol errors are kept apart so that one never hides the other.
#ifndef MIGSIM_SPEC_VERDICT_H_
#define MIGSIM_SPEC_VERDICT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sim/event_queue.h"
#include "spec/rule.h"

namespace migsim {

struct Violation {
  const Rule* rule = nullptr;
  uint32_t device = 0;       // kNoDevice when the rule concerns a host
  uint16_t host = 0;
  SimTime time_ns = 0;
  int32_t action_index = -1;
  uint64_t record_index = 0; // the trace record that showed it
  std::string explanation;   // what happened, with the values
};

// Exit statuses of `migsim` (design.md).
enum ExitStatus : int {
  kExitClean = 0,
  kExitViolation = 1,
  kExitBadInput = 2,
  kExitLiveness = 3,
};

struct Verdict {
  std::vector<Violation> device_violations;
  std::vector<Violation> user_errors;
  std::string liveness_failure;  // "pending: ..." when a bound was hit
  uint64_t trace_hash = 0;
  uint64_t records = 0;
  uint64_t events = 0;
  SimTime end_ns = 0;
  int32_t actions_run = 0;
  int32_t actions_total = 0;

  bool clean() const {
    return device_violations.empty() && user_errors.empty() && liveness_failure.empty();
  }
  // kExitViolation for a device violation (or a user protocol error when
  // `user_errors_fail`), else kExitLiveness for a liveness failure, else clean.
  int ExitCode(bool user_errors_fail) const;
};

// "ID (doc: "quote"): explanation [device d1, t=120ns, action 7, record 33]"
std::string FormatViolation(const Violation& violation);

}  // namespace migsim

#endif  // MIGSIM_SPEC_VERDICT_H_
