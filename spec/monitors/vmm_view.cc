// File: spec/monitors/vmm_view.cc
#include "spec/monitors/vmm_view.h"

#include "absl/strings/str_cat.h"
#include "models/record_kinds.h"
#include "models/v1/v1_records.h"
#include "models/v1/v1_uapi.h"
#include "models/v2/mig_fsm.h"
#include "models/v2/v2_records.h"
#include "models/vmm/vmm_records.h"
#include "sim/check.h"
#include "spec/monitors/v1_device_view.h"

namespace migsim::vmm_oracle {
namespace {

bool V2Runs(uint32_t s) {
  return s == v2::kStateRunning || s == v2::kStateRunningP2P || s == v2::kStatePreCopy ||
         s == v2::kStatePreCopyP2P;
}

}  // namespace

VmmView::VmmView(const proto::Scenario& scenario) {
  const proto::Topology& t = scenario.topology();
  devices_.resize(t.devices_size());
  paired_on_.resize(t.hosts_size());
  bar_maps_.resize(t.hosts_size());
  vcpus_.resize(t.hosts_size());
  for (int h = 0; h < t.hosts_size(); ++h) vcpus_[h].assign(t.hosts(h).vcpus(), false);
  for (int d = 0; d < t.devices_size(); ++d) {
    DeviceView& v = devices_[d];
    v.v2 = t.devices(d).kind() == proto::V2_DEVICE;
    v.host = t.devices(d).host();
    v.state = v.v2 ? uint32_t{v2::kStateRunning} : v1::kRunning;
  }
  for (const proto::P2pWindow& w : t.p2p_windows()) {
    if (w.target_device() < devices_.size()) {
      bar_maps_[devices_[w.target_device()].host][w.iova()] = w.target_device();
    }
  }
  if (!t.has_migration()) return;
  has_migration_ = true;
  source_host_ = static_cast<uint16_t>(t.migration().source_host());
  destination_host_ = static_cast<uint16_t>(t.migration().destination_host());
  for (int p = 0; p < t.migration().pairs_size(); ++p) {
    const proto::DevicePair& pair = t.migration().pairs(p);
    pair_source_.push_back(pair.source_device());
    pair_destination_.push_back(pair.destination_device());
    for (const uint32_t d : {pair.source_device(), pair.destination_device()}) {
      MIGSIM_CHECK(d < devices_.size()) << "validated pairs name devices";
      devices_[d].paired = true;
      devices_[d].destination = d == pair.destination_device();
      devices_[d].pair = static_cast<uint32_t>(p);
    }
  }
  for (uint32_t d = 0; d < devices_.size(); ++d) {
    if (devices_[d].paired) paired_on_[devices_[d].host].push_back(d);
  }
}

void VmmView::Apply(const TraceRecord& r) {
  if (r.device < devices_.size()) {
    DeviceView& v = devices_[r.device];
    switch (r.kind) {
      case v1::kRecordStateChange:
        if (!v.v2) v.state = static_cast<uint32_t>(r.arg[1]);
        break;
      case v2::kV2RecordArc:
        if (v.v2) v.state = static_cast<uint32_t>(r.result == 0 ? r.arg[1] : r.arg[2]);
        break;
      case kRecordDeviceReset:
      case kRecordDeviceOpen:
        if (r.result == 0) {
          v.state = static_cast<uint32_t>(r.arg[0]);
          v.open = true;
        }
        break;
      case kRecordDeviceClose:
        if (r.result == 0) v.open = false;
        break;
      default:
        break;
    }
  }
  if (r.host >= vcpus_.size()) return;
  switch (r.kind) {
    case kRecordVcpuRun:
    case kRecordVcpuStop:
      if (r.arg[0] < vcpus_[r.host].size()) vcpus_[r.host][r.arg[0]] = r.kind == kRecordVcpuRun;
      return;
    case kRecordIommuMap:
      if (r.result == 0 && r.arg[2] == 1)
        bar_maps_[r.host][r.arg[0]] = static_cast<uint32_t>(r.arg[4]);
      return;
    case kRecordIommuUnmap:
      if (r.result == 0 && r.arg[2] != 0) {
        auto& m = bar_maps_[r.host];
        m.erase(m.lower_bound(r.arg[0]), m.lower_bound(r.arg[0] + r.arg[1]));
      }
      return;
    case vmm::kRecordMigrationStart:
      if (r.result == 0) {
        in_migration_ = true;
        recovering_ = false;
        committed_ = false;
        migration_ = r.arg[0];
        vcpu_mask_ = r.arg[5];
      }
      return;
    case vmm::kRecordPhase:
      if (r.arg[1] == vmm::kPhaseRecovery) recovering_ = true;
      return;
    case vmm::kRecordCommit:
      committed_ = true;
      return;
    case vmm::kRecordMigrationEnd:
      in_migration_ = false;
      recovering_ = false;
      committed_ = false;
      return;
    default:
      return;
  }
}

bool VmmView::InProtocol(uint16_t host) const {
  if (!in_migration_) return false;
  return host == source_host_ || (host == destination_host_ && committed_);
}

const DeviceView* VmmView::Paired(uint32_t device) const {
  if (device >= devices_.size() || !devices_[device].paired) return nullptr;
  return &devices_[device];
}

std::string VmmView::StateText(uint32_t device) const {
  if (device >= devices_.size()) return "?";
  const DeviceView& v = devices_[device];
  if (!v.open) return "closed";
  return v.v2 ? v2::StateName(v.state) : v1::StateText(v.state);
}

bool VmmView::AcceptsMmio(uint32_t device) const {
  const DeviceView* v = Paired(device);
  if (v == nullptr || !v->open) return false;
  if (v->v2) return V2Runs(v->state);
  return (v->state & v1::kRunning) != 0 && (v->state & v1::kResuming) == 0;
}

bool VmmView::InitiatesP2p(uint32_t device) const {
  const DeviceView* v = Paired(device);
  if (v == nullptr || !v->open) return false;
  if (v->v2) return v->state == v2::kStateRunning || v->state == v2::kStatePreCopy;
  return (v->state & v1::kRunning) != 0 && (v->state & (v1::kNdma | v1::kResuming)) == 0;
}

bool VmmView::DmaSuspended(uint32_t device) const {
  const DeviceView* v = Paired(device);
  if (v == nullptr) return false;
  if (!v->open) return true;
  if (v->v2) return !V2Runs(v->state);
  return (v->state & v1::kRunning) == 0 || (v->state & v1::kNdma) != 0;
}

bool VmmView::InError(uint32_t device) const {
  const DeviceView* v = Paired(device);
  if (v == nullptr || !v->open) return false;
  if (v->v2) return v->state == v2::kStateError;
  return (v->state & v1::kError) == v1::kError;
}

bool VmmView::Running(uint32_t device) const {
  const DeviceView* v = Paired(device);
  if (v == nullptr || !v->open) return false;
  if (v->v2) return v->state == v2::kStateRunning;
  return (v->state & 0xF) == v1::kRunning;
}

bool VmmView::AnyRunning(uint32_t device) const {
  const DeviceView* v = Paired(device);
  if (v == nullptr || !v->open) return false;
  return v->v2 ? V2Runs(v->state) : (v->state & v1::kRunning) != 0;
}

bool VmmView::IsP2pTarget(uint32_t device) const {
  if (device >= devices_.size()) return false;
  for (const auto& [iova, target] : bar_maps_[devices_[device].host]) {
    if (target == device) return true;
  }
  return false;
}

const std::vector<uint32_t>& VmmView::PairedOn(uint16_t host) const {
  MIGSIM_CHECK(host < paired_on_.size()) << "host=" << host;
  return paired_on_[host];
}

bool VmmView::VcpuRunning(uint16_t host, uint32_t vcpu) const {
  return host < vcpus_.size() && vcpu < vcpus_[host].size() && vcpus_[host][vcpu];
}

std::string DeviceList(const VmmView& view, const std::vector<uint32_t>& devices) {
  std::string out;
  for (uint32_t d : devices) {
    absl::StrAppend(&out, out.empty() ? "" : ", ", "d", d, " (", view.StateText(d), ")");
  }
  return out;
}

}  // namespace migsim::vmm_oracle
