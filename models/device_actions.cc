// File: models/device_actions.cc
#include "models/device_actions.h"

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "models/device/migratable_device.h"
#include "models/record_kinds.h"
#include "sim/check.h"
#include "sim/scenario_validation.h"

namespace migsim {
namespace {

uint32_t DeviceOf(const proto::Action& a) {
  switch (a.kind_case()) {
    case proto::Action::kReset: return a.reset().device();
    case proto::Action::kOpen: return a.open().device();
    case proto::Action::kClose: return a.close().device();
    case proto::Action::kArmFailure: return a.arm_failure().device();
    default: MIGSIM_CHECK(false) << "not a device action: " << a.kind_case();
  }
  return 0;
}

uint16_t RecordKindOf(const proto::Action& a) {
  switch (a.kind_case()) {
    case proto::Action::kReset: return kRecordDeviceReset;
    case proto::Action::kOpen: return kRecordDeviceOpen;
    case proto::Action::kClose: return kRecordDeviceClose;
    default: return kRecordFailureArmed;
  }
}

}  // namespace

bool IsDeviceAction(const proto::Action& action) {
  const int kind = action.kind_case();
  return kind >= 100 && kind <= 119;
}

absl::Status ValidateDeviceAction(const proto::Scenario& scenario, const proto::Action& action,
                                  const std::string& path) {
  const uint32_t device = DeviceOf(action);
  if (device >= static_cast<uint32_t>(scenario.topology().devices_size())) {
    return FieldError(path, absl::StrCat("device ", device, " names no device (the topology has ",
                                         scenario.topology().devices_size(), ")"));
  }
  if (action.kind_case() == proto::Action::kArmFailure) {
    const proto::ArmFailure& f = action.arm_failure();
    if (f.site() == proto::FAILURE_SITE_UNSPECIFIED || !proto::FailureSite_IsValid(f.site())) {
      return FieldError(path + ".arm_failure.site", absl::StrCat(f.site(), " is not a site"));
    }
    if (f.errno_value() > 133) {
      return FieldError(path + ".arm_failure.errno_value",
                        absl::StrCat(f.errno_value(), " is not an errno (1..133)"));
    }
  }
  return absl::OkStatus();
}

void ApplyDeviceAction(World& world, const proto::Action& action) {
  const uint32_t index = DeviceOf(action);
  auto* device = dynamic_cast<MigratableDevice*>(&world.device(index));
  if (device == nullptr) {
    world.Record(RecordKindOf(action), world.device(index).host(), index, -ENOTTY, {});
    return;
  }
  switch (action.kind_case()) {
    case proto::Action::kReset: device->Reset(world); return;
    case proto::Action::kOpen: device->Open(world); return;
    case proto::Action::kClose: device->Close(world); return;
    case proto::Action::kArmFailure: device->ArmFailure(world, action.arm_failure()); return;
    default: MIGSIM_CHECK(false) << "not a device action: " << action.kind_case();
  }
}

}  // namespace migsim
