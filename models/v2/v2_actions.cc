// File: models/v2/v2_actions.cc
#include "models/v2/v2_actions.h"

#include <cerrno>
#include <vector>

#include "absl/strings/str_cat.h"
#include "models/v2/mig_fsm.h"
#include "models/v2/v2_core.h"
#include "models/v2/v2_device.h"
#include "models/v2/v2_records.h"
#include "models/vmm/saved_streams.h"
#include "sim/check.h"
#include "sim/hash.h"
#include "sim/scenario_validation.h"

namespace migsim::v2 {
namespace {

// A device index one action names, with the field's name for errors.
struct DeviceField {
  const char* name;
  uint32_t device;
};

std::vector<DeviceField> DevicesOf(const proto::Action& a) {
  switch (a.kind_case()) {
    case proto::Action::kV2SetState: return {{"v2_set_state.device", a.v2_set_state().device()}};
    case proto::Action::kV2GetState: return {{"v2_get_state.device", a.v2_get_state().device()}};
    case proto::Action::kV2Feature: return {{"v2_feature.device", a.v2_feature().device()}};
    case proto::Action::kV2Read: return {{"v2_read.device", a.v2_read().device()}};
    case proto::Action::kV2Write: {
      std::vector<DeviceField> d = {{"v2_write.device", a.v2_write().device()}};
      if (a.v2_write().from_saved()) {
        d.push_back({"v2_write.source_device", a.v2_write().source_device()});
      }
      return d;
    }
    case proto::Action::kV2CloseFd: return {{"v2_close_fd.device", a.v2_close_fd().device()}};
    case proto::Action::kV2PrecopyInfo:
      return {{"v2_precopy_info.device", a.v2_precopy_info().device()}};
    case proto::Action::kV2DataSize: return {{"v2_data_size.device", a.v2_data_size().device()}};
    case proto::Action::kV2LogStart: return {{"v2_log_start.device", a.v2_log_start().device()}};
    case proto::Action::kV2LogStop: return {{"v2_log_stop.device", a.v2_log_stop().device()}};
    case proto::Action::kV2LogReport:
      return {{"v2_log_report.device", a.v2_log_report().device()}};
    case proto::Action::kV2SaveToEnd:
      return {{"v2_save_to_end.device", a.v2_save_to_end().device()}};
    case proto::Action::kV2Push:
      return {{"v2_push.source_device", a.v2_push().source_device()},
              {"v2_push.target_device", a.v2_push().target_device()}};
    default: MIGSIM_CHECK(false) << "not a v2 action: " << a.kind_case();
  }
  return {};
}

absl::Status CheckBytes(const std::string& path, uint64_t value, uint64_t min) {
  if (value < min || value > kIoBytesMax) {
    return FieldError(path, absl::StrCat(value, " is outside [", min, ", ", kIoBytesMax, "]"));
  }
  return absl::OkStatus();
}

absl::Status ValidateSizes(const proto::Action& a, const std::string& path) {
  switch (a.kind_case()) {
    case proto::Action::kV2Read:
      return CheckBytes(path + ".v2_read.length", a.v2_read().length(), 1);
    case proto::Action::kV2Write:
      return CheckBytes(path + ".v2_write.length", a.v2_write().length(), 1);
    case proto::Action::kV2SaveToEnd:
      if (a.v2_save_to_end().reads_max() > kSaveReadsMax) {
        return FieldError(path + ".v2_save_to_end.reads_max",
                          absl::StrCat(a.v2_save_to_end().reads_max(), " exceeds the limit ",
                                       kSaveReadsMax));
      }
      return CheckBytes(path + ".v2_save_to_end.read_bytes", a.v2_save_to_end().read_bytes(), 0);
    case proto::Action::kV2Push:
      return CheckBytes(path + ".v2_push.piece_bytes", a.v2_push().piece_bytes(), 0);
    case proto::Action::kV2LogStart:
      if (a.v2_log_start().ranges_size() > kLogRangesInputMax) {
        return FieldError(path + ".v2_log_start.ranges",
                          absl::StrCat(a.v2_log_start().ranges_size(), " ranges exceed the limit ",
                                       kLogRangesInputMax));
      }
      return absl::OkStatus();
    case proto::Action::kV2LogReport: {
      const auto& preset = a.v2_log_report().bitmap_preset();
      if (preset.size() > kPresetPagesMax) {
        return FieldError(path + ".v2_log_report.bitmap_preset",
                          absl::StrCat(preset.size(), " pages exceed the limit ", kPresetPagesMax));
      }
      for (int i = 0; i < preset.size(); ++i) {
        if (preset[i] >= kPresetPageIndexMax) {
          return FieldError(absl::StrCat(path, ".v2_log_report.bitmap_preset[", i, "]"),
                            absl::StrCat(preset[i], " exceeds the limit ",
                                         kPresetPageIndexMax - 1));
        }
      }
      return absl::OkStatus();
    }
    default: return absl::OkStatus();
  }
}

V2Device* AsV2(World& world, uint32_t device) {
  return dynamic_cast<V2Device*>(&world.device(device));
}

// A data_fd operation on a device without mig_ops: recorded, nothing else.
void RecordNoMigOps(World& world, uint16_t kind, uint32_t device, uint64_t length) {
  world.Record(kind, world.device(device).host(), device, -ENOTTY, {kNoDataFd, length, 0, 0, 0});
}

std::vector<uint8_t> PatternBytes(uint64_t pattern, uint64_t length) {
  std::vector<uint8_t> bytes(length);
  for (uint64_t i = 0; i < length; ++i) {
    bytes[i] = static_cast<uint8_t>(Mix64(pattern + i / 8) >> (8 * (i % 8)));
  }
  return bytes;
}

void Read(World& world, uint32_t device, uint32_t slot, uint64_t length, int64_t* result) {
  V2Device* d = AsV2(world, device);
  if (d == nullptr) {
    RecordNoMigOps(world, kV2RecordRead, device, length);
    *result = -ENOTTY;
    return;
  }
  std::vector<uint8_t> bytes;
  *result = d->ReadFd(world, slot, length, bytes);
  if (*result > 0) SavedStreams::Of(world).Append(device, std::move(bytes));
}

void Write(World& world, uint32_t device, uint32_t slot, const std::vector<uint8_t>& bytes,
           int64_t* result) {
  V2Device* d = AsV2(world, device);
  if (d == nullptr) {
    RecordNoMigOps(world, kV2RecordWrite, device, bytes.size());
    *result = -ENOTTY;
    return;
  }
  *result = d->WriteFd(world, slot, bytes);
}

void SetState(World& world, const proto::V2SetState& s) {
  FeatureCall call = SetCall(kFeatureMigDeviceState);
  call.device_state = s.state();
  const FeatureReply reply = DeviceFeature(world, s.device(), call);
  // The VMM keeps one buffer per saving session.
  if (reply.result == 0 && reply.data_fd >= 0 && InSavingGroup(s.state())) {
    SavedStreams::Of(world).Reset(s.device());
  }
}

void LogStart(World& world, const proto::V2DmaLoggingStart& s) {
  FeatureCall call = SetCall(kFeatureDmaLoggingStart);
  call.page_size = s.page_size();
  for (const proto::IovaRange& r : s.ranges()) call.ranges.push_back({r.iova(), r.length()});
  DeviceFeature(world, s.device(), call);
}

void LogReport(World& world, const proto::V2DmaLoggingReport& s) {
  FeatureCall call = GetCall(kFeatureDmaLoggingReport);
  call.iova = s.iova();
  call.length = s.length();
  call.page_size = s.page_size();
  call.bitmap_preset.assign(s.bitmap_preset().begin(), s.bitmap_preset().end());
  DeviceFeature(world, s.device(), call);
}

void SaveToEnd(World& world, const proto::V2SaveToEnd& s) {
  const uint64_t piece = s.read_bytes() != 0 ? s.read_bytes() : 4096;
  const uint32_t reads_max = s.reads_max() != 0 ? s.reads_max() : 10000;
  int64_t result = 1;
  for (uint32_t i = 0; i < reads_max && result > 0; ++i) {
    Read(world, s.device(), 0, piece, &result);
  }
}

void Push(World& world, const proto::V2PushStream& s) {
  const uint64_t piece = s.piece_bytes() != 0 ? s.piece_bytes() : 32768;
  SavedStreams& saved = SavedStreams::Of(world);
  int64_t result = 1;
  while (result > 0 && saved.remaining_bytes(s.source_device()) > 0) {
    Write(world, s.target_device(), 0, saved.TakeBytes(s.source_device(), piece), &result);
  }
}

void Apply(World& world, const proto::Action& a) {
  int64_t result = 0;
  switch (a.kind_case()) {
    case proto::Action::kV2SetState: return SetState(world, a.v2_set_state());
    case proto::Action::kV2GetState:
      DeviceFeature(world, a.v2_get_state().device(), GetCall(kFeatureMigDeviceState));
      return;
    case proto::Action::kV2Feature: {
      FeatureCall call;
      call.flags = a.v2_feature().flags();
      call.argsz = a.v2_feature().argsz();
      call.device_state = a.v2_feature().state();
      DeviceFeature(world, a.v2_feature().device(), call);
      return;
    }
    case proto::Action::kV2Read:
      return Read(world, a.v2_read().device(), a.v2_read().fd(), a.v2_read().length(), &result);
    case proto::Action::kV2Write: {
      const proto::V2DataWrite& w = a.v2_write();
      const std::vector<uint8_t> bytes =
          w.from_saved() ? SavedStreams::Of(world).TakeBytes(w.source_device(), w.length())
                         : PatternBytes(w.pattern(), w.length());
      return Write(world, w.device(), w.fd(), bytes, &result);
    }
    case proto::Action::kV2CloseFd: {
      const uint32_t device = a.v2_close_fd().device();
      if (V2Device* d = AsV2(world, device)) {
        d->CloseFd(world, a.v2_close_fd().fd());
      } else {
        world.Record(kV2RecordDataClose, world.device(device).host(), device, -ENOTTY,
                     {kNoDataFd});
      }
      return;
    }
    case proto::Action::kV2PrecopyInfo: {
      const uint32_t device = a.v2_precopy_info().device();
      uint64_t initial = 0;
      uint64_t dirty = 0;
      if (V2Device* d = AsV2(world, device)) {
        d->PrecopyInfoFd(world, a.v2_precopy_info().fd(), &initial, &dirty);
      } else {
        world.Record(kV2RecordPrecopyInfo, world.device(device).host(), device, -ENOTTY,
                     {kNoDataFd, 0, 0});
      }
      return;
    }
    case proto::Action::kV2DataSize:
      DeviceFeature(world, a.v2_data_size().device(), GetCall(kFeatureMigDataSize));
      return;
    case proto::Action::kV2LogStart: return LogStart(world, a.v2_log_start());
    case proto::Action::kV2LogStop:
      DeviceFeature(world, a.v2_log_stop().device(), SetCall(kFeatureDmaLoggingStop));
      return;
    case proto::Action::kV2LogReport: return LogReport(world, a.v2_log_report());
    case proto::Action::kV2SaveToEnd: return SaveToEnd(world, a.v2_save_to_end());
    case proto::Action::kV2Push: return Push(world, a.v2_push());
    default: MIGSIM_CHECK(false) << "not a v2 action: " << a.kind_case();
  }
}

}  // namespace

absl::Status ValidateV2Action(const proto::Scenario& scenario, const proto::Action& action,
                              const std::string& path) {
  const auto devices = static_cast<uint32_t>(scenario.topology().devices_size());
  for (const DeviceField& f : DevicesOf(action)) {
    if (f.device >= devices) {
      return FieldError(absl::StrCat(path, ".", f.name),
                        absl::StrCat(f.device, " names no device (the topology has ", devices,
                                     ")"));
    }
  }
  return ValidateSizes(action, path);
}

bool ApplyV2Action(World& world, const proto::Action& action) {
  Apply(world, action);
  return world.liveness_failure().empty();
}

}  // namespace migsim::v2
