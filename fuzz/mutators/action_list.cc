// File: fuzz/mutators/action_list.cc
#include "fuzz/mutators/action_list.h"

#include <string>
#include <vector>

#include "fuzz/action_factory.h"
#include "fuzz/field_roles.h"
#include "sim/check.h"

namespace migsim::mutators {

google::protobuf::Message* InsertActionAt(const InputParts& parts, int index) {
  MIGSIM_CHECK(parts.actions != nullptr);
  const int count = parts.action_count();
  MIGSIM_CHECK(index >= 0 && index <= count) << index << " of " << count;
  const google::protobuf::Reflection& r = *parts.scenario->GetReflection();
  r.AddMessage(parts.scenario, parts.actions);
  for (int i = count; i > index; --i) r.SwapElements(parts.scenario, parts.actions, i, i - 1);
  return parts.action(index);
}

void EraseActionRange(const InputParts& parts, int begin, int end) {
  const int count = parts.action_count();
  MIGSIM_CHECK(0 <= begin && begin <= end && end <= count) << begin << ".." << end << "/" << count;
  const google::protobuf::Reflection& r = *parts.scenario->GetReflection();
  const int removed = end - begin;
  for (int i = end; i < count; ++i) r.SwapElements(parts.scenario, parts.actions, i, i - removed);
  for (int i = 0; i < removed; ++i) r.RemoveLast(parts.scenario, parts.actions);
  MIGSIM_CHECK(parts.action_count() == count - removed);
}

namespace {

// The message of `action`'s kind (its oneof member), or nullptr for a
// scalar kind or none.
google::protobuf::Message* KindMessage(google::protobuf::Message& action) {
  const google::protobuf::FieldDescriptor* kind = KindOf(action);
  if (kind == nullptr || kind->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
    return nullptr;
  }
  return action.GetReflection()->MutableMessage(&action, kind);
}

}  // namespace

bool CopySharedArguments(google::protobuf::Message& from, google::protobuf::Message& to) {
  google::protobuf::Message* source = KindMessage(from);
  google::protobuf::Message* target = KindMessage(to);
  if (source == nullptr || target == nullptr) return false;
  std::vector<ScalarField> in;
  CollectScalars(*source, in, /*depth_max=*/0);
  std::vector<ScalarField> out;
  CollectScalars(*target, out, /*depth_max=*/0);
  bool copied = false;
  for (const ScalarField& t : out) {
    if (t.index != -1 || t.field->containing_oneof() != nullptr) continue;
    for (const ScalarField& s : in) {
      if (s.index != -1 || s.field->name() != t.field->name() ||
          s.field->cpp_type() != t.field->cpp_type()) {
        continue;
      }
      t.Set(s.Get());
      copied = true;
    }
  }
  return copied;
}

bool InsertFreshAction(const InputParts& parts, int index, MutationContext& context) {
  google::protobuf::Message* action = InsertActionAt(parts, index);
  if (!NewAction(*action, context)) {
    EraseActionRange(parts, index, index + 1);
    return false;
  }
  // A read where the last write went, a state change of the device just
  // used: the arguments of the action before, half of the time.
  if (index > 0 && context.prng.Chance(1, 2)) {
    const std::string fresh = action->SerializePartialAsString();
    if (CopySharedArguments(*parts.action(index - 1), *action) &&
        !RepairIndices(*action, context.shape).fits) {
      MIGSIM_CHECK(action->ParsePartialFromString(fresh));
    }
  }
  return true;
}

bool ChangeOneScalar(const InputParts& parts, MutationContext& context, int tries,
                     ValueProposal propose) {
  const int count = parts.action_count();
  if (count == 0) return false;
  google::protobuf::Message* action =
      parts.action(static_cast<int>(context.prng.UniformBelow(count)));
  std::vector<ScalarField> scalars;
  CollectScalars(*action, scalars);
  if (scalars.empty()) return false;
  // The choice is kept as a position: undoing re-parses the action, which
  // rebuilds its sub-messages, so ScalarField pointers are collected anew.
  const size_t chosen = context.prng.UniformBelow(scalars.size());
  const std::string before_bytes = action->SerializePartialAsString();
  const uint64_t before = scalars[chosen].Get();
  for (int attempt = 0; attempt < tries; ++attempt) {
    const ScalarField scalar = scalars[chosen];
    const std::optional<uint64_t> next = propose(scalar, before);
    if (!next.has_value()) break;
    scalar.Set(*next);
    const IndexRepair repair = RepairIndices(*action, context.shape);
    if (repair.fits && action->SerializePartialAsString() != before_bytes) return true;
    MIGSIM_CHECK(action->ParsePartialFromString(before_bytes));  // undo, repair included
    scalars.clear();
    CollectScalars(*action, scalars);
    MIGSIM_CHECK(chosen < scalars.size());
  }
  return false;
}

}  // namespace migsim::mutators
