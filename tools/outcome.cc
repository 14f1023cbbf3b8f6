// File: tools/outcome.cc
#include "tools/outcome.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "fuzz/planted_models.h"

namespace migsim {

std::string Outcome::Describe() const {
  if (!signature.empty()) return signature;
  if (!liveness.empty()) return absl::StrCat("liveness (", liveness, ")");
  return "clean";
}

JudgeOptions ToolJudgeOptions(const JudgeOptions& base, FailOn fail_on) {
  JudgeOptions options = base;
  options.keep_records = true;
  options.keep_going = KeepGoingFor(fail_on);  // as fuzz/harness.cc
  options.device_override = PlantedOverride(base.device_override);
  return options;
}

absl::StatusOr<Outcome> JudgeOutcome(const proto::Scenario& scenario, const JudgeOptions& options,
                                     FailOn fail_on, std::optional<JudgedRun>* run) {
  absl::StatusOr<JudgedRun> judged = Judge(scenario, ToolJudgeOptions(options, fail_on));
  if (!judged.ok()) return judged.status();
  Outcome out;
  const Verdict& verdict = judged->verdict;
  out.liveness = verdict.liveness_failure;
  out.trace_hash = verdict.trace_hash;
  out.actions_run = verdict.actions_run;
  out.actions_total = verdict.actions_total;
  if (const Violation* v = DecisiveViolation(verdict, fail_on); v != nullptr) {
    out.signature = SignatureOf(scenario, judged->world, *v).ToString();
    out.rule = std::string(v->rule->id);
    out.doc = std::string(v->rule->doc);
    out.violation = FormatViolation(*v);
  }
  if (run != nullptr) run->emplace(*std::move(judged));
  return out;
}

}  // namespace migsim
