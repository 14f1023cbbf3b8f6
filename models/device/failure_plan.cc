// File: models/device/failure_plan.cc
#include "models/device/failure_plan.h"

#include <cerrno>

#include "models/record_kinds.h"
#include "sim/hash.h"
#include "sim/world.h"

namespace migsim {

void FailurePlan::Arm(World& world, uint32_t device, const proto::ArmFailure& f) {
  ArmedFailure a;
  a.site = f.site();
  a.errno_value = f.errno_value() != 0 ? static_cast<int>(f.errno_value()) : EIO;
  a.skip = f.skip();
  a.to_error = f.to_error();
  a.match_arc = f.match_arc();
  a.arc_from = f.arc_from();
  a.arc_to = f.arc_to();
  armed_.push_back(a);
  world.Record(kRecordFailureArmed, world.device(device).host(), device, 0,
               {static_cast<uint64_t>(a.site), static_cast<uint64_t>(a.errno_value), a.skip,
                a.to_error});
}

std::optional<ArmedFailure> FailurePlan::Hit(World& world, uint32_t device,
                                             proto::FailureSite site, uint32_t arc_from,
                                             uint32_t arc_to) {
  for (auto it = armed_.begin(); it != armed_.end(); ++it) {
    if (it->site != site) continue;
    if (it->match_arc && (it->arc_from != arc_from || it->arc_to != arc_to)) continue;
    if (it->skip > 0) {
      --it->skip;
      return std::nullopt;
    }
    const ArmedFailure fired = *it;
    armed_.erase(it);
    world.Record(kRecordFailureFired, world.device(device).host(), device, -fired.errno_value,
                 {static_cast<uint64_t>(site), static_cast<uint64_t>(fired.errno_value),
                  fired.to_error});
    return fired;
  }
  return std::nullopt;
}

uint64_t FailurePlan::Digest() const {
  uint64_t d = armed_.size();
  for (const ArmedFailure& a : armed_) {
    d = HashCombine(d, (uint64_t{static_cast<uint32_t>(a.site)} << 32) | a.skip);
    d = HashCombine(d, (uint64_t{a.arc_from} << 32) | a.arc_to);
    d = HashCombine(d, (uint64_t(a.errno_value) << 2) | (a.match_arc << 1) | a.to_error);
  }
  return d;
}

}  // namespace migsim
