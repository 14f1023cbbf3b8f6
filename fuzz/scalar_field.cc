// File: fuzz/scalar_field.cc
#include "fuzz/scalar_field.h"

#include "sim/check.h"

namespace migsim {
namespace {

using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsScalar(const FieldDescriptor& f) {
  return f.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE &&
         f.cpp_type() != FieldDescriptor::CPPTYPE_STRING;
}

// A defined value of a closed enum for `number`: itself when defined, else
// the defined value at position number mod count.
int ClosedEnumValue(const EnumDescriptor& e, int number) {
  if (e.FindValueByNumber(number) != nullptr) return number;
  MIGSIM_CHECK(e.value_count() > 0) << e.full_name();
  const int i = static_cast<int>(static_cast<uint32_t>(number) % e.value_count());
  return e.value(i)->number();
}

}  // namespace

int ScalarField::bits() const {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      return 1;
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_ENUM:
    case FieldDescriptor::CPPTYPE_FLOAT:
      return 32;
    default:
      return 64;
  }
}

uint64_t ScalarField::Get() const {
  const Reflection& r = *message->GetReflection();
  const bool rep = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return static_cast<uint64_t>(static_cast<int64_t>(
          rep ? r.GetRepeatedInt32(*message, field, index) : r.GetInt32(*message, field)));
    case FieldDescriptor::CPPTYPE_INT64:
      return static_cast<uint64_t>(rep ? r.GetRepeatedInt64(*message, field, index)
                                       : r.GetInt64(*message, field));
    case FieldDescriptor::CPPTYPE_UINT32:
      return rep ? r.GetRepeatedUInt32(*message, field, index) : r.GetUInt32(*message, field);
    case FieldDescriptor::CPPTYPE_UINT64:
      return rep ? r.GetRepeatedUInt64(*message, field, index) : r.GetUInt64(*message, field);
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r.GetRepeatedBool(*message, field, index) : r.GetBool(*message, field)) ? 1 : 0;
    case FieldDescriptor::CPPTYPE_ENUM:
      return static_cast<uint32_t>(rep ? r.GetRepeatedEnumValue(*message, field, index)
                                       : r.GetEnumValue(*message, field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return static_cast<uint64_t>(static_cast<int64_t>(
          rep ? r.GetRepeatedDouble(*message, field, index) : r.GetDouble(*message, field)));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return static_cast<uint64_t>(static_cast<int64_t>(
          rep ? r.GetRepeatedFloat(*message, field, index) : r.GetFloat(*message, field)));
    default:
      MIGSIM_CHECK(false) << "not a scalar: " << field->full_name();
  }
  return 0;
}

void ScalarField::Set(uint64_t value) const {
  const Reflection& r = *message->GetReflection();
  const bool rep = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      const auto v = static_cast<int32_t>(static_cast<uint32_t>(value));
      rep ? r.SetRepeatedInt32(message, field, index, v) : r.SetInt32(message, field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      const auto v = static_cast<int64_t>(value);
      rep ? r.SetRepeatedInt64(message, field, index, v) : r.SetInt64(message, field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      const auto v = static_cast<uint32_t>(value);
      rep ? r.SetRepeatedUInt32(message, field, index, v) : r.SetUInt32(message, field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_UINT64:
      rep ? r.SetRepeatedUInt64(message, field, index, value) : r.SetUInt64(message, field, value);
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      rep ? r.SetRepeatedBool(message, field, index, (value & 1) != 0)
          : r.SetBool(message, field, (value & 1) != 0);
      return;
    case FieldDescriptor::CPPTYPE_ENUM: {
      int v = static_cast<int>(static_cast<uint32_t>(value));
      if (field->file()->syntax() != google::protobuf::FileDescriptor::SYNTAX_PROTO3) {
        v = ClosedEnumValue(*field->enum_type(), v);
      }
      rep ? r.SetRepeatedEnumValue(message, field, index, v) : r.SetEnumValue(message, field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      const auto v = static_cast<double>(static_cast<int64_t>(value));
      rep ? r.SetRepeatedDouble(message, field, index, v) : r.SetDouble(message, field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      const auto v = static_cast<float>(static_cast<int64_t>(value));
      rep ? r.SetRepeatedFloat(message, field, index, v) : r.SetFloat(message, field, v);
      return;
    }
    default:
      MIGSIM_CHECK(false) << "not a scalar: " << field->full_name();
  }
}

void CollectScalars(Message& message, std::vector<ScalarField>& out, int depth_max) {
  const google::protobuf::Descriptor& d = *message.GetDescriptor();
  const Reflection& r = *message.GetReflection();
  for (int i = 0; i < d.field_count(); ++i) {
    const FieldDescriptor* field = d.field(i);
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (depth_max <= 0) continue;
      if (field->is_repeated()) {
        for (int j = 0; j < r.FieldSize(message, field); ++j) {
          CollectScalars(*r.MutableRepeatedMessage(&message, field, j), out, depth_max - 1);
        }
      } else if (r.HasField(message, field)) {
        CollectScalars(*r.MutableMessage(&message, field), out, depth_max - 1);
      }
      continue;
    }
    if (!IsScalar(*field)) continue;
    if (!field->is_repeated()) {
      out.push_back({&message, field, -1});
      continue;
    }
    for (int j = 0; j < r.FieldSize(message, field); ++j) out.push_back({&message, field, j});
  }
}

}  // namespace migsim
