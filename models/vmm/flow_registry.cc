// File: models/vmm/flow_registry.cc
#include "models/vmm/flow_registry.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "sim/check.h"

namespace migsim::vmm {
namespace {

// Add your own flow here (see the header).
constexpr FlowEntry kBuiltinFlows[] = {
    {"reference",
     "the reference save and resume flows: dirty tracking, pre-copy, vIOMMU and P2P grace "
     "states as cross-device barriers, stop-and-copy, resume through the P2P grace state",
     "002_e161682a2f26ac74.txt, VFIO migration driver API: the reference flows", &ReferenceFlow},
    {"qemu_v1",
     "QEMU 6.2: RAM first, devices in realize order, stopped in reverse order, no NDMA and no "
     "cross-device barrier; container dirty tracking; recovery back to RUNNING, hw_error on "
     "ERROR",
     "qemu-flows.md scenarios 1 and 2 (hw/vfio/migration.c vfio_save_setup, "
     "vfio_vmstate_change, vfio_save_complete_precopy, vfio_load_setup)",
     &QemuV1Flow},
    {"qemu_v2",
     "QEMU 9.2.4: PRE_COPY with PRECOPY_INFO, the P2P prepare phase as the grace barrier, "
     "device DMA logging when every device is v2, STOP_COPY -> STOP in save_cleanup, set_state "
     "with recover states",
     "qemu-flows.md scenarios 7 and 8 (vfio_save_setup, vfio_vmstate_change_prepare, "
     "vfio_vmstate_change, vfio_save_complete_precopy, vfio_save_cleanup)",
     &QemuV2Flow},
    {"qemu_v2_basic",
     "QEMU 8.0: STOP_COPY only (no pre-copy, no P2P phase), STOP right after the stream ends",
     "qemu-flows.md scenario 6 (vfio_save_complete_precopy, vfio_vmstate_change in 8.0)",
     &QemuV2BasicFlow},
    {"naive_skip_grace",
     "the reference flow without the P2P grace state: devices leave RUNNING one by one while "
     "peers can still DMA into them",
     "002_e161682a2f26ac74.txt: \"The VMM must bring all devices to the grace state before "
     "advancing past it.\"",
     &NaiveSkipGraceFlow},
    {"naive_early_dirty_stop",
     "the reference flow that stops dirty tracking (and takes the final dirty-log snapshot) "
     "before the devices' DMA is suspended",
     "002_e161682a2f26ac74.txt: \"must ensure that all DMA is suspended before clearing "
     "DIRTY_TRACKING\"",
     &NaiveEarlyDirtyStopFlow},
    {"naive_resume_no_barrier",
     "the reference flow whose destination runs each device as soon as it is loaded, without "
     "the P2P grace state as a cross-device barrier",
     "002_e161682a2f26ac74.txt: \"The Peer to Peer Grace States exist so that all devices may "
     "reach RUNNING before any device is subjected to a MMIO access.\"",
     &NaiveResumeNoBarrierFlow},
};

std::vector<FlowEntry> Collect() {
  std::vector<FlowEntry> all(std::begin(kBuiltinFlows), std::end(kBuiltinFlows));
  for (const FlowEntry& e : ZooFlows()) all.push_back(e);
  for (size_t i = 0; i < all.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      MIGSIM_CHECK(all[i].name != all[j].name) << "duplicate flow " << all[i].name;
    }
    MIGSIM_CHECK(all[i].factory != nullptr) << all[i].name;
  }
  return all;
}

}  // namespace

absl::Span<const FlowEntry> Flows() {
  static const std::vector<FlowEntry>* const kAll = new std::vector<FlowEntry>(Collect());
  return *kAll;
}

const FlowEntry* FindFlow(absl::string_view name) {
  for (const FlowEntry& e : Flows()) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

uint32_t FlowIndex(absl::string_view name) {
  const absl::Span<const FlowEntry> all = Flows();
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].name == name) return static_cast<uint32_t>(i);
  }
  MIGSIM_CHECK(false) << "unknown flow " << name;
  return 0;
}

std::string FlowNames() {
  std::string out;
  for (const FlowEntry& e : Flows()) absl::StrAppend(&out, out.empty() ? "" : ", ", e.name);
  return out;
}

}  // namespace migsim::vmm
