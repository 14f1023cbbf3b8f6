// File: fuzz/mutators/mutate_topology_flag.cc
#include <vector>

#include "fuzz/field_roles.h"
#include "fuzz/input_parts.h"
#include "fuzz/mutators/operators.h"
#include "fuzz/scalar_field.h"

namespace migsim::mutators {
namespace {

using google::protobuf::FieldDescriptor;

// Bools and enums of the devices' parameters; not a device's kind (its
// parameters would no longer match) nor anything that is an index.
bool IsFlag(const FieldDescriptor& f) {
  if (f.cpp_type() != FieldDescriptor::CPPTYPE_BOOL &&
      f.cpp_type() != FieldDescriptor::CPPTYPE_ENUM) {
    return false;
  }
  return f.name() != "kind" && RoleOf(f) == FieldRole::kAny;
}

}  // namespace

bool MutateTopologyFlag(Message& input, MutationContext& context) {
  if (context.topology_fixed) return false;
  const InputParts parts = PartsOf(input);
  if (parts.topology == nullptr) return false;
  google::protobuf::Message& topology =
      *parts.scenario->GetReflection()->MutableMessage(parts.scenario, parts.topology);
  const FieldDescriptor* devices = topology.GetDescriptor()->FindFieldByName("devices");
  if (devices == nullptr || devices->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return false;
  std::vector<ScalarField> all;
  const google::protobuf::Reflection& r = *topology.GetReflection();
  for (int i = 0; i < r.FieldSize(topology, devices); ++i) {
    CollectScalars(*r.MutableRepeatedMessage(&topology, devices, i), all);
  }
  std::vector<ScalarField> flags;
  for (const ScalarField& s : all) {
    if (s.index < 0 && IsFlag(*s.field)) flags.push_back(s);
  }
  if (flags.empty()) return false;
  const ScalarField& flag = flags[context.prng.UniformBelow(flags.size())];
  const uint64_t before = flag.Get();
  if (flag.bits() == 1) {
    flag.Set(before ^ 1);
    return true;
  }
  // An enum: another defined value (an undefined one would be bad input).
  const google::protobuf::EnumDescriptor& e = *flag.field->enum_type();
  if (e.value_count() < 2) return false;
  const int at = static_cast<int>(context.prng.UniformBelow(e.value_count()));
  int next = e.value(at)->number();
  if (static_cast<uint64_t>(static_cast<uint32_t>(next)) == before) {
    next = e.value((at + 1) % e.value_count())->number();
  }
  flag.Set(static_cast<uint32_t>(next));
  return flag.Get() != before;
}

}  // namespace migsim::mutators
