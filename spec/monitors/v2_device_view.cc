// File: spec/monitors/v2_device_view.cc
#include "spec/monitors/v2_device_view.h"

#include "models/device/internal_state.h"
#include "models/record_kinds.h"
#include "models/v2/v2_records.h"

namespace migsim::v2_oracle {

std::vector<V2DeviceView> MakeViews(const proto::Scenario& scenario) {
  std::vector<V2DeviceView> views(scenario.topology().devices_size());
  for (int i = 0; i < scenario.topology().devices_size(); ++i) {
    const proto::Device& d = scenario.topology().devices(i);
    if (d.kind() != proto::V2_DEVICE) continue;
    V2DeviceView& v = views[i];
    v.is_v2 = true;
    v.flags = kFlagStopCopy | (d.v2().p2p() ? kFlagP2P : 0) |
              (d.v2().pre_copy() ? kFlagPreCopy : 0);
    v.state_words = d.v2().internals().state_words() != 0 ? d.v2().internals().state_words()
                                                          : kStateWordsDefault;
  }
  return views;
}

V2DeviceView* ViewOf(std::vector<V2DeviceView>& views, const TraceRecord& record) {
  if (record.device >= views.size() || !views[record.device].is_v2) return nullptr;
  return &views[record.device];
}

void FollowState(V2DeviceView& view, const TraceRecord& r) {
  switch (r.kind) {
    case v2::kV2RecordArc:
      view.state = static_cast<uint32_t>(r.result == 0 ? r.arg[1] : r.arg[2]);
      return;
    case kRecordDeviceReset:
      if (r.result == 0) view.state = static_cast<uint32_t>(r.arg[0]);
      return;
    case kRecordDeviceOpen:
      if (r.result == 0) {
        view.state = static_cast<uint32_t>(r.arg[0]);
        view.opened = true;
      }
      return;
    case kRecordDeviceClose:
      if (r.result == 0) view.opened = false;
      return;
    default:
      return;
  }
}

}  // namespace migsim::v2_oracle
