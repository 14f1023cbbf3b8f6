// File: models/v1/v1_module.cc
// STUB, to be replaced by the v1 model family: no actions, no devices.
#include "models/v1/v1_module.h"

#include "absl/strings/str_cat.h"
#include "sim/check.h"
#include "sim/scenario_validation.h"

namespace migsim::v1 {

bool IsAction(const proto::Action& action) {
  const int kind = action.kind_case();
  return kind >= 120 && kind <= 199;
}

absl::Status ValidateAction(const proto::Scenario&, const proto::Action& action,
                            const std::string& path) {
  return FieldError(path, absl::StrCat("action kind ", action.kind_case(),
                                       " is not implemented yet"));
}

bool ApplyAction(World&, const proto::Action& action) {
  MIGSIM_CHECK(false) << "unimplemented action " << action.kind_case();
  return false;
}

absl::StatusOr<std::unique_ptr<SimDevice>> CreateDevice(const proto::Device&, uint32_t,
                                                        uint64_t, const std::string& path) {
  return FieldError(path + ".kind", "V1_DEVICE is not implemented yet");
}

std::optional<std::string> FormatRecord(const TraceRecord&, absl::Span<const uint64_t>) {
  return std::nullopt;
}

std::optional<std::string> RecordKindName(uint16_t) { return std::nullopt; }

std::optional<uint32_t> CoverageKey(const TraceRecord&) { return std::nullopt; }

}  // namespace migsim::v1
