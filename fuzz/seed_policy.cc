// File: fuzz/seed_policy.cc
#include "fuzz/seed_policy.h"

#include <vector>

#include "absl/strings/match.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace migsim {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

bool IsModelField(const FieldDescriptor& field) {
  return field.cpp_type() == FieldDescriptor::CPPTYPE_STRING && !field.is_repeated() &&
         (field.name() == "model" || absl::EndsWith(field.name(), "_model"));
}

void StripModelFields(Message& message, int depth) {
  if (depth > 8) return;  // the topology nests far less deeply
  const google::protobuf::Reflection& r = *message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  r.ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (IsModelField(*field)) {
      r.ClearField(&message, field);
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < r.FieldSize(message, field); ++i) {
          StripModelFields(*r.MutableRepeatedMessage(&message, field, i), depth + 1);
        }
      } else {
        StripModelFields(*r.MutableMessage(&message, field), depth + 1);
      }
    }
  }
}

}  // namespace

void StripModels(proto::Scenario& scenario) { StripModelFields(*scenario.mutable_topology(), 0); }

bool IsRegressionPath(const std::filesystem::path& relative) {
  for (const std::filesystem::path& part : relative.parent_path()) {
    if (part == "regressions") return true;
  }
  return false;
}

}  // namespace migsim
