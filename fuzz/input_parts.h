// File: fuzz/input_parts.h
//
// InputParts: where, in a FuzzInput-shaped or Scenario-shaped message, the
// mutators find the action list, the seed, the topology and the swarm
// settings, located by field name through reflection (so the mutators work
// on any message of that shape, including a DynamicMessage built at run
// time). Also the small reflection helpers every operator uses on actions.
#ifndef MIGSIM_FUZZ_INPUT_PARTS_H_
#define MIGSIM_FUZZ_INPUT_PARTS_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace migsim {

// InputParts: pointers into one input. Fields absent from the message type
// are nullptr. Valid while the input lives and keeps its shape.
struct InputParts {
  google::protobuf::Message* scenario = nullptr;                // the Scenario-shaped part
  const google::protobuf::FieldDescriptor* actions = nullptr;   // repeated message "actions"
  const google::protobuf::FieldDescriptor* seed = nullptr;      // integer "seed"
  const google::protobuf::FieldDescriptor* topology = nullptr;  // message "topology"
  google::protobuf::Message* input = nullptr;                   // the whole input
  const google::protobuf::FieldDescriptor* swarm = nullptr;     // message "swarm" of input

  // Number of actions (0 without an action list).
  int action_count() const;
  // The mutable action at `index`. REQUIRES: 0 <= index < action_count().
  google::protobuf::Message* action(int index) const;
  // The mutable swarm message (created when unset), or nullptr without one.
  google::protobuf::Message* mutable_swarm() const;
  // The values of the swarm's repeated uint32 field `name` ("action_kinds",
  // "devices", ...); empty without a swarm or such a field (every value
  // enabled). Reads through the const accessor: creates nothing.
  std::vector<uint32_t> swarm_list(absl::string_view name) const;
};

// Locates the parts of `input`: when it has a message field "scenario", that
// is the scenario part, else `input` itself is.
InputParts PartsOf(google::protobuf::Message& input);

// The const scenario part of `input` (for donors), or nullptr.
const google::protobuf::Message* ScenarioPartOf(const google::protobuf::Message& input);

// The "actions" field of a Scenario-shaped message, or nullptr.
const google::protobuf::FieldDescriptor* ActionsField(const google::protobuf::Descriptor& scenario);

// The oneof that selects an action's kind: the action type's first oneof,
// or nullptr when it has none.
const google::protobuf::OneofDescriptor* KindOneof(const google::protobuf::Descriptor& action);

// The kind field set in `action`, or nullptr.
const google::protobuf::FieldDescriptor* KindOf(const google::protobuf::Message& action);

// True when `a` and `b` (same type) serialize to the same bytes.
bool SameMessage(const google::protobuf::Message& a, const google::protobuf::Message& b);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_INPUT_PARTS_H_
