// File: fuzz/field_roles.cc
#include "fuzz/field_roles.h"

#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/strings/string_view.h"
#include "fuzz/interesting_values.h"
#include "sim/check.h"

namespace migsim {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// One row: the field called `field` in message `message` ("" = any message).
struct RoleRow {
  absl::string_view message;
  absl::string_view field;
  FieldRole role;
};

// Message-specific rows first: the first match wins.
constexpr RoleRow kRoleRows[] = {
    {"V1SetState", "mask", FieldRole::kV1DeviceState},
    {"V1SetState", "value", FieldRole::kV1DeviceState},
    {"V1RegionWrite", "value", FieldRole::kV1RegisterValue},
    {"V1RegionRead", "offset", FieldRole::kV1RegionOffset},
    {"V1RegionWrite", "offset", FieldRole::kV1RegionOffset},
    {"V1WindowRead", "offset", FieldRole::kWindowOffset},
    {"V1WindowWrite", "offset", FieldRole::kWindowOffset},
    {"V1WindowRead", "piece_bytes", FieldRole::kPieceBytes},
    {"V1WindowWrite", "piece_bytes", FieldRole::kPieceBytes},
    {"V2Feature", "flags", FieldRole::kFeatureFlags},
    {"GuestMmio", "offset", FieldRole::kBarOffset},
    {"BarTarget", "offset", FieldRole::kBarOffset},
    {"", "device", FieldRole::kDeviceIndex},
    {"", "source_device", FieldRole::kDeviceIndex},
    {"", "target_device", FieldRole::kDeviceIndex},
    {"", "host", FieldRole::kHostIndex},
    {"", "vcpu", FieldRole::kVcpuIndex},
    {"", "state", FieldRole::kV2State},
    {"", "arc_from", FieldRole::kV2State},
    {"", "arc_to", FieldRole::kV2State},
    {"", "width", FieldRole::kWidth},
    {"", "piece_bytes", FieldRole::kBytes},
    {"", "length", FieldRole::kBytes},
    {"", "size", FieldRole::kBytes},
    {"", "read_bytes", FieldRole::kBytes},
    {"", "iova", FieldRole::kAddress},
    {"", "gpa", FieldRole::kAddress},
    {"", "offset", FieldRole::kAddress},
    {"", "dma_iova", FieldRole::kAddress},
    {"", "p2p_iova", FieldRole::kAddress},
    {"", "ns", FieldRole::kTimeNs},
    {"", "tick_ns", FieldRole::kTimeNs},
    {"", "skip", FieldRole::kCount},
    {"", "reads_max", FieldRole::kCount},
    {"", "iterations_max", FieldRole::kCount},
    {"", "segments_max", FieldRole::kCount},
    {"", "p2p_every", FieldRole::kCount},
    {"", "errno_value", FieldRole::kErrno},
    {"", "fd", FieldRole::kFdSlot},
    {"", "argsz", FieldRole::kArgsz},
    {"", "page_size", FieldRole::kPageSize},
    {"", "pgsize", FieldRole::kPageSize},
    {"", "start_pfn", FieldRole::kPfn},
    {"", "total_pfns", FieldRole::kPfn},
    {"", "bitmap_preset", FieldRole::kPfn},
    {"", "seed", FieldRole::kSeed},
};

bool IsIndexRole(FieldRole role) {
  return role == FieldRole::kDeviceIndex || role == FieldRole::kHostIndex ||
         role == FieldRole::kVcpuIndex;
}

uint32_t RangeOf(FieldRole role, const TopologyShape& shape) {
  switch (role) {
    case FieldRole::kDeviceIndex:
      return shape.devices;
    case FieldRole::kHostIndex:
      return shape.hosts;
    case FieldRole::kVcpuIndex:
      return shape.vcpus_min;
    default:
      return 0;
  }
}

const FieldDescriptor* IndexField(const Descriptor& d, const char* name) {
  const FieldDescriptor* f = d.FindFieldByName(name);
  if (f == nullptr || f->is_repeated() || f->cpp_type() != FieldDescriptor::CPPTYPE_UINT32) {
    return nullptr;
  }
  return f;
}

// Folds `field` of `message` into [0, range); range 0 cannot fit.
void Fold(Message& message, const FieldDescriptor& field, uint32_t range, IndexRepair& repair) {
  const Reflection& r = *message.GetReflection();
  if (field.containing_oneof() != nullptr && !r.HasField(message, &field)) return;
  if (range == 0) {
    repair.fits = false;
    return;
  }
  const uint32_t value = r.GetUInt32(message, &field);
  if (value < range) return;
  r.SetUInt32(&message, &field, value % range);
  repair.changed = true;
}

// The vCPU range for the vCPU fields of `message`: its host's, or its
// device's host's, or the smallest.
uint32_t VcpuRange(const Message& message, const TopologyShape& shape) {
  const Descriptor& d = *message.GetDescriptor();
  const Reflection& r = *message.GetReflection();
  if (const FieldDescriptor* host = IndexField(d, "host")) {
    return shape.vcpus_of(r.GetUInt32(message, host));
  }
  if (const FieldDescriptor* device = IndexField(d, "device")) {
    const uint32_t index = r.GetUInt32(message, device);
    if (index < shape.devices && index < TopologyShape::kDevicesTracked) {
      return shape.vcpus_of(shape.device_host[index]);
    }
  }
  return shape.vcpus_min;
}

}  // namespace

FieldRole RoleOf(const FieldDescriptor& field) {
  // Memoized for the compiled-in schema (its descriptors live as long as
  // the process; a run-time pool's may be freed and their addresses
  // reused): the mutator asks for every field of every action it repairs,
  // and the table scan compares strings. A lookup table only (never
  // iterated), so its order cannot reach any output.
  static auto* const known = new std::unordered_map<const FieldDescriptor*, FieldRole>();
  const bool cacheable = field.file()->pool() == google::protobuf::DescriptorPool::generated_pool();
  if (const auto it = known->find(&field); cacheable && it != known->end()) return it->second;
  const absl::string_view message = field.containing_type()->name();
  const absl::string_view name = field.name();
  FieldRole role = FieldRole::kAny;
  for (const RoleRow& row : kRoleRows) {
    if (row.field == name && (row.message.empty() || row.message == message)) {
      role = row.role;
      break;
    }
  }
  if (cacheable) known->emplace(&field, role);
  return role;
}

uint64_t DrawValue(FieldRole role, const TopologyShape& shape, Prng& prng) {
  if (IsIndexRole(role)) {
    const uint32_t range = RangeOf(role, shape);
    return prng.UniformBelow(range != 0 ? range : 3);
  }
  // Now and then a value no table holds: kAny and the seed are any 64 bits.
  if ((role == FieldRole::kAny || role == FieldRole::kSeed) && prng.Chance(1, 4)) return prng();
  const absl::Span<const uint64_t> values = InterestingValues(role);
  MIGSIM_CHECK(!values.empty());
  return values[prng.UniformBelow(values.size())];
}

uint64_t DrawForField(const FieldDescriptor& field, const TopologyShape& shape, Prng& prng) {
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      return prng.UniformBelow(2);
    case FieldDescriptor::CPPTYPE_ENUM: {
      const google::protobuf::EnumDescriptor& e = *field.enum_type();
      const bool open = field.file()->syntax() == google::protobuf::FileDescriptor::SYNTAX_PROTO3;
      if (open && prng.Chance(1, 8)) {
        return static_cast<uint32_t>(e.value(e.value_count() - 1)->number() + 1);
      }
      return static_cast<uint32_t>(
          e.value(static_cast<int>(prng.UniformBelow(e.value_count())))->number());
    }
    default:
      return DrawValue(RoleOf(field), shape, prng);
  }
}

IndexRepair RepairIndices(Message& message, const TopologyShape& shape) {
  IndexRepair repair;
  if (!shape.known()) return repair;
  const Descriptor& d = *message.GetDescriptor();
  const Reflection& r = *message.GetReflection();
  // Devices and hosts first: a vCPU's range depends on them.
  for (const FieldRole pass : {FieldRole::kDeviceIndex, FieldRole::kVcpuIndex}) {
    for (int i = 0; i < d.field_count(); ++i) {
      const FieldDescriptor& field = *d.field(i);
      if (field.cpp_type() != FieldDescriptor::CPPTYPE_UINT32 || field.is_repeated()) continue;
      const FieldRole role = RoleOf(field);
      if (pass == FieldRole::kDeviceIndex && role == FieldRole::kDeviceIndex) {
        Fold(message, field, shape.devices, repair);
      } else if (pass == FieldRole::kDeviceIndex && role == FieldRole::kHostIndex) {
        Fold(message, field, shape.hosts, repair);
      } else if (pass == FieldRole::kVcpuIndex && role == FieldRole::kVcpuIndex) {
        Fold(message, field, VcpuRange(message, shape), repair);
      }
    }
  }
  for (int i = 0; i < d.field_count(); ++i) {
    const FieldDescriptor& field = *d.field(i);
    if (field.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    std::vector<Message*> subs;
    if (field.is_repeated()) {
      for (int j = 0; j < r.FieldSize(message, &field); ++j) {
        subs.push_back(r.MutableRepeatedMessage(&message, &field, j));
      }
    } else if (r.HasField(message, &field)) {
      subs.push_back(r.MutableMessage(&message, &field));
    }
    for (Message* sub : subs) {
      const IndexRepair inner = RepairIndices(*sub, shape);
      repair.changed |= inner.changed;
      repair.fits &= inner.fits;
    }
  }
  return repair;
}

}  // namespace migsim
