// File: tools/outcome.cc
#include "tools/outcome.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "fuzz/planted_models.h"
#include "sim/check.h"

namespace migsim {

bool ParseFailOnName(absl::string_view text, FailOn& fail_on) {
  if (text == "device") {
    fail_on = FailOn::kDevice;
  } else if (text == "user") {
    fail_on = FailOn::kUser;
  } else if (text == "any") {
    fail_on = FailOn::kAny;
  } else {
    return false;
  }
  return true;
}

absl::string_view FailOnName(FailOn fail_on) {
  switch (fail_on) {
    case FailOn::kDevice:
      return "device";
    case FailOn::kUser:
      return "user";
    case FailOn::kAny:
      return "any";
  }
  MIGSIM_CHECK(false) << "FailOn " << static_cast<int>(fail_on);
  return "";
}

const Violation* DecisiveViolation(const Verdict& verdict, FailOn fail_on) {
  const Violation* device =
      verdict.device_violations.empty() ? nullptr : &verdict.device_violations.front();
  const Violation* user = verdict.user_errors.empty() ? nullptr : &verdict.user_errors.front();
  switch (fail_on) {
    case FailOn::kDevice:
      return device;
    case FailOn::kUser:
      return user;
    case FailOn::kAny:
      if (device == nullptr || user == nullptr) return device != nullptr ? device : user;
      return user->record_index < device->record_index ? user : device;
  }
  MIGSIM_CHECK(false) << "FailOn " << static_cast<int>(fail_on);
  return nullptr;
}

std::string Outcome::Describe() const {
  if (!signature.empty()) return signature;
  if (!liveness.empty()) return absl::StrCat("liveness (", liveness, ")");
  return "clean";
}

JudgeOptions ToolJudgeOptions(const JudgeOptions& base, FailOn fail_on) {
  JudgeOptions options = base;
  options.keep_records = true;
  options.keep_going = fail_on == FailOn::kUser;  // as fuzz/harness.cc
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
