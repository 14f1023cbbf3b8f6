// File: fuzz/fuzz_input.cc
#include "fuzz/fuzz_input.h"

#include <algorithm>
#include <cstdint>

#include "absl/status/status.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/reflection.h"

namespace migsim {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

bool Enabled(const google::protobuf::RepeatedField<uint32_t>& list, uint64_t value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

bool IsDeviceField(const FieldDescriptor& field) {
  return field.name() == "device" || field.name() == "source_device" ||
         field.name() == "target_device";
}

// Walks the fields of `message` that carry a value (recursively): every
// singular scalar, set or zero (proto3 does not tell 0 from unset, and
// device 0 is a device), the set member of each oneof, set sub-messages and
// repeated messages; checks device and channel_fault fields against the
// swarm's lists.
bool FieldsAllowed(const proto::Swarm& swarm, const Message& message, int depth) {
  if (depth > 8) return true;  // the action language nests far less deeply
  const google::protobuf::Descriptor& descriptor = *message.GetDescriptor();
  const google::protobuf::Reflection& reflection = *message.GetReflection();
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const FieldDescriptor* field = descriptor.field(i);
    if (field->containing_oneof() != nullptr && !reflection.HasField(message, field)) continue;
    if (field->is_repeated()) {
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
      for (int j = 0; j < reflection.FieldSize(message, field); ++j) {
        if (!FieldsAllowed(swarm, reflection.GetRepeatedMessage(message, field, j), depth + 1)) {
          return false;
        }
      }
      continue;
    }
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (reflection.HasField(message, field) &&
            !FieldsAllowed(swarm, reflection.GetMessage(message, field), depth + 1)) {
          return false;
        }
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        if (IsDeviceField(*field) &&
            !Enabled(swarm.devices(), reflection.GetUInt32(message, field))) {
          return false;
        }
        if (field->name() == "channel_fault" &&
            !Enabled(swarm.channel_faults(), reflection.GetUInt32(message, field))) {
          return false;
        }
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        if (field->name() == "channel_fault" &&
            !Enabled(swarm.channel_faults(),
                     static_cast<uint32_t>(reflection.GetEnumValue(message, field)))) {
          return false;
        }
        break;
      default:
        break;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<proto::FuzzInput> ParseFuzzInput(absl::string_view bytes) {
  proto::FuzzInput input;
  if (!input.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InvalidArgumentError("not a binary FuzzInput");
  }
  return input;
}

bool SwarmAllows(const proto::Swarm& swarm, const proto::Action& action) {
  if (!Enabled(swarm.action_kinds(), static_cast<uint32_t>(action.kind_case()))) return false;
  if (action.has_arm_failure() &&
      !Enabled(swarm.failure_sites(), static_cast<uint32_t>(action.arm_failure().site()))) {
    return false;
  }
  return FieldsAllowed(swarm, action, 0);
}

bool SwarmEnablesAll(const proto::Swarm& swarm) {
  return swarm.action_kinds().empty() && swarm.failure_sites().empty() && swarm.devices().empty() &&
         swarm.channel_faults().empty();
}

void ApplySwarm(const proto::Swarm& swarm, proto::Scenario& scenario) {
  if (SwarmEnablesAll(swarm)) return;
  google::protobuf::RepeatedPtrField<proto::Action>& actions = *scenario.mutable_actions();
  int kept = 0;
  for (int i = 0; i < actions.size(); ++i) {
    if (!SwarmAllows(swarm, actions.Get(i))) continue;
    if (kept != i) actions.SwapElements(kept, i);
    ++kept;
  }
  actions.DeleteSubrange(kept, actions.size() - kept);
}

proto::Scenario ScenarioOf(const proto::FuzzInput& input) {
  proto::Scenario scenario = input.scenario();
  ApplySwarm(input.swarm(), scenario);
  return scenario;
}

}  // namespace migsim
