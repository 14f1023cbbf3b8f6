// File: tests/v1/v1_harness.h
//
// Test helpers for the v1 family: scenario text builders, and JudgeWith(),
// which runs a scenario exactly as spec/judge.h does (every monitor of
// CreateMonitors watching the trace, stop after the first device violation)
// but lets a test put a deliberately wrong device (a subclass of the
// reference V1Device overriding one step) at chosen topology indices.
// Setting V1_DESCRIBE=1 in the environment prints every outcome's
// violations, to see what a test's scenario reports.
#ifndef MIGSIM_TESTS_V1_V1_HARNESS_H_
#define MIGSIM_TESTS_V1_V1_HARNESS_H_

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "models/action_runner.h"
#include "models/device_factory.h"
#include "models/scenario_check.h"
#include "models/v1/v1_device.h"
#include "models/vmm/saved_streams.h"
#include "sim/world_builder.h"
#include "spec/monitor_set.h"
#include "spec/verdict.h"
#include "tests/test_util.h"

namespace migsim::v1::testing {

// Makes the device for one topology index.
using Maker = std::function<std::unique_ptr<SimDevice>(const proto::Device&, uint32_t)>;

// A maker for mutant class T (constructible like V1Device).
template <class T>
Maker Make() {
  return [](const proto::Device& d, uint32_t i) { return std::make_unique<T>(d, i); };
}

// What a judged run produced.
struct Outcome {
  std::vector<std::string> device_ids;  // device violations, in order
  std::vector<std::string> user_ids;    // user protocol errors, in order
  std::vector<Violation> violations;    // both, in order
  std::optional<World> world;

  bool Fired(absl::string_view id) const {
    return std::find(device_ids.begin(), device_ids.end(), id) != device_ids.end() ||
           std::find(user_ids.begin(), user_ids.end(), id) != user_ids.end();
  }
  bool clean() const { return device_ids.empty() && user_ids.empty(); }
  std::string Describe() const {
    std::string out;
    for (const Violation& v : violations) absl::StrAppend(&out, FormatViolation(v), "\n");
    return out.empty() ? "(clean)" : out;
  }
  // The reference device at `index`. REQUIRES: it is a V1Device.
  V1Device& device(uint32_t index) { return dynamic_cast<V1Device&>(world->device(index)); }
};

class CollectSink final : public ViolationSink {
 public:
  void Report(const Rule& rule, uint32_t device, uint16_t host, std::string explanation) override {
    Violation v;
    v.rule = &rule;
    v.device = device;
    v.host = host;
    v.explanation = std::move(explanation);
    pending.push_back(std::move(v));
  }
  std::vector<Violation> pending;
};

// Runs `text` with the devices of `mutants` replaced. Fails the test on bad
// input.
inline Outcome JudgeWith(const std::string& text, std::map<uint32_t, Maker> mutants = {},
                         bool keep_going = false) {
  Outcome out;
  const proto::Scenario scenario = migsim::testing::ParseScenario(text);
  if (absl::Status s = ValidateScenario(scenario); !s.ok()) {
    ADD_FAILURE() << s;
    return out;
  }
  auto factory = [&](const proto::Device& d, uint32_t i,
                     uint64_t seed) -> absl::StatusOr<std::unique_ptr<SimDevice>> {
    if (auto it = mutants.find(i); it != mutants.end()) return it->second(d, i);
    return migsim::CreateDevice(d, i, seed);
  };
  absl::StatusOr<World> built = BuildWorld(scenario, factory);
  if (!built.ok()) {
    ADD_FAILURE() << built.status();
    return out;
  }
  out.world.emplace(*std::move(built));
  World& world = *out.world;
  world.AddComponent(std::make_unique<SavedStreams>(world.device_count()));
  std::vector<std::unique_ptr<Monitor>> monitors = CreateMonitors(scenario);
  CollectSink sink;
  uint64_t cursor = 0;
  auto feed = [&] {
    for (; cursor < world.trace().count(); ++cursor) {
      const TraceRecord& r = world.trace().at(cursor);
      for (auto& m : monitors) m->OnRecord(r, world.trace().payload(r), sink);
      for (Violation& v : sink.pending) {
        v.time_ns = r.time_ns;
        v.action_index = r.action_index;
        v.record_index = cursor;
        (v.rule->owner == Owner::kDevice ? out.device_ids : out.user_ids)
            .push_back(std::string(v.rule->id));
        out.violations.push_back(std::move(v));
      }
      sink.pending.clear();
    }
  };
  feed();
  for (int i = 0; i < scenario.actions_size(); ++i) {
    world.set_action_index(i);
    const bool live = migsim::ApplyAction(world, scenario.actions(i));
    feed();
    if (!live || (!keep_going && !out.device_ids.empty())) break;
  }
  for (auto& m : monitors) m->OnEnd(world.now(), sink);
  if (std::getenv("V1_DESCRIBE") != nullptr) std::fprintf(stderr, "%s\n", out.Describe().c_str());
  return out;
}

// --- scenario text builders ---

// One V1_DEVICE on host 0 with `v1_fields` inside its v1 { } block.
inline std::string Dev(absl::string_view variant, absl::string_view v1_fields = "") {
  return absl::StrCat("devices { host: 0 kind: V1_DEVICE v1 { variant: ", variant, " ", v1_fields,
                      " } }");
}

// A scenario: one host (64 pages, identity mapped, one vCPU), `devices`,
// then `actions`.
inline std::string Scenario(absl::string_view devices, absl::string_view actions) {
  return absl::StrCat("format_version: 1 seed: 1 topology { hosts { guest_pages: 64 ",
                      "identity_map: true vcpus: 1 } ", devices, " } ", actions);
}

// device_state := value (QEMU's set_state with mask 0: read, then write).
inline std::string Set(uint32_t device, uint32_t value) {
  return absl::StrCat("actions { v1_set_state { device: ", device, " mask: 0 value: ", value,
                      " } } ");
}
inline std::string Advance(uint64_t ns) {
  return absl::StrCat("actions { advance_time { ns: ", ns, " } } ");
}
inline std::string Drain(uint32_t device) {
  return absl::StrCat("actions { v1_drain { device: ", device, " } } ");
}
inline std::string SaveIteration(uint32_t device) {
  return absl::StrCat("actions { v1_save_iteration { device: ", device, " } } ");
}
inline std::string Push(uint32_t source, uint32_t target) {
  return absl::StrCat("actions { v1_push { source_device: ", source, " target_device: ", target,
                      " } } ");
}
inline std::string Read(uint32_t device, uint64_t offset, uint32_t width) {
  return absl::StrCat("actions { v1_read { device: ", device, " offset: ", offset,
                      " width: ", width, " } } ");
}
inline std::string Write(uint32_t device, uint64_t offset, uint32_t width, uint64_t value) {
  return absl::StrCat("actions { v1_write { device: ", device, " offset: ", offset,
                      " width: ", width, " value: ", value, " } } ");
}
inline std::string Reset(uint32_t device) {
  return absl::StrCat("actions { reset { device: ", device, " } } ");
}
// Arms a failure at `site` (STATE_TRANSITION, DATA_READ, ...).
inline std::string Arm(uint32_t device, absl::string_view site, bool to_error, uint32_t skip = 0) {
  return absl::StrCat("actions { arm_failure { device: ", device, " site: ", site,
                      " to_error: ", to_error ? "true" : "false", " skip: ", skip, " } } ");
}

// Internals of a busy device: ticks every 1000 ns, ring DMA at 0x1000.
inline constexpr absl::string_view kBusy = "internals { tick_ns: 1000 dma_iova: 4096 } ";

}  // namespace migsim::v1::testing

#endif  // MIGSIM_TESTS_V1_V1_HARNESS_H_
