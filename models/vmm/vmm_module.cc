// File: models/vmm/vmm_module.cc
// STUB, to be replaced by the whole-VM family: no actions, no components.
#include "models/vmm/vmm_module.h"

#include "absl/strings/str_cat.h"
#include "sim/check.h"
#include "sim/scenario_validation.h"

namespace migsim::vmm {

bool IsAction(const proto::Action& action) {
  const int kind = action.kind_case();
  return kind >= 300 && kind <= 399;
}

absl::Status ValidateAction(const proto::Scenario&, const proto::Action& action,
                            const std::string& path) {
  return FieldError(path, absl::StrCat("action kind ", action.kind_case(),
                                       " is not implemented yet"));
}

absl::Status ValidateTopology(const proto::Scenario&) { return absl::OkStatus(); }

void AddComponents(const proto::Scenario&, World&) {}

bool ApplyAction(World&, const proto::Action& action) {
  MIGSIM_CHECK(false) << "unimplemented action " << action.kind_case();
  return false;
}

std::optional<std::string> FormatRecord(const TraceRecord&, absl::Span<const uint64_t>) {
  return std::nullopt;
}

std::optional<std::string> RecordKindName(uint16_t) { return std::nullopt; }

std::optional<uint32_t> CoverageKey(const TraceRecord&) { return std::nullopt; }

std::optional<std::string> PhaseAfter(const TraceRecord&) { return std::nullopt; }

}  // namespace migsim::vmm
