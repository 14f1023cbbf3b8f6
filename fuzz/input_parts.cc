// File: fuzz/input_parts.cc
#include "fuzz/input_parts.h"

#include <algorithm>
#include <string>

#include "fuzz/mutation_context.h"
#include "sim/check.h"

namespace migsim {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::OneofDescriptor;
using google::protobuf::Reflection;

const FieldDescriptor* MessageField(const Descriptor& d, const char* name) {
  const FieldDescriptor* f = d.FindFieldByName(name);
  if (f == nullptr || f->is_repeated() || f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return nullptr;
  }
  return f;
}

bool IsInteger(const FieldDescriptor& f) {
  switch (f.cpp_type()) {
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
      return true;
    default:
      return false;
  }
}

}  // namespace

int InputParts::action_count() const {
  if (scenario == nullptr || actions == nullptr) return 0;
  return scenario->GetReflection()->FieldSize(*scenario, actions);
}

Message* InputParts::action(int index) const {
  MIGSIM_CHECK(index >= 0 && index < action_count()) << index;
  return scenario->GetReflection()->MutableRepeatedMessage(scenario, actions, index);
}

Message* InputParts::mutable_swarm() const {
  if (input == nullptr || swarm == nullptr) return nullptr;
  return input->GetReflection()->MutableMessage(input, swarm);
}

std::vector<uint32_t> InputParts::swarm_list(absl::string_view name) const {
  std::vector<uint32_t> out;
  if (input == nullptr || swarm == nullptr) return out;
  const Message& s = input->GetReflection()->GetMessage(*input, swarm);
  const FieldDescriptor* f = s.GetDescriptor()->FindFieldByName(std::string(name));
  if (f == nullptr || !f->is_repeated() || f->cpp_type() != FieldDescriptor::CPPTYPE_UINT32) {
    return out;
  }
  const Reflection& r = *s.GetReflection();
  for (int i = 0; i < r.FieldSize(s, f); ++i) out.push_back(r.GetRepeatedUInt32(s, f, i));
  return out;
}

const FieldDescriptor* ActionsField(const Descriptor& scenario) {
  const FieldDescriptor* f = scenario.FindFieldByName("actions");
  if (f == nullptr || !f->is_repeated() || f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return nullptr;
  }
  return f;
}

InputParts PartsOf(Message& input) {
  InputParts parts;
  parts.input = &input;
  const Descriptor& d = *input.GetDescriptor();
  parts.swarm = MessageField(d, "swarm");
  if (const FieldDescriptor* s = MessageField(d, "scenario")) {
    parts.scenario = input.GetReflection()->MutableMessage(&input, s);
  } else {
    parts.scenario = &input;
  }
  const Descriptor& sd = *parts.scenario->GetDescriptor();
  parts.actions = ActionsField(sd);
  parts.topology = MessageField(sd, "topology");
  const FieldDescriptor* seed = sd.FindFieldByName("seed");
  parts.seed = seed != nullptr && !seed->is_repeated() && IsInteger(*seed) ? seed : nullptr;
  return parts;
}

const Message* ScenarioPartOf(const Message& input) {
  if (const FieldDescriptor* s = MessageField(*input.GetDescriptor(), "scenario")) {
    return &input.GetReflection()->GetMessage(input, s);
  }
  return &input;
}

const OneofDescriptor* KindOneof(const Descriptor& action) {
  return action.oneof_decl_count() > 0 ? action.oneof_decl(0) : nullptr;
}

const FieldDescriptor* KindOf(const Message& action) {
  const OneofDescriptor* oneof = KindOneof(*action.GetDescriptor());
  if (oneof == nullptr) return nullptr;
  return action.GetReflection()->GetOneofFieldDescriptor(action, oneof);
}

bool SameMessage(const Message& a, const Message& b) {
  std::string x;
  std::string y;
  a.SerializePartialToString(&x);
  b.SerializePartialToString(&y);
  return x == y;
}

TopologyShape TopologyShape::Of(const Message& topology) {
  TopologyShape shape;
  const Descriptor& d = *topology.GetDescriptor();
  const Reflection& r = *topology.GetReflection();
  const FieldDescriptor* hosts = d.FindFieldByName("hosts");
  const FieldDescriptor* devices = d.FindFieldByName("devices");
  if (hosts == nullptr || devices == nullptr || !hosts->is_repeated() || !devices->is_repeated() ||
      hosts->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
      devices->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return shape;
  }
  shape.hosts = static_cast<uint32_t>(r.FieldSize(topology, hosts));
  shape.devices = static_cast<uint32_t>(r.FieldSize(topology, devices));
  for (uint32_t i = 0; i < shape.hosts; ++i) {
    const Message& host = r.GetRepeatedMessage(topology, hosts, static_cast<int>(i));
    const FieldDescriptor* vcpus = host.GetDescriptor()->FindFieldByName("vcpus");
    if (vcpus == nullptr || vcpus->cpp_type() != FieldDescriptor::CPPTYPE_UINT32) continue;
    const uint32_t n = host.GetReflection()->GetUInt32(host, vcpus);
    shape.vcpus_min = i == 0 ? n : std::min(shape.vcpus_min, n);
    if (i < TopologyShape::kHostsTracked) shape.host_vcpus[i] = n;
  }
  for (uint32_t i = 0; i < shape.devices; ++i) {
    const Message& device = r.GetRepeatedMessage(topology, devices, static_cast<int>(i));
    const FieldDescriptor* host = device.GetDescriptor()->FindFieldByName("host");
    if (host != nullptr && host->cpp_type() == FieldDescriptor::CPPTYPE_UINT32 &&
        i < TopologyShape::kDevicesTracked) {
      shape.device_host[i] = static_cast<uint8_t>(
          std::min<uint32_t>(device.GetReflection()->GetUInt32(device, host), 255));
    }
    const FieldDescriptor* kind = device.GetDescriptor()->FindFieldByName("kind");
    if (kind == nullptr || kind->cpp_type() != FieldDescriptor::CPPTYPE_ENUM) continue;
    const int k = device.GetReflection()->GetEnumValue(device, kind);
    if (k >= 0 && k < 32) shape.device_kinds |= 1u << k;
  }
  return shape;
}

}  // namespace migsim
