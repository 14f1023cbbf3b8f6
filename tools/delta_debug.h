// File: tools/delta_debug.h
//
// DeltaDebug: Zeller and Hildebrandt's ddmin ("Simplifying and Isolating
// Failure-Inducing Input", IEEE TSE 28(2), 2002) over a list of items, used
// by the minimizer (tools/minimizer.h) on a scenario's actions. Given a
// predicate that says whether a sub-list still shows the failure, it returns
// a 1-minimal sub-list: removing any single item of it loses the failure.
// Deterministic: subsets and complements are tried in a fixed order.
#ifndef MIGSIM_TOOLS_DELTA_DEBUG_H_
#define MIGSIM_TOOLS_DELTA_DEBUG_H_

#include <cstddef>
#include <vector>

#include "absl/functional/function_ref.h"

namespace migsim {

// Returns a sub-list of `items` (order kept) for which `keeps` is true, with
// no single item removable, or `items` itself when no smaller list keeps.
// `keeps` is never called on `items` itself (the caller knows it keeps) and
// may return false for every call (e.g. when a run budget is spent); then
// DeltaDebug returns after O(|items|) calls.
// REQUIRES: `keeps` is deterministic.
//
// Example:
//   std::vector<size_t> kept = DeltaDebug({0, 1, 2, 3}, [](const std::vector<size_t>& s) {
//     return std::find(s.begin(), s.end(), 2) != s.end();
//   });  // {2}
std::vector<size_t> DeltaDebug(std::vector<size_t> items,
                               absl::FunctionRef<bool(const std::vector<size_t>&)> keeps);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_DELTA_DEBUG_H_
