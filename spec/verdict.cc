// File: spec/verdict.cc
#include "spec/verdict.h"

#include "absl/strings/str_cat.h"
#include "sim/check.h"
#include "sim/trace.h"

namespace migsim {

int Verdict::ExitCode(bool user_errors_fail) const {
  if (!device_violations.empty()) return kExitViolation;
  if (user_errors_fail && !user_errors.empty()) return kExitViolation;
  if (!liveness_failure.empty()) return kExitLiveness;
  return kExitClean;
}

std::string FormatViolation(const Violation& v) {
  MIGSIM_CHECK(v.rule != nullptr);
  std::string where = v.device == kNoDevice ? absl::StrCat("host h", v.host)
                                            : absl::StrCat("device d", v.device);
  return absl::StrCat(v.rule->id, " (", v.rule->doc, ": \"", v.rule->quote,
                      "\"): ", v.explanation, " [", where, ", t=", v.time_ns, "ns, action ",
                      v.action_index, ", record ", v.record_index, "]");
}

}  // namespace migsim
