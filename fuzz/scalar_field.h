// File: fuzz/scalar_field.h
//
// ScalarField: one scalar slot of a message reached by reflection (a
// singular field, or one element of a repeated one), read and written as a
// uint64_t whatever its runtime type: the dynamic-to-static dispatch of the
// field operators (FuzzTest's protobuf domain does the same with typed
// visitors). Strings and bytes are not scalars here: the action language
// has none the mutators should touch (names and descriptions only).
#ifndef MIGSIM_FUZZ_SCALAR_FIELD_H_
#define MIGSIM_FUZZ_SCALAR_FIELD_H_

#include <cstdint>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace migsim {

// ScalarField: a pointer into a live message; valid while it keeps its shape.
struct ScalarField {
  google::protobuf::Message* message = nullptr;
  const google::protobuf::FieldDescriptor* field = nullptr;
  int index = -1;  // element of a repeated field, -1 for a singular one

  // The value as a uint64_t (bool 0/1; enum its number; signed values
  // sign-extended; floating values truncated toward zero).
  uint64_t Get() const;
  // Stores `value`, truncated to the field's width. An enum of a closed
  // (proto2) type takes the nearest defined value when `value` is not one;
  // open (proto3) enums take any number.
  void Set(uint64_t value) const;
  // Bits the field holds: 1 (bool), 32 or 64.
  int bits() const;
};

// Appends to `out` every scalar of `message` the mutators may change:
// singular scalars (set or not; for a oneof, every member, so setting one
// switches the oneof), elements of repeated scalars, recursing into set
// singular messages and into repeated message elements, `depth_max` levels
// deep. Strings and bytes are skipped.
void CollectScalars(google::protobuf::Message& message, std::vector<ScalarField>& out,
                    int depth_max = 4);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_SCALAR_FIELD_H_
