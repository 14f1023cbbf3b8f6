// File: models/device/failure_plan.h
//
// FailurePlan: the failures a scenario armed on one device (ArmFailure). Each
// armed failure waits `skip` hits of its site, then fires once: the driver
// returns -errno and, per `to_error`, either keeps the prior state or enters
// ERROR, the two choices the texts allow (001: "The vendor driver should
// return previous state of the device unless the vendor driver has
// encountered an internal error"). Hits and fires are recorded.
#ifndef MIGSIM_MODELS_DEVICE_FAILURE_PLAN_H_
#define MIGSIM_MODELS_DEVICE_FAILURE_PLAN_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "protos/scenario.pb.h"

namespace migsim {

class World;

struct ArmedFailure {
  proto::FailureSite site = proto::FAILURE_SITE_UNSPECIFIED;
  int errno_value = 0;  // positive
  uint32_t skip = 0;
  bool to_error = false;
  bool match_arc = false;
  uint32_t arc_from = 0;
  uint32_t arc_to = 0;
};

// FailurePlan: value type.
class FailurePlan {
 public:
  // Arms `failure` and records kRecordFailureArmed.
  void Arm(World& world, uint32_t device, const proto::ArmFailure& failure);

  // A hit of `site` (for STATE_TRANSITION on v2, of the arc from -> to).
  // Returns the failure when one fires now (recording kRecordFailureFired),
  // else nullopt. The first armed failure of the site that matches counts.
  std::optional<ArmedFailure> Hit(World& world, uint32_t device, proto::FailureSite site,
                                  uint32_t arc_from = 0, uint32_t arc_to = 0);

  void Clear() { armed_.clear(); }
  bool empty() const { return armed_.empty(); }
  uint64_t Digest() const;

 private:
  std::vector<ArmedFailure> armed_;
};

}  // namespace migsim

#endif  // MIGSIM_MODELS_DEVICE_FAILURE_PLAN_H_
