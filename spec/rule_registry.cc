// File: spec/rule_registry.cc
#include "spec/rule_registry.h"

#include <vector>

#include "sim/hash.h"
#include "spec/family_rules.h"
#include "spec/rules/device_stream_rules.h"
#include "spec/rules/system_view_rules.h"

namespace migsim {
namespace {

constexpr const Rule* kSystemRules[] = {
    &rules::kIommuDirtyLogsDmaWrites,
    &rules::kIommuDirtyReadClears,
    &rules::kIommuDirtyStartClears,
    &rules::kStreamResumeExact,
};

std::vector<const Rule*> Collect() {
  std::vector<const Rule*> all(std::begin(kSystemRules), std::end(kSystemRules));
  for (absl::Span<const Rule* const> family : {v1::Rules(), v2::Rules(), vmm::Rules()}) {
    all.insert(all.end(), family.begin(), family.end());
  }
  return all;
}

}  // namespace

absl::Span<const Rule* const> AllRules() {
  static const std::vector<const Rule*>* const kAll = new std::vector<const Rule*>(Collect());
  return *kAll;
}

const Rule* FindRule(absl::string_view id) {
  for (const Rule* r : AllRules()) {
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
