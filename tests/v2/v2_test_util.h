// File: tests/v2/v2_test_util.h
// Helpers for the v2 tests: run a scenario with a chosen V2Device subclass
// (a deliberately wrong driver, or the reference one) under every monitor,
// as the judge does but without stopping at the first violation, and look
// at the trace it left.
#ifndef MIGSIM_TESTS_V2_V2_TEST_UTIL_H_
#define MIGSIM_TESTS_V2_V2_TEST_UTIL_H_

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "models/action_runner.h"
#include "models/device_factory.h"
#include "models/scenario_check.h"
#include "models/vmm/saved_streams.h"
#include "models/v2/v2_device.h"
#include "protos/scenario.pb.h"
#include "sim/limits.h"
#include "sim/world.h"
#include "sim/world_builder.h"
#include "spec/monitor.h"
#include "spec/monitor_set.h"
#include "tests/test_util.h"

namespace migsim::v2_testing {

// Declares the constructor and Clone() of a test driver subclassing V2Device.
#define MIGSIM_V2_TEST_DRIVER(Name)                   \
  using V2Device::V2Device;                           \
  std::unique_ptr<SimDevice> Clone() const override { \
    return std::unique_ptr<SimDevice>(new Name(*this)); \
  }

// What one run showed.
struct Outcome {
  std::vector<std::string> device;        // device-owned rule IDs, in report order
  std::vector<std::string> user;          // user-owned rule IDs
  std::vector<std::string> explanations;  // every report, "ID: explanation"
  std::string liveness;                   // World::liveness_failure()
  std::unique_ptr<World> world;           // the World after the run
};

namespace internal {

class Collector final : public ViolationSink {
 public:
  explicit Collector(Outcome& out) : out_(out) {}
  void Report(const Rule& rule, uint32_t, uint16_t, std::string explanation) override {
    (rule.owner == Owner::kDevice ? out_.device : out_.user).push_back(std::string(rule.id));
    out_.explanations.push_back(absl::StrCat(rule.id, ": ", explanation));
  }

 private:
  Outcome& out_;
};

}  // namespace internal

// Runs `text` (a scenario; every action, even after violations) with
// `factory` building the devices, under CreateMonitors(scenario).
inline Outcome RunWith(absl::string_view text, DeviceFactory factory) {
  Outcome out;
  const proto::Scenario scenario = testing::ParseScenario(text);
  const absl::Status valid = ValidateScenario(scenario);
  EXPECT_TRUE(valid.ok()) << valid;
  absl::StatusOr<World> built = BuildWorld(scenario, factory);
  EXPECT_TRUE(built.ok()) << built.status();
  if (!valid.ok() || !built.ok()) return out;
  out.world = std::make_unique<World>(*std::move(built));
  World& world = *out.world;
  world.AddComponent(std::make_unique<SavedStreams>(world.device_count()));
  std::vector<std::unique_ptr<Monitor>> monitors = CreateMonitors(scenario);
  internal::Collector sink(out);
  uint64_t cursor = 0;
  auto feed = [&] {
    for (; cursor < world.trace().count(); ++cursor) {
      const TraceRecord& r = world.trace().at(cursor);
      for (auto& m : monitors) m->OnRecord(r, world.trace().payload(r), sink);
    }
  };
  for (int i = 0; i < scenario.actions_size(); ++i) {
    world.set_action_index(i);
    const bool live = ApplyAction(world, scenario.actions(i));
    feed();
    if (!live) break;
  }
  for (auto& m : monitors) m->OnEnd(world.now(), sink);
  out.liveness = world.liveness_failure();
  return out;
}

// Runs `text` with `Driver` (a V2Device subclass) for every V2_DEVICE.
template <typename Driver = v2::V2Device>
Outcome RunV2(absl::string_view text) {
  return RunWith(text, [](const proto::Device& d, uint32_t index,
                          uint64_t seed) -> absl::StatusOr<std::unique_ptr<SimDevice>> {
    if (d.kind() != proto::V2_DEVICE) return CreateDevice(d, index, seed);
    const uint64_t bar = d.bar_size() != 0 ? d.bar_size() : kBarSizeDefault;
    return std::unique_ptr<SimDevice>(
        new Driver(index, static_cast<uint16_t>(d.host()), bar, d.v2()));
  });
}

// The stored records of `kind` (optionally of one device), in trace order.
inline std::vector<TraceRecord> RecordsOf(const World& world, uint16_t kind,
                                          uint32_t device = kNoDevice) {
  std::vector<TraceRecord> out;
  for (uint64_t i = world.trace().first_stored(); i < world.trace().count(); ++i) {
    const TraceRecord& r = world.trace().at(i);
    if (r.kind == kind && (device == kNoDevice || r.device == device)) out.push_back(r);
  }
  return out;
}

// The V2Device at `index`. REQUIRES: it is one.
inline const v2::V2Device& DeviceAt(const World& world, uint32_t index) {
  return dynamic_cast<const v2::V2Device&>(world.device(index));
}

// A scenario text: format_version, seed, a host with identity-mapped RAM,
// the given devices ("devices { ... }" text) and actions.
inline std::string Scenario(absl::string_view devices, absl::string_view actions) {
  return absl::StrCat(
      "format_version: 1 seed: 7 topology { hosts { guest_pages: 256 identity_map: true } ",
      devices, " } ", actions);
}

// "devices { kind: V2_DEVICE host: 0 v2 { <params> } }".
inline std::string V2Dev(absl::string_view params) {
  return absl::StrCat("devices { kind: V2_DEVICE host: 0 v2 { ", params, " } }");
}

// The distinct IDs of `ids`.
inline std::set<std::string> Distinct(const std::vector<std::string>& ids) {
  return std::set<std::string>(ids.begin(), ids.end());
}

// True when `ids` holds `id`.
inline bool Has(const std::vector<std::string>& ids, absl::string_view id) {
  for (const std::string& i : ids) {
    if (i == id) return true;
  }
  return false;
}

}  // namespace migsim::v2_testing

#endif  // MIGSIM_TESTS_V2_V2_TEST_UTIL_H_
