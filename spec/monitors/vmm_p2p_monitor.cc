// File: spec/monitors/vmm_p2p_monitor.cc
#include "spec/monitors/vmm_p2p_monitor.h"

#include "absl/strings/str_cat.h"
#include "models/v1/v1_records.h"
#include "models/v1/v1_uapi.h"
#include "models/v2/v2_records.h"
#include "spec/rules/vmm_rules.h"

namespace migsim {

VmmP2pMonitor::VmmP2pMonitor(const proto::Scenario& scenario)
    : view_(scenario), v1_before_(scenario.topology().devices_size(), -1) {}

void VmmP2pMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t>,
                             ViolationSink& sink) {
  const bool judged = view_.Paired(r.device) != nullptr && view_.InProtocol(r.host);
  if (judged && r.kind == kRecordMmio && r.result == 0 && (r.arg[2] & kMmioFlagFromPeer) != 0) {
    CheckPeerAccess(r, sink);
  }
  if (!judged) {
    view_.Apply(r);
    return;
  }
  const bool accepted = view_.AcceptsMmio(r.device);
  const bool initiated = view_.InitiatesP2p(r.device);
  const auto device_state_write = [&] {
    return r.arg[0] == v1::kOffsetDeviceState && r.arg[1] == 4;
  };
  if (r.kind == v1::kRecordWriteBegin && device_state_write()) {
    v1_before_[r.device] = static_cast<int8_t>((accepted ? 1 : 0) | (initiated ? 2 : 0));
  }
  view_.Apply(r);
  if (r.kind == v2::kV2RecordArc && r.result == 0) {
    CheckChange(r.device, accepted, initiated, r, sink);
  } else if (r.kind == v1::kRecordWriteEnd && device_state_write() && v1_before_[r.device] >= 0) {
    const int8_t before = v1_before_[r.device];
    v1_before_[r.device] = -1;
    if (r.result == 0) CheckChange(r.device, (before & 1) != 0, (before & 2) != 0, r, sink);
  }
}

void VmmP2pMonitor::CheckChange(uint32_t device, bool accepted_before, bool initiated_before,
                                const TraceRecord& r, ViolationSink& sink) {
  const uint16_t host = static_cast<uint16_t>(view_.Paired(device)->host);
  std::vector<uint32_t> culprits;
  std::string what;
  if (accepted_before && !view_.AcceptsMmio(device) && view_.IsP2pTarget(device)) {
    for (uint32_t other : view_.PairedOn(host)) {
      if (other != device && view_.InitiatesP2p(other)) culprits.push_back(other);
    }
    what = absl::StrCat("P2P target d", device, " entered ", view_.StateText(device), " while ");
  } else if (!initiated_before && view_.InitiatesP2p(device)) {
    for (uint32_t other : view_.PairedOn(host)) {
      if (other != device && view_.IsP2pTarget(other) && !view_.AcceptsMmio(other)) {
        culprits.push_back(other);
      }
    }
    what = absl::StrCat("d", device, " entered ", view_.StateText(device),
                        ", able to initiate P2P DMA, while P2P target ");
  }
  if (culprits.empty()) return;
  const bool as_target = what.rfind("P2P target", 0) == 0;
  sink.Report(
      rules::kUserVmGraceBarrier, device, r.host,
      absl::StrCat(what, DeviceList(view_, culprits),
                   as_target ? " can still initiate P2P DMA into it" : " does not accept MMIO",
                   " (migration #", view_.migration(), ")"));
}

void VmmP2pMonitor::CheckPeerAccess(const TraceRecord& r, ViolationSink& sink) {
  if (view_.AcceptsMmio(r.device)) return;
  const auto initiator = static_cast<uint32_t>(r.arg[4]);
  const std::string access =
      absl::StrCat("peer-to-peer ", (r.arg[2] & kMmioFlagWrite) ? "write" : "read", " of ",
                   r.arg[1], " bytes at BAR offset ", r.arg[0], " from d", initiator, " reached d",
                   r.device, " in ", view_.StateText(r.device));
  const bool quiesced = view_.Paired(initiator) != nullptr && !view_.InitiatesP2p(initiator);
  // 002 asks userspace to "suspend these accesses before entering any
  // device_state where MMIO is not permitted"; ERROR is no state userspace
  // enters: a device gets there only when a write or arc it was asked for
  // fails (no user may request it, USER-V2-NO-SET-ERROR), and 002 leaves the
  // device "largely undefined" there until VFIO_DEVICE_RESET. So an access
  // from an initiator the VMM left running that reaches a device in ERROR is
  // no user error (a quiesced initiator is judged all the same).
  if (!quiesced && view_.InError(r.device)) return;
  if (quiesced) {
    sink.Report(rules::kVmP2pQuiet, initiator, r.host,
                absl::StrCat(access, " although the VMM had quiesced d", initiator, " (",
                             view_.StateText(initiator), ")"));
  } else {
    sink.Report(rules::kUserVmP2pQuiet, r.device, r.host,
                absl::StrCat(access, "; the VMM left d", initiator, " in ",
                             view_.StateText(initiator), ", able to initiate P2P DMA"));
  }
}

}  // namespace migsim
