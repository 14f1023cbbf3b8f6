// File: tools/field_shrinker.cc
#include "tools/field_shrinker.h"

#include <cstdint>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"
#include "sim/check.h"

namespace migsim {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// The nesting the walk follows at most; the scenario language nests far less.
constexpr size_t kDepthMax = 8;

// One step from a message to a nested one: `field`, element `index` when
// repeated (-1 when singular).
struct PathStep {
  const FieldDescriptor* field;
  int index;
};
using Path = std::vector<PathStep>;

// The message at `path` below `root`, or nullptr when it is no longer there.
Message* Resolve(Message* root, const Path& path) {
  Message* m = root;
  for (const PathStep& step : path) {
    if (m == nullptr) return nullptr;
    const Reflection& r = *m->GetReflection();
    if (step.index < 0) {
      if (!r.HasField(*m, step.field)) return nullptr;
      m = r.MutableMessage(m, step.field);
    } else {
      if (step.index >= r.FieldSize(*m, step.field)) return nullptr;
      m = r.MutableRepeatedMessage(m, step.field, step.index);
    }
  }
  return m;
}

// Context of one ShrinkFields call.
class Shrinker {
 public:
  Shrinker(proto::Scenario& best, const MessageLocator& locate, KeepsFailure keeps)
      : best_(best), locate_(locate), keeps_(keeps) {}

  void ShrinkMessage(const Path& path) {
    if (path.size() > kDepthMax) return;
    Message* m = Resolve(locate_(best_), path);
    if (m == nullptr) return;
    std::vector<const FieldDescriptor*> fields;
    m->GetReflection()->ListFields(*m, &fields);  // field-number order
    for (const FieldDescriptor* field : fields) {
      if (field->name() == "name" || field->name() == "description") continue;
      ShrinkField(path, field);
    }
  }

  bool changed() const { return changed_; }

 private:
  // Applies `edit` to the message at `path` in a copy of best_, and keeps the
  // copy when it still fails. Returns whether it was kept.
  template <typename Edit>
  bool Try(const Path& path, Edit edit) {
    proto::Scenario candidate = best_;
    Message* m = Resolve(locate_(candidate), path);
    if (m == nullptr) return false;
    edit(*m, *m->GetReflection());
    if (!keeps_(candidate)) return false;
    best_ = std::move(candidate);
    changed_ = true;
    return true;
  }

  void ShrinkField(const Path& path, const FieldDescriptor* field) {
    if (field->is_repeated()) return ShrinkRepeated(path, field);
    Message* m = Resolve(locate_(best_), path);
    if (m == nullptr || !m->GetReflection()->HasField(*m, field)) return;
    const bool cleared =
        Try(path, [field](Message& msg, const Reflection& r) { r.ClearField(&msg, field); });
    if (cleared) return;
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      Path nested = path;
      nested.push_back({field, -1});
      ShrinkMessage(nested);
    } else {
      ShrinkInteger(path, field);
    }
  }

  void ShrinkRepeated(const Path& path, const FieldDescriptor* field) {
    auto size_now = [&]() -> int {
      Message* m = Resolve(locate_(best_), path);
      return m == nullptr ? 0 : m->GetReflection()->FieldSize(*m, field);
    };
    if (size_now() == 0) return;
    if (Try(path, [field](Message& msg, const Reflection& r) { r.ClearField(&msg, field); })) {
      return;
    }
    for (int i = size_now() - 1; i >= 0; --i) {
      Try(path, [field, i](Message& msg, const Reflection& r) {
        const int size = r.FieldSize(msg, field);
        for (int j = i; j + 1 < size; ++j) r.SwapElements(&msg, field, j, j + 1);
        r.RemoveLast(&msg, field);
      });
    }
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return;
    for (int i = 0; i < size_now(); ++i) {
      Path nested = path;
      nested.push_back({field, i});
      ShrinkMessage(nested);
    }
  }

  // Binary search for the smallest magnitude in (0, |v|] that keeps; 0 was
  // already tried by clearing. Negative values shrink toward 0 from below.
  void ShrinkInteger(const Path& path, const FieldDescriptor* field) {
    Message* m = Resolve(locate_(best_), path);
    if (m == nullptr) return;
    const Reflection& r = *m->GetReflection();
    int64_t sign = 1;
    uint64_t magnitude = 0;
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_UINT32:
        magnitude = r.GetUInt32(*m, field);
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        magnitude = r.GetUInt64(*m, field);
        break;
      case FieldDescriptor::CPPTYPE_INT32:
      case FieldDescriptor::CPPTYPE_INT64: {
        const int64_t v = field->cpp_type() == FieldDescriptor::CPPTYPE_INT32
                              ? r.GetInt32(*m, field)
                              : r.GetInt64(*m, field);
        sign = v < 0 ? -1 : 1;
        magnitude = v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        break;
      }
      default:
        return;  // bool, enum, string, float: clearing was all
    }
    uint64_t lo = 0;  // fails (clearing did not keep)
    uint64_t hi = magnitude;
    while (hi - lo > 1) {
      const uint64_t mid = lo + (hi - lo) / 2;
      const bool kept = Try(path, [field, mid, sign](Message& msg, const Reflection& rf) {
        SetInteger(msg, rf, field, mid, sign);
      });
      (kept ? hi : lo) = mid;
    }
    MIGSIM_CHECK(hi <= magnitude);
  }

  static void SetInteger(Message& msg, const Reflection& r, const FieldDescriptor* field,
                         uint64_t magnitude, int64_t sign) {
    const int64_t value = sign < 0 ? -static_cast<int64_t>(magnitude) : 0;
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_UINT32:
        r.SetUInt32(&msg, field, static_cast<uint32_t>(magnitude));
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        r.SetUInt64(&msg, field, magnitude);
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        r.SetInt32(&msg, field,
                   static_cast<int32_t>(sign < 0 ? value : static_cast<int64_t>(magnitude)));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        r.SetInt64(&msg, field, sign < 0 ? value : static_cast<int64_t>(magnitude));
        break;
      default:
        MIGSIM_CHECK(false) << "not an integer field: " << field->full_name();
    }
  }

  proto::Scenario& best_;
  const MessageLocator& locate_;
  KeepsFailure keeps_;
  bool changed_ = false;
};

}  // namespace

bool ShrinkFields(proto::Scenario& best, const MessageLocator& locate, KeepsFailure keeps) {
  Shrinker shrinker(best, locate, keeps);
  shrinker.ShrinkMessage({});
  return shrinker.changed();
}

}  // namespace migsim
