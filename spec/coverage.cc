// File: spec/coverage.cc
#include "spec/coverage.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "models/record_format.h"
#include "models/record_kinds.h"
#include "models/v1/v1_module.h"
#include "models/v1/v1_records.h"
#include "models/v1/v1_uapi.h"
#include "models/v2/mig_fsm.h"
#include "models/v2/v2_module.h"
#include "models/v2/v2_records.h"
#include "models/vmm/vmm_module.h"
#include "sim/check.h"

namespace migsim {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::OneofDescriptor;

constexpr uint32_t kActionFieldNumberEnd = 1024;  // Action.kind numbers stay below

// Action.kind field number -> dense slot; and the names folded into each slot.
struct ActionKindTable {
  std::array<uint8_t, kActionFieldNumberEnd> slot_of{};
  std::array<std::string, kActionKindSlots> names;
};

const ActionKindTable& KindTable() {
  static const ActionKindTable* const table = [] {
    auto* t = new ActionKindTable();
    const Descriptor* action = proto::Action::descriptor();
    const OneofDescriptor* kind = action->FindOneofByName("kind");
    MIGSIM_CHECK(kind != nullptr) << "Action has no oneof kind";
    for (int i = 0; i < kind->field_count(); ++i) {
      const FieldDescriptor* field = kind->field(i);
      MIGSIM_CHECK(field->number() > 0 &&
                   static_cast<uint32_t>(field->number()) < kActionFieldNumberEnd)
          << field->name();
      const uint32_t slot = static_cast<uint32_t>(i) % kActionKindSlots;
      t->slot_of[field->number()] = static_cast<uint8_t>(slot);
      absl::StrAppend(&t->names[slot], t->names[slot].empty() ? "" : "|", field->name());
    }
    return t;
  }();
  return *table;
}

uint8_t InitialState(CoverageVariant variant) {
  switch (variant) {
    case CoverageVariant::kNone:
      return 0;
    case CoverageVariant::kV1Rfc:
    case CoverageVariant::kV1:
    case CoverageVariant::kV1Ndma:
      return static_cast<uint8_t>(v1::kRunning);
    case CoverageVariant::kV2:
    case CoverageVariant::kV2P2p:
    case CoverageVariant::kV2PreCopy:
    case CoverageVariant::kV2P2pPreCopy:
      return v2::kStateRunning;
  }
  return 0;
}

bool IsV1(CoverageVariant v) {
  return v == CoverageVariant::kV1Rfc || v == CoverageVariant::kV1 || v == CoverageVariant::kV1Ndma;
}

// The device-events key of a shared device record (models/record_kinds.h).
uint32_t DeviceEventKey(const TraceRecord& r, uint8_t state) {
  switch (r.kind) {
    case kRecordInternalChange:
      return static_cast<uint32_t>(r.arg[2]);
    case kRecordDeviceReset:
    case kRecordDeviceOpen:
      return static_cast<uint32_t>(r.arg[0] & 0xF);
    case kRecordFailureArmed:
      return static_cast<uint32_t>(r.arg[0]);
    case kRecordFailureFired:
      return static_cast<uint32_t>((r.arg[0] & 7) | (r.arg[2] ? 8 : 0));
    case kRecordDmaRequestDeclined:
      return state;
    default:
      return r.result != 0 ? 1u : 0u;
  }
}

std::string V1StateName(uint32_t s) {
  if (s == v1::kStop) return "STOP";
  if (s == v1::kError) return "ERROR";
  std::string out;
  constexpr std::pair<uint32_t, const char*> kBits[] = {{v1::kNdma, "NDMA"},
                                                        {v1::kSaving, "SAVING"},
                                                        {v1::kResuming, "RESUMING"},
                                                        {v1::kRunning, "RUNNING"}};
  for (const auto& [bit, name] : kBits) {
    if ((s & bit) != 0) absl::StrAppend(&out, out.empty() ? "" : "|", name);
  }
  if ((s & ~0xFu) != 0) absl::StrAppend(&out, "|0x", absl::Hex(s & ~0xFu));
  return out;
}

std::string StateNameFor(CoverageVariant variant, uint32_t state) {
  if (variant == CoverageVariant::kNone) return "-";
  return IsV1(variant) ? V1StateName(state) : v2::StateName(state);
}

// v1 step names (models/v1/v1_uapi.h Step), for the SAVING / RESUMING /
// dirty-bitmap keys (step * 2 + failed).
constexpr const char* kV1StepNames[] = {
    "none",       "SAVING a",   "SAVING b", "SAVING c", "SAVING d", "SAVING e", "RESUMING a",
    "RESUMING b", "RESUMING c", "bitmap a", "bitmap b", "bitmap c", "bitmap d"};

std::string V1KeyName(uint16_t kind, uint32_t key) {
  switch (kind) {
    case v1::kRecordStateChange:
      return absl::StrCat("-> ", V1StateName(key));
    case v1::kRecordBitAction:
      if (key < static_cast<uint32_t>(v1::kBitActionCount)) {
        return v1::BitActionName(static_cast<v1::BitAction>(key));
      }
      break;
    default:
      if (key / 2 < std::size(kV1StepNames)) {
        return absl::StrCat("step ", kV1StepNames[key / 2], key % 2 ? " failed" : "");
      }
      break;
  }
  return absl::StrCat("key ", key);
}

std::string V2KeyName(uint16_t kind, uint32_t key) {
  switch (kind) {
    case v2::kV2RecordArc:
      return absl::StrCat(v2::StateName((key >> 3) & 7), "->", v2::StateName(key & 7),
                          key >= 64 ? " failed" : "");
    case v2::kV2RecordSetReturn:
      if (key < 16) return absl::StrCat("reached ", v2::StateName(key));
      return absl::StrCat("failed, errno class ", key - 16);
    case v2::kV2RecordGetState:
      return absl::StrCat("reports ", v2::StateName(key));
    case v2::kV2RecordFeature:
      return absl::StrCat("feature ", key >> 3, " bits ", (key >> 1) & 3, key & 1 ? " ok" : " err");
    default:
      return absl::StrCat("key ", key);
  }
}

}  // namespace

CoverageVariant CoverageVariantOf(const proto::Device& device) {
  switch (device.kind()) {
    case proto::V1_DEVICE:
      switch (device.v1().variant()) {
        case proto::V1_RFC:
          return CoverageVariant::kV1Rfc;
        case proto::V1_NDMA:
          return CoverageVariant::kV1Ndma;
        default:
          return CoverageVariant::kV1;
      }
    case proto::V2_DEVICE:
      return static_cast<CoverageVariant>(static_cast<int>(CoverageVariant::kV2) +
                                          (device.v2().p2p() ? 1 : 0) +
                                          (device.v2().pre_copy() ? 2 : 0));
    default:
      return CoverageVariant::kNone;
  }
}

absl::string_view CoverageVariantName(CoverageVariant variant) {
  constexpr absl::string_view kNames[kCoverageVariantCount] = {
      "none", "V1_RFC", "V1", "V1_NDMA", "V2", "V2+P2P", "V2+PRE_COPY", "V2+P2P+PRE_COPY"};
  return kNames[static_cast<int>(variant)];
}

uint32_t ActionKindSlot(int kind_field_number) {
  if (kind_field_number <= 0 || static_cast<uint32_t>(kind_field_number) >= kActionFieldNumberEnd) {
    return 0;
  }
  return KindTable().slot_of[kind_field_number];
}

void CoverageMap::Hit(uint32_t slot) {
  MIGSIM_CHECK(slot < kCoverageSlots) << slot;
  if (counters_[slot] != 0xFF) ++counters_[slot];
}

size_t CoverageMap::HitCount() const {
  return static_cast<size_t>(
      std::count_if(counters_.begin(), counters_.end(), [](uint8_t c) { return c != 0; }));
}

std::vector<uint32_t> CoverageMap::HitSlots() const {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < kCoverageSlots; ++i) {
    if (counters_[i] != 0) out.push_back(i);
  }
  return out;
}

void CoverageMap::Merge(const CoverageMap& other) {
  for (size_t i = 0; i < kCoverageSlots; ++i) {
    const unsigned sum = unsigned{counters_[i]} + other.counters_[i];
    counters_[i] = static_cast<uint8_t>(std::min(sum, 255u));
  }
}

CoverageRecorder::CoverageRecorder(const proto::Scenario& scenario, absl::Span<uint8_t> counters)
    : scenario_(&scenario), counters_(counters.data()) {
  MIGSIM_CHECK(counters.size() >= kCoverageSlots) << counters.size();
  device_count_ =
      static_cast<uint32_t>(std::min<size_t>(scenario.topology().devices_size(), kDevicesMax));
  for (uint32_t i = 0; i < device_count_; ++i) {
    devices_[i].variant = CoverageVariantOf(scenario.topology().devices(i));
    devices_[i].state = InitialState(devices_[i].variant);
  }
  static_cast<void>(KindTable());  // built once, before the first record
}

void CoverageRecorder::Hit(uint32_t slot) {
  MIGSIM_CHECK(slot < kCoverageSlots) << slot;
  if (counters_[slot] != 0xFF) ++counters_[slot];
}

void CoverageRecorder::Observe(const TraceRecord& record) {
  DeviceCursor* device = record.device < device_count_ ? &devices_[record.device] : nullptr;
  if (device != nullptr) ObserveStateAction(record, *device);
  ObserveKeys(record, device);
  if (device != nullptr) TrackState(record, *device);
}

void CoverageRecorder::ObserveStateAction(const TraceRecord& record, DeviceCursor& device) {
  if (record.action_index < 0 || record.action_index == device.last_action) return;
  if (record.action_index >= scenario_->actions_size()) return;
  device.last_action = record.action_index;
  const int kind = static_cast<int>(scenario_->actions(record.action_index).kind_case());
  Hit(EncodeSlot({CoverageRegion::kStateAction, static_cast<uint32_t>(device.variant),
                  device.state % kStateValues, ActionKindSlot(kind)}));
}

void CoverageRecorder::ObserveKeys(const TraceRecord& record, const DeviceCursor* device) {
  const uint16_t kind = record.kind;
  if (kind >= kVmmRecordFirst && kind < kModelRecordEnd) {
    if (std::optional<uint32_t> key = vmm::CoverageKey(record)) {
      const CoverageRegionShape& r = kRegions[3];
      Hit(EncodeSlot(
          {CoverageRegion::kWholeVm, 0, (kind - kVmmRecordFirst) % r.kinds, *key % r.keys}));
    }
    return;
  }
  if (device == nullptr) return;
  const uint32_t variant = static_cast<uint32_t>(device->variant);
  if (kind >= kDeviceRecordFirst && kind < kV1RecordFirst) {
    const CoverageRegionShape& r = kRegions[4];
    Hit(EncodeSlot({CoverageRegion::kDeviceEvents, variant, (kind - kDeviceRecordFirst) % r.kinds,
                    DeviceEventKey(record, device->state) % r.keys}));
  } else if (kind >= kV1RecordFirst && kind < kV2RecordFirst && IsV1(device->variant)) {
    if (std::optional<uint32_t> key = v1::CoverageKey(record)) {
      const CoverageRegionShape& r = kRegions[1];
      Hit(EncodeSlot({CoverageRegion::kV1Steps, variant - 1, (kind - kV1RecordFirst) % r.kinds,
                      *key % r.keys}));
    }
  } else if (kind >= kV2RecordFirst && kind < kVmmRecordFirst &&
             device->variant >= CoverageVariant::kV2) {
    if (std::optional<uint32_t> key = v2::CoverageKey(record)) {
      const CoverageRegionShape& r = kRegions[2];
      const uint32_t flag_set = variant - static_cast<uint32_t>(CoverageVariant::kV2);
      Hit(EncodeSlot(
          {CoverageRegion::kV2Steps, flag_set, (kind - kV2RecordFirst) % r.kinds, *key % r.keys}));
    }
  }
}

void CoverageRecorder::TrackState(const TraceRecord& record, DeviceCursor& device) {
  switch (record.kind) {
    case kRecordDeviceReset:
    case kRecordDeviceOpen:
      device.state = static_cast<uint8_t>(record.arg[0] & 0xF);
      return;
    case v1::kRecordStateChange:
      device.state = static_cast<uint8_t>(record.arg[1] & 0xF);
      return;
    case v2::kV2RecordArc:
      device.state = static_cast<uint8_t>(record.arg[2] & 0x7);
      return;
    default:
      return;
  }
}

RecordObserver CoverageRecorder::AsObserver() {
  return [this](const TraceRecord& record, absl::Span<const uint64_t>) { Observe(record); };
}

CoverageSlot DecodeSlot(uint32_t slot) {
  MIGSIM_CHECK(slot < kCoverageSlots) << slot;
  int region = kCoverageRegionCount - 1;
  while (slot < kRegions[region].first) --region;
  const CoverageRegionShape& r = kRegions[region];
  const uint32_t offset = slot - r.first;
  return {static_cast<CoverageRegion>(region), offset / (r.kinds * r.keys),
          (offset / r.keys) % r.kinds, offset % r.keys};
}

uint32_t EncodeSlot(const CoverageSlot& s) {
  const CoverageRegionShape& r = kRegions[static_cast<int>(s.region)];
  MIGSIM_CHECK(s.row < r.rows && s.kind < r.kinds && s.key < r.keys)
      << r.name << " row=" << s.row << " kind=" << s.kind << " key=" << s.key;
  return r.first + (s.row * r.kinds + s.kind) * r.keys + s.key;
}

namespace {

// SlotName without the region's name.
std::string SlotDetail(const CoverageSlot& s) {
  std::string out;
  switch (s.region) {
    case CoverageRegion::kStateAction: {
      const auto variant = static_cast<CoverageVariant>(s.row);
      absl::StrAppend(&out, CoverageVariantName(variant), " ", StateNameFor(variant, s.kind), " x ",
                      KindTable().names[s.key]);
      return out;
    }
    case CoverageRegion::kV1Steps: {
      const auto kind = static_cast<uint16_t>(kV1RecordFirst + s.kind);
      absl::StrAppend(&out, CoverageVariantName(static_cast<CoverageVariant>(s.row + 1)), " ",
                      RecordKindName(kind), " ", V1KeyName(kind, s.key));
      return out;
    }
    case CoverageRegion::kV2Steps: {
      const auto kind = static_cast<uint16_t>(kV2RecordFirst + s.kind);
      const auto variant = static_cast<CoverageVariant>(s.row + 4);
      absl::StrAppend(&out, CoverageVariantName(variant), " ", RecordKindName(kind), " ",
                      V2KeyName(kind, s.key));
      return out;
    }
    case CoverageRegion::kWholeVm:
      absl::StrAppend(&out, RecordKindName(static_cast<uint16_t>(kVmmRecordFirst + s.kind)),
                      " key ", s.key);
      return out;
    case CoverageRegion::kDeviceEvents:
      absl::StrAppend(&out, CoverageVariantName(static_cast<CoverageVariant>(s.row)), " ",
                      RecordKindName(static_cast<uint16_t>(kDeviceRecordFirst + s.kind)), " key ",
                      s.key);
      return out;
  }
  return out;
}

}  // namespace

std::string SlotName(uint32_t slot) {
  const CoverageSlot s = DecodeSlot(slot);
  return absl::StrCat(kRegions[static_cast<int>(s.region)].name, ": ", SlotDetail(s));
}

std::string CoverageReport(const CoverageMap& map) {
  const std::vector<uint32_t> hit = map.HitSlots();
  std::string out =
      absl::StrCat("protocol coverage: ", hit.size(), " of ", kCoverageSlots, " slots\n");
  int region = -1;
  for (uint32_t slot : hit) {
    const int r = static_cast<int>(DecodeSlot(slot).region);
    if (r != region) {
      region = r;
      const size_t in_region =
          static_cast<size_t>(std::count_if(hit.begin(), hit.end(), [r](uint32_t s) {
            return static_cast<int>(DecodeSlot(s).region) == r;
          }));
      absl::StrAppend(&out, "[", kRegions[r].name, "] ", in_region, " slots\n");
    }
    absl::StrAppend(&out, "  ", SlotDetail(DecodeSlot(slot)), "  (", map.count(slot), ")\n");
  }
  return out;
}

absl::StatusOr<CoverageMap> CoverageOf(const proto::Scenario& scenario, JudgeOptions options) {
  CoverageMap map;
  CoverageRecorder recorder(scenario, map);
  options.observer = recorder.AsObserver();
  options.keep_records = false;
  absl::StatusOr<JudgedRun> run = Judge(scenario, options);
  if (!run.ok()) return run.status();
  return map;
}

}  // namespace migsim
