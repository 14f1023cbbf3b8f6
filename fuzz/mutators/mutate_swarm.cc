// File: fuzz/mutators/mutate_swarm.cc
#include <algorithm>
#include <vector>

#include "absl/strings/string_view.h"
#include "fuzz/input_parts.h"
#include "fuzz/mutators/operators.h"
#include "protos/device.pb.h"
#include "sim/check.h"

namespace migsim::mutators {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Reflection;

// The values worth listing in swarm list `name`: kinds of the input's own
// actions (other kinds have nothing to enable), device indices, failure
// sites; small numbers for a list this table does not know.
std::vector<uint32_t> Candidates(absl::string_view name, const InputParts& parts,
                                 const MutationContext& context) {
  std::vector<uint32_t> out;
  if (name == "action_kinds") {
    for (int i = 0; i < parts.action_count(); ++i) {
      if (const FieldDescriptor* kind = KindOf(*parts.action(i))) out.push_back(kind->number());
    }
  } else if (name == "devices") {
    for (uint32_t d = 0; d < std::max<uint32_t>(context.shape.devices, 1); ++d) out.push_back(d);
  } else if (name == "failure_sites") {
    const google::protobuf::EnumDescriptor& sites = *proto::FailureSite_descriptor();
    for (int i = 0; i < sites.value_count(); ++i) {
      if (sites.value(i)->number() != 0) out.push_back(sites.value(i)->number());
    }
  } else {
    for (uint32_t v = 0; v < 8; ++v) out.push_back(v);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<uint32_t> ListOf(const google::protobuf::Message& swarm, const FieldDescriptor* f) {
  std::vector<uint32_t> out;
  const Reflection& r = *swarm.GetReflection();
  for (int i = 0; i < r.FieldSize(swarm, f); ++i) out.push_back(r.GetRepeatedUInt32(swarm, f, i));
  return out;
}

// One of: a random subset of the candidates (each in with probability 1/2),
// one entry removed, one candidate added, or the list cleared.
std::vector<uint32_t> Mutated(std::vector<uint32_t> list, const std::vector<uint32_t>& candidates,
                              Prng& prng) {
  switch (prng.UniformBelow(4)) {
    case 0: {
      list.clear();
      for (uint32_t c : candidates) {
        if (prng.Chance(1, 2)) list.push_back(c);
      }
      return list;
    }
    case 1:
      if (!list.empty())
        list.erase(list.begin() + static_cast<long>(prng.UniformBelow(list.size())));
      return list;
    case 2:
      if (!candidates.empty()) list.push_back(candidates[prng.UniformBelow(candidates.size())]);
      return list;
    default:
      return {};
  }
}

}  // namespace

bool MutateSwarm(Message& input, MutationContext& context) {
  const InputParts parts = PartsOf(input);
  if (parts.swarm == nullptr) return false;
  // Read through the const accessor: the swarm message is created only
  // when the operator really changes it.
  const google::protobuf::Message& current =
      parts.input->GetReflection()->GetMessage(*parts.input, parts.swarm);
  std::vector<const FieldDescriptor*> lists;
  const google::protobuf::Descriptor& d = *current.GetDescriptor();
  for (int i = 0; i < d.field_count(); ++i) {
    if (d.field(i)->is_repeated() && d.field(i)->cpp_type() == FieldDescriptor::CPPTYPE_UINT32) {
      lists.push_back(d.field(i));
    }
  }
  if (lists.empty()) return false;
  const FieldDescriptor* field = lists[context.prng.UniformBelow(lists.size())];
  const std::vector<uint32_t> before = ListOf(current, field);
  std::vector<uint32_t> after =
      Mutated(before, Candidates(field->name(), parts, context), context.prng);
  std::sort(after.begin(), after.end());
  after.erase(std::unique(after.begin(), after.end()), after.end());
  if (after == before) return false;
  google::protobuf::Message* swarm = parts.mutable_swarm();
  const Reflection& r = *swarm->GetReflection();
  r.ClearField(swarm, field);
  for (uint32_t v : after) r.AddUInt32(swarm, field, v);
  MIGSIM_CHECK(ListOf(*swarm, field) == after);
  return true;
}

}  // namespace migsim::mutators
