// File: spec/rule_registry.h
//
// The registry of every rule the oracle knows, in a fixed order (document,
// then definition order). Used for the README table, the quote test, JUnit
// output and to look a rule up by ID.
#ifndef MIGSIM_SPEC_RULE_REGISTRY_H_
#define MIGSIM_SPEC_RULE_REGISTRY_H_

#include <cstdint>
#include "absl/strings/string_view.h"

#include "absl/types/span.h"
#include "spec/rule.h"

namespace migsim {

absl::Span<const Rule* const> AllRules();

// The rule with `id`, or nullptr.
const Rule* FindRule(absl::string_view id);

// The stable number of a rule in trace records: FNV-1a 64 of its ID.
uint64_t RuleNumber(const Rule& rule);

}  // namespace migsim

#endif  // MIGSIM_SPEC_RULE_REGISTRY_H_
