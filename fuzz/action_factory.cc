// File: fuzz/action_factory.cc
#include "fuzz/action_factory.h"

#include <vector>

#include "fuzz/field_roles.h"
#include "fuzz/input_parts.h"
#include "fuzz/scalar_field.h"
#include "protos/scenario.pb.h"
#include "sim/check.h"

namespace migsim {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::OneofDescriptor;
using google::protobuf::Reflection;

// Action.kind number ranges (protos/scenario.proto's numbering plan) and
// the device kinds that can answer them.
struct KindRange {
  int first;
  int last;
  uint32_t device_kinds;  // bit per proto::DeviceKind
};
constexpr uint32_t Bit(proto::DeviceKind k) { return 1u << k; }
constexpr KindRange kKindRanges[] = {
    {100, 119, Bit(proto::V1_DEVICE) | Bit(proto::V2_DEVICE)},  // device actions
    {120, 199, Bit(proto::V1_DEVICE)},                          // v1 migration region
    {200, 299, Bit(proto::V2_DEVICE)},                          // v2 uAPI
};

}  // namespace

bool KindAnswerable(const FieldDescriptor& kind, const TopologyShape& shape) {
  if (shape.device_kinds == 0) return true;  // unknown topology: anything goes
  for (const KindRange& range : kKindRanges) {
    if (kind.number() >= range.first && kind.number() <= range.last) {
      return (shape.device_kinds & range.device_kinds) != 0;
    }
  }
  return true;
}

namespace {

// A kind among those the input's swarm enables (context.swarm_kinds) other
// than `avoid`, uniformly; nullptr when there is none.
const FieldDescriptor* ChooseSwarmKind(const OneofDescriptor& oneof, MutationContext& context,
                                       const FieldDescriptor* avoid) {
  std::vector<const FieldDescriptor*> kinds;
  for (uint32_t number : context.swarm_kinds) {
    for (int i = 0; i < oneof.field_count(); ++i) {
      const FieldDescriptor* kind = oneof.field(i);
      if (kind->number() == static_cast<int>(number) && kind != avoid &&
          KindAnswerable(*kind, context.shape)) {
        kinds.push_back(kind);
      }
    }
  }
  if (kinds.empty()) return nullptr;
  return kinds[context.prng.UniformBelow(kinds.size())];
}

// Chooses the kind: 7 times in 8 among the kinds the input's swarm enables
// (when it restricts them: swarm testing's "features of this test"), else
// uniform over the oneof, re-drawn (a bounded number of times) when it is
// `avoid` or, 7 times in 8, when no device can answer it.
const FieldDescriptor* ChooseKind(const OneofDescriptor& oneof, MutationContext& context,
                                  const FieldDescriptor* avoid) {
  if (!context.swarm_kinds.empty() && !context.prng.Chance(1, 8)) {
    if (const FieldDescriptor* kind = ChooseSwarmKind(oneof, context, avoid)) return kind;
  }
  constexpr int kDrawsMax = 16;
  for (int draw = 0; draw < kDrawsMax; ++draw) {
    const FieldDescriptor* kind =
        oneof.field(static_cast<int>(context.prng.UniformBelow(oneof.field_count())));
    if (kind == avoid) continue;
    if (!KindAnswerable(*kind, context.shape) && !context.prng.Chance(1, 8)) continue;
    return kind;
  }
  return nullptr;
}

void FillScalar(Message& message, const FieldDescriptor* field, MutationContext& context) {
  ScalarField{&message, field, -1}.Set(DrawForField(*field, context.shape, context.prng));
}

void FillRepeated(Message& message, const FieldDescriptor* field, MutationContext& context,
                  int depth) {
  const Reflection& r = *message.GetReflection();
  const uint64_t count = context.prng.UniformBelow(3);
  for (uint64_t i = 0; i < count; ++i) {
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (depth > 0) FillMessage(*r.AddMessage(&message, field), context, depth - 1);
      continue;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) continue;
    // Add a zero element through the typed adders, then set it as a scalar.
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        r.AddInt32(&message, field, 0);
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        r.AddInt64(&message, field, 0);
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        r.AddUInt32(&message, field, 0);
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        r.AddUInt64(&message, field, 0);
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        r.AddBool(&message, field, false);
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        r.AddEnumValue(&message, field, 0);
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
        r.AddDouble(&message, field, 0);
        break;
      case FieldDescriptor::CPPTYPE_FLOAT:
        r.AddFloat(&message, field, 0);
        break;
      default:
        continue;
    }
    const int last = r.FieldSize(message, field) - 1;
    ScalarField{&message, field, last}.Set(DrawForField(*field, context.shape, context.prng));
  }
}

void FillField(Message& message, const FieldDescriptor* field, MutationContext& context,
               int depth) {
  const Reflection& r = *message.GetReflection();
  if (field->is_repeated()) return FillRepeated(message, field, context, depth);
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) return;
  if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE)
    return FillScalar(message, field, context);
  if (depth > 0) FillMessage(*r.MutableMessage(&message, field), context, depth - 1);
}

}  // namespace

void FillMessage(Message& message, MutationContext& context, int depth) {
  const google::protobuf::Descriptor& d = *message.GetDescriptor();
  for (int i = 0; i < d.field_count(); ++i) {
    const FieldDescriptor* field = d.field(i);
    if (field->containing_oneof() != nullptr) continue;  // below, one member per oneof
    const bool message_field =
        !field->is_repeated() && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (message_field && context.prng.Chance(1, 2)) continue;
    FillField(message, field, context, depth);
  }
  for (int i = 0; i < d.oneof_decl_count(); ++i) {
    const OneofDescriptor& oneof = *d.oneof_decl(i);
    const FieldDescriptor* member =
        oneof.field(static_cast<int>(context.prng.UniformBelow(oneof.field_count())));
    if (member->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      // Even when depth is exhausted, setting the member selects it.
      Message* sub = message.GetReflection()->MutableMessage(&message, member);
      if (depth > 0) FillMessage(*sub, context, depth - 1);
    } else {
      FillField(message, member, context, depth);
    }
  }
}

bool NewActionOfKind(Message& action, const FieldDescriptor& kind, MutationContext& context) {
  MIGSIM_CHECK(kind.containing_oneof() == KindOneof(*action.GetDescriptor())) << kind.full_name();
  // With a filter, a fill it refuses (a value out of the language's range)
  // is drawn again a few times: most kinds have some valid fill.
  constexpr int kFillsMax = 4;
  for (int fill = 0; fill < kFillsMax; ++fill) {
    action.Clear();
    if (kind.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      FillMessage(*action.GetReflection()->MutableMessage(&action, &kind), context, 3);
    } else {
      FillField(action, &kind, context, 0);
    }
    MIGSIM_CHECK(KindOf(action) == &kind) << kind.full_name();
    if (!RepairIndices(action, context.shape).fits) break;  // no fill fits the topology
    if (context.action_filter == nullptr || (*context.action_filter)(action)) return true;
  }
  action.Clear();
  return false;
}

bool NewAction(Message& action, MutationContext& context, const FieldDescriptor* avoid) {
  const OneofDescriptor* oneof = KindOneof(*action.GetDescriptor());
  if (oneof == nullptr || oneof->field_count() == 0) return false;
  // A kind whose indices cannot fit the topology (a vCPU action on hosts
  // without vCPUs) is drawn again, a bounded number of times.
  constexpr int kKindsMax = 8;
  for (int attempt = 0; attempt < kKindsMax; ++attempt) {
    const FieldDescriptor* kind = ChooseKind(*oneof, context, avoid);
    if (kind == nullptr) return false;
    if (NewActionOfKind(action, *kind, context)) return true;
  }
  action.Clear();
  return false;
}

}  // namespace migsim
