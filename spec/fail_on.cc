// File: spec/fail_on.cc
#include "spec/fail_on.h"

#include "sim/check.h"

namespace migsim {

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

std::optional<FailOn> FailOnFromName(absl::string_view text) {
  for (const FailOn f : {FailOn::kDevice, FailOn::kUser, FailOn::kAny}) {
    if (text == FailOnName(f)) return f;
  }
  return std::nullopt;
}

bool ParseFailOnName(absl::string_view text, FailOn& fail_on) {
  const std::optional<FailOn> parsed = FailOnFromName(text);
  if (!parsed.has_value()) return false;
  fail_on = *parsed;
  return true;
}

bool KeepGoingFor(FailOn fail_on) { return fail_on == FailOn::kUser; }

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

}  // namespace migsim
