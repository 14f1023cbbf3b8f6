// File: tools/field_shrinker.h
//
// ShrinkFields: the minimizer's second stage (tools/minimizer.h). Through
// protobuf reflection it visits every set field of one message of a scenario
// (an action, a host, a device, the topology) and tries simpler values, one
// field at a time, keeping each change that still shows the failure:
// - a nested message: cleared; when that loses the failure, its own fields;
// - a repeated field: cleared, else its elements removed one at a time from
//   the last, then the fields of each message element;
// - an integer: 0, else the smallest value in [0, v] a binary search finds
//   that still keeps (so sizes and offsets shrink toward 0 and stop at the
//   boundary that matters, e.g. one past a page end);
// - bool, enum, string, float: cleared (false, the 0 value, "", 0).
// Labels that do not change a run ("name", "description") are left as they
// are, for the reader. Works for any message type, so new actions added to
// the scenario language are shrunk with no change here. Deterministic:
// fields are visited in field-number order.
#ifndef MIGSIM_TOOLS_FIELD_SHRINKER_H_
#define MIGSIM_TOOLS_FIELD_SHRINKER_H_

#include <functional>

#include "absl/functional/function_ref.h"
#include "google/protobuf/message.h"
#include "protos/scenario.pb.h"

namespace migsim {

// Finds, in a scenario, the message whose fields are shrunk (e.g. action
// i's set oneof member). Returns nullptr when it is absent.
using MessageLocator = std::function<google::protobuf::Message*(proto::Scenario& scenario)>;

// True when a candidate scenario still shows the failure being kept. It may
// answer false for every call once a run budget is spent.
using KeepsFailure = absl::FunctionRef<bool(const proto::Scenario& candidate)>;

// Shrinks the fields of the message `locate` finds in `best`, in place:
// `best` becomes each candidate `keeps` accepts. Returns true when `best`
// changed.
// REQUIRES: keeps(best) held on entry.
bool ShrinkFields(proto::Scenario& best, const MessageLocator& locate, KeepsFailure keeps);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_FIELD_SHRINKER_H_
