// File: spec/monitors/v2_device_view.h
//
// V2DeviceView: what a v2 monitor knows of one device, from the scenario's
// static topology (kind, VFIO_MIGRATION_* flags, internal state size) and
// from the trace (device_state from arc records, reset, open and close).
// Every v2 monitor keeps its own views, so no monitor depends on another's
// state or on a model's internals.
#ifndef MIGSIM_SPEC_MONITORS_V2_DEVICE_VIEW_H_
#define MIGSIM_SPEC_MONITORS_V2_DEVICE_VIEW_H_

#include <cstdint>
#include <vector>

#include "protos/scenario.pb.h"
#include "sim/trace.h"
#include "spec/monitors/v2_header_fsm.h"

namespace migsim::v2_oracle {

struct V2DeviceView {
  bool is_v2 = false;          // topology kind V2_DEVICE
  uint32_t flags = 0;          // VFIO_MIGRATION_* the device claims
  uint32_t state_words = 0;    // its internal state size (stream compatibility)
  uint32_t state = kRunning;   // device_state, as the arc records left it
  bool opened = true;          // the device fd is open
};

// One view per topology device, in device order.
std::vector<V2DeviceView> MakeViews(const proto::Scenario& scenario);

// The view `record` concerns, or nullptr (not a v2 device, or no device).
V2DeviceView* ViewOf(std::vector<V2DeviceView>& views, const TraceRecord& record);

// Follows a record that changes device_state or the fd's openness: an arc
// (the state it reports afterwards), a successful VFIO_DEVICE_RESET or open
// (the state it reports), a successful close. Other records: no change.
void FollowState(V2DeviceView& view, const TraceRecord& record);

}  // namespace migsim::v2_oracle

#endif  // MIGSIM_SPEC_MONITORS_V2_DEVICE_VIEW_H_
