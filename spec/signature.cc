// File: spec/signature.cc
#include "spec/signature.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "models/v2/mig_fsm.h"
#include "models/v2/v2_records.h"
#include "sim/check.h"

namespace migsim {
namespace {

constexpr size_t kPartBytesMax = 64;

// The model of host `host`'s IOMMU: Host.iommu_model when the scenario
// language has that field (the bug zoo's IOMMU mutants) and it is set.
std::string HostModel(const proto::Scenario& scenario, uint16_t host) {
  if (host >= scenario.topology().hosts_size()) return "iommu_reference";
  const proto::Host& h = scenario.topology().hosts(host);
  const google::protobuf::FieldDescriptor* field =
      h.GetDescriptor()->FindFieldByName("iommu_model");
  if (field == nullptr || field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_STRING ||
      field->is_repeated()) {
    return "iommu_reference";
  }
  const std::string name = h.GetReflection()->GetString(h, field);
  return name.empty() ? "iommu_reference" : name;
}

// A whole-VM rule the VMM owns (spec/rules/vmm_rules.h "USER-VM-..."): the
// flow broke it, whatever device or host the violation names.
bool IsVmmRule(absl::string_view id) { return absl::StartsWith(id, "USER-VM-"); }

// The VMM model of the scenario's migration: Topology.migration.vmm_model
// (the bug zoo's VMM mutants) when set, else "vmm_reference".
std::string VmmModel(const proto::Scenario& scenario) {
  const std::string& name = scenario.topology().migration().vmm_model();
  return name.empty() ? "vmm_reference" : name;
}

// "v2_set_state": the name of the Action oneof field set at `index`.
std::string ActionKind(const proto::Scenario& scenario, int32_t index) {
  if (index < 0) return "end";
  if (index >= scenario.actions_size()) return "unknown_action";
  const proto::Action& action = scenario.actions(index);
  const google::protobuf::FieldDescriptor* field =
      proto::Action::GetDescriptor()->FindFieldByNumber(static_cast<int>(action.kind_case()));
  return field != nullptr ? field->name() : "empty_action";
}

// The last v2 arc of `device` in action `action`, at or before record
// `last`, as "FROM-to-TO"; empty when the stored trace shows none.
std::string LastArc(const Trace& trace, uint32_t device, int32_t action, uint64_t last) {
  if (trace.count() == 0 || device == kNoDevice || action < 0) return "";
  uint64_t i = std::min(last, trace.count() - 1) + 1;
  while (i > trace.first_stored()) {
    --i;
    const TraceRecord& r = trace.at(i);
    if (r.action_index != action) break;  // records of one action are contiguous
    if (r.kind == v2::kV2RecordArc && r.device == device) {
      return absl::StrCat(v2::StateName(static_cast<uint32_t>(r.arg[0])), "-to-",
                          v2::StateName(static_cast<uint32_t>(r.arg[1])));
    }
  }
  return "";
}

}  // namespace

std::string SignatureParts::ToString() const { return absl::StrCat(rule, ".", model, ".", where); }

std::string SignaturePart(absl::string_view text) {
  std::string out;
  for (char c : text.substr(0, kPartBytesMax)) {
    const bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-';
    out.push_back(safe ? c : '_');
  }
  return out.empty() ? "none" : out;
}

SignatureParts SignatureOf(const proto::Scenario& scenario, const World& world,
                           const Violation& violation) {
  MIGSIM_CHECK(violation.rule != nullptr);
  SignatureParts parts;
  parts.rule = SignaturePart(violation.rule->id);
  if (IsVmmRule(violation.rule->id)) {
    parts.model = SignaturePart(VmmModel(scenario));
  } else if (violation.device == kNoDevice || violation.device >= world.device_count()) {
    parts.model = SignaturePart(HostModel(scenario, violation.host));
  } else {
    parts.model = SignaturePart(world.device(violation.device).model_name());
  }
  std::string where =
      LastArc(world.trace(), violation.device, violation.action_index, violation.record_index);
  if (where.empty()) where = ActionKind(scenario, violation.action_index);
  parts.where = SignaturePart(where);
  return parts;
}

}  // namespace migsim
