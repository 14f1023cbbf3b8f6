// File: tests/tools/planted_models.h
//
// Planted bugs for the tools' tests, until and besides the bug zoo: v2
// drivers with one deliberate defect each, selected by Device.model in a
// scenario through JudgeOptions::device_override (spec/judge.h), so that a
// reproducer carries its model and `--reference` (which clears Device.model)
// runs it on the reference driver.
//   "test_reenters_precopy": from STOP_COPY asked for PRE_COPY it walks
//     STOP_COPY -> STOP -> ... instead of refusing (kernel-v2-uapi.md:
//     STOP_COPY -> PRE_COPY is not permitted); needs a SET to STOP_COPY and
//     then a SET to PRE_COPY on a device with PRE_COPY support.
//   "test_skips_running_p2p": RUNNING -> STOP directly although it claims
//     P2P (the path must pass RUNNING_P2P).
#ifndef MIGSIM_TESTS_TOOLS_PLANTED_MODELS_H_
#define MIGSIM_TESTS_TOOLS_PLANTED_MODELS_H_

#include <memory>
#include <string>

#include "models/device_factory.h"
#include "models/v2/v2_device.h"
#include "sim/limits.h"
#include "spec/judge.h"

namespace migsim::testing {

class ReentersPreCopy : public v2::V2Device {
 public:
  using V2Device::V2Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::unique_ptr<SimDevice>(new ReentersPreCopy(*this));
  }
  absl::string_view model_name() const override { return "test_reenters_precopy"; }

 protected:
  int NextStep(v2::MigState cur, uint32_t requested, v2::MigState* next) const override {
    if (cur == v2::kStateStopCopy && requested == v2::kStatePreCopy) {
      *next = v2::kStateStop;
      return 0;
    }
    return V2Device::NextStep(cur, requested, next);
  }
};

class SkipsRunningP2p : public v2::V2Device {
 public:
  using V2Device::V2Device;
  std::unique_ptr<SimDevice> Clone() const override {
    return std::unique_ptr<SimDevice>(new SkipsRunningP2p(*this));
  }
  absl::string_view model_name() const override { return "test_skips_running_p2p"; }

 protected:
  int NextStep(v2::MigState cur, uint32_t requested, v2::MigState* next) const override {
    if (cur == v2::kStateRunning && requested == v2::kStateStop) {
      *next = v2::kStateStop;
      return 0;
    }
    return V2Device::NextStep(cur, requested, next);
  }
};

// JudgeOptions whose device_override builds the planted models above for
// V2_DEVICE entries naming them, and leaves every other device alone.
inline JudgeOptions PlantedJudgeOptions() {
  JudgeOptions options;
  options.device_override = [](const proto::Device& d, uint32_t index,
                               uint64_t) -> absl::StatusOr<std::unique_ptr<SimDevice>> {
    if (d.kind() != proto::V2_DEVICE) return nullptr;
    const uint64_t bar = d.bar_size() != 0 ? d.bar_size() : kBarSizeDefault;
    const auto host = static_cast<uint16_t>(d.host());
    if (d.model() == "test_reenters_precopy") {
      return std::unique_ptr<SimDevice>(new ReentersPreCopy(index, host, bar, d.v2()));
    }
    if (d.model() == "test_skips_running_p2p") {
      return std::unique_ptr<SimDevice>(new SkipsRunningP2p(index, host, bar, d.v2()));
    }
    return nullptr;
  };
  return options;
}

// A failing scenario for "test_reenters_precopy" with many irrelevant
// actions around the two that matter (the SET to STOP_COPY, the SET to
// PRE_COPY), a second host, an unused P2P window and an unused device.
inline constexpr char kPlantedPreCopyScenario[] = R"pb(
  format_version: 1
  seed: 99
  description: "planted: STOP_COPY -> PRE_COPY walks through STOP"
  bounds { events_max: 500000 }
  topology {
    hosts { name: "h" guest_pages: 256 vcpus: 2 identity_map: true }
    devices {
      name: "dev"
      kind: V2_DEVICE
      host: 0
      model: "test_reenters_precopy"
      v2 {
        pre_copy: true
        internals { tick_ns: 700 dma_iova: 0x10000 }
      }
    }
    devices {
      name: "idle"
      kind: V2_DEVICE
      host: 1
      v2 { p2p: true }
    }
    hosts { name: "spare" guest_pages: 64 vcpus: 1 }
    p2p_windows { target_device: 1 iova: 0x800000 size: 4096 }
  }
  actions { vcpu_run { host: 0 vcpu: 1 } }
  actions { guest_write { host: 0 vcpu: 1 gpa: 0x3000 length: 128 pattern: 7 } }
  actions { advance_time { ns: 5000 } }
  actions { v2_get_state { device: 0 } }
  actions { v2_data_size { device: 0 } }
  actions { v2_set_state { device: 0 state: 6 } }
  actions { v2_precopy_info { device: 0 } }
  actions { v2_read { device: 0 length: 512 } }
  actions { advance_time { ns: 3000 } }
  actions { v2_set_state { device: 0 state: 3 } }
  actions { v2_get_state { device: 1 } }
  actions { guest_mmio { device: 1 vcpu: 0 offset: 8 width: 8 write: true value: 5 } }
  actions { v2_save_to_end { device: 0 read_bytes: 2048 } }
  actions { advance_time { ns: 1000 } }
  actions { v2_set_state { device: 0 state: 6 } }
  actions { v2_get_state { device: 0 } }
  actions { advance_time { ns: 1000 } }
  actions { v2_set_state { device: 1 state: 1 } }
)pb";

}  // namespace migsim::testing

#endif  // MIGSIM_TESTS_TOOLS_PLANTED_MODELS_H_
