// File: fuzz/operator_registry.h
//
// The registry of mutation operators: one table, in a fixed order, of every
// operator with its printable name (the names recorded in a mutation
// sequence and printed with a finding, as libFuzzer's "MS:" line does).
#ifndef MIGSIM_FUZZ_OPERATOR_REGISTRY_H_
#define MIGSIM_FUZZ_OPERATOR_REGISTRY_H_

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "fuzz/mutation_context.h"

namespace migsim {

// Every operator, in registry order.
absl::Span<const MutationOperator> Operators();

// The operator called `name`, or nullptr.
const MutationOperator* FindOperator(absl::string_view name);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_OPERATOR_REGISTRY_H_
