// File: spec/rule_registry.cc
#include "spec/rule_registry.h"

#include "sim/hash.h"
#include "spec/rules/system_view_rules.h"

namespace migsim {
namespace {

constexpr const Rule* kRules[] = {
    &rules::kIommuDirtyLogsDmaWrites,
    &rules::kIommuDirtyReadClears,
};

}  // namespace

absl::Span<const Rule* const> AllRules() { return kRules; }

const Rule* FindRule(absl::string_view id) {
  for (const Rule* r : kRules) {
    if (r->id == id) return r;
  }
  return nullptr;
}

uint64_t RuleNumber(const Rule& rule) {
  Fnv1a64 fnv;
  fnv.AddString(rule.id);
  return fnv.value();
}

}  // namespace migsim
