// File: spec/fail_on.h
//
// FailOn: which violations of a judged run count as its failure, the one
// policy the fuzz harness (fuzz/harness.cc, MIGSIM_FUZZ_FAIL_ON), the tools
// that re-judge its crash files (tools/outcome.h: `migsim fuzz`, `minimize`,
// `replay`) and the detection benchmark share, so that a crash an engine
// reported is re-judged to the very same violation:
//   device  the first device violation (a rule the device owes; design.md
//           "Owners"); the run stops after the action that showed it;
//   user    the first user protocol error (a rule the VMM owes): campaigns
//           that aim at VMM flows; the run goes on past device violations
//           (JudgeOptions::keep_going), since a device violation a broken
//           flow provokes must not hide the flow's own error;
//   any     whichever of the first device violation and the first user
//           protocol error came first in the trace.
#ifndef MIGSIM_SPEC_FAIL_ON_H_
#define MIGSIM_SPEC_FAIL_ON_H_

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "spec/verdict.h"

namespace migsim {

// Which violations decide a run (see the file comment).
enum class FailOn : uint8_t {
  kDevice,  // device violations (the default)
  kUser,    // user protocol errors (VMM flows under test)
  kAny,     // either, the earlier in the trace
};

// "device" | "user" | "any".
absl::string_view FailOnName(FailOn fail_on);

// The policy named `text` ("device", "user" or "any"); nullopt for anything
// else (callers name their flag or variable in the error).
std::optional<FailOn> FailOnFromName(absl::string_view text);

// As FailOnFromName, as a bool: false (and `fail_on` untouched) for an
// unknown name.
bool ParseFailOnName(absl::string_view text, FailOn& fail_on);

// The JudgeOptions::keep_going the policy needs: true for kUser only.
bool KeepGoingFor(FailOn fail_on);

// The violation that decides the run under `fail_on`: the first device
// violation, the first user protocol error, or for kAny the one with the
// smaller record_index; nullptr when the run is clean under the policy.
// Liveness failures are not violations. Points into `verdict`.
const Violation* DecisiveViolation(const Verdict& verdict, FailOn fail_on);

}  // namespace migsim

#endif  // MIGSIM_SPEC_FAIL_ON_H_
