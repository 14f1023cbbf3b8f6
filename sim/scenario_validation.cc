// File: sim/scenario_validation.cc
#include "sim/scenario_validation.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "sim/limits.h"

namespace migsim {
namespace {

bool IsPowerOfTwo(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

absl::Status Limit(const std::string& path, uint64_t value, uint64_t max) {
  if (value <= max) return absl::OkStatus();
  return FieldError(path, absl::StrCat(value, " exceeds the limit ", max));
}

absl::Status Index(const std::string& path, uint64_t value, uint64_t count,
                   const char* what) {
  if (value < count) return absl::OkStatus();
  return FieldError(path, absl::StrCat(value, " names no ", what, " (the topology has ", count,
                                       ")"));
}

absl::Status ValidateHost(const proto::Host& h, const std::string& path) {
  if (h.name().size() > kNameLengthMax) {
    return FieldError(path + ".name", absl::StrCat("longer than ", kNameLengthMax, " bytes"));
  }
  if (h.guest_pages() == 0) return FieldError(path + ".guest_pages", "must be at least 1");
  if (auto s = Limit(path + ".guest_pages", h.guest_pages(), kGuestPagesMax); !s.ok()) return s;
  if (h.page_size() != 0 && (!IsPowerOfTwo(h.page_size()) || h.page_size() < kPageSizeMin ||
                             h.page_size() > kPageSizeMax)) {
    return FieldError(path + ".page_size",
                      absl::StrCat(h.page_size(), " is not a power of two in [", kPageSizeMin,
                                   ", ", kPageSizeMax, "]"));
  }
  if (auto s = Limit(path + ".vcpus", h.vcpus(), kVcpusMax); !s.ok()) return s;
  if (auto s = Limit(path + ".dma_latency_ns", h.dma_latency_ns(), kLatencyNsMax); !s.ok()) {
    return s;
  }
  if (h.vcpu_period_ns() != 0 && h.vcpu_period_ns() < kVcpuPeriodNsMin) {
    return FieldError(path + ".vcpu_period_ns",
                      absl::StrCat(h.vcpu_period_ns(), " is below the minimum ",
                                   kVcpuPeriodNsMin));
  }
  return Limit(path + ".vcpu_period_ns", h.vcpu_period_ns(), kLatencyNsMax);
}

absl::Status ValidateDevice(const proto::Scenario& sc, const proto::Device& d, const std::string& path) {
  if (d.name().size() > kNameLengthMax) {
    return FieldError(path + ".name", absl::StrCat("longer than ", kNameLengthMax, " bytes"));
  }
  if (auto s = Index(path + ".host", d.host(), sc.topology().hosts_size(), "host"); !s.ok()) {
    return s;
  }
  if (d.bar_size() != 0 && (!IsPowerOfTwo(d.bar_size()) || d.bar_size() < kPageSizeMin ||
                            d.bar_size() > kBarSizeMax)) {
    return FieldError(path + ".bar_size", absl::StrCat(d.bar_size(),
                                                       " is not a power of two in [",
                                                       kPageSizeMin, ", ", kBarSizeMax, "]"));
  }
  return absl::OkStatus();
}

absl::Status ValidateWindow(const proto::Scenario& sc, const proto::P2pWindow& w, const std::string& path) {
  const auto& devices = sc.topology().devices();
  if (auto s = Index(path + ".target_device", w.target_device(), devices.size(), "device");
      !s.ok()) {
    return s;
  }
  const uint64_t bar = devices[w.target_device()].bar_size() == 0
                           ? kBarSizeDefault
                           : devices[w.target_device()].bar_size();
  if (w.size() == 0) return FieldError(path + ".size", "must be at least 1");
  if (w.bar_offset() >= bar || w.size() > bar - w.bar_offset()) {
    return FieldError(path, absl::StrCat("window [", w.bar_offset(), ", +", w.size(),
                                         ") lies outside the target's BAR of ", bar,
                                         " bytes"));
  }
  return absl::OkStatus();
}

absl::Status VcpuIndex(const proto::Scenario& sc, uint32_t host, uint32_t vcpu, const std::string& path) {
  return Index(path, vcpu, sc.topology().hosts(host).vcpus(), "vCPU of that host");
}

absl::Status Length(const std::string& path, uint64_t length) {
  if (length == 0) return FieldError(path, "must be at least 1");
  return Limit(path, length, kDmaLengthMax);
}

}  // namespace

absl::Status FieldError(const std::string& path, const std::string& message) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", message));
}

absl::Status ValidateEngineScenario(const proto::Scenario& sc) {
  if (sc.format_version() != kFormatVersion) {
    return FieldError("format_version", absl::StrCat(sc.format_version(),
                                                     " is not supported; this build reads ",
                                                     kFormatVersion));
  }
  if (auto s = Limit("bounds.events_max", sc.bounds().events_max(), kEventsMaxLimit); !s.ok()) {
    return s;
  }
  const proto::Topology& t = sc.topology();
  if (t.hosts_size() == 0) return FieldError("topology.hosts", "at least one host is needed");
  if (auto s = Limit("topology.hosts", t.hosts_size(), kHostsMax); !s.ok()) return s;
  if (auto s = Limit("topology.devices", t.devices_size(), kDevicesMax); !s.ok()) return s;
  if (auto s = Limit("topology.p2p_windows", t.p2p_windows_size(), kP2pWindowsMax); !s.ok()) {
    return s;
  }
  if (auto s = Limit("actions", sc.actions_size(), kActionsMax); !s.ok()) return s;
  for (int i = 0; i < t.hosts_size(); ++i) {
    if (auto s = ValidateHost(t.hosts(i), absl::StrCat("topology.hosts[", i, "]")); !s.ok()) {
      return s;
    }
  }
  for (int i = 0; i < t.devices_size(); ++i) {
    const std::string path = absl::StrCat("topology.devices[", i, "]");
    if (auto s = ValidateDevice(sc, t.devices(i), path); !s.ok()) return s;
  }
  for (int i = 0; i < t.p2p_windows_size(); ++i) {
    const std::string path = absl::StrCat("topology.p2p_windows[", i, "]");
    if (auto s = ValidateWindow(sc, t.p2p_windows(i), path); !s.ok()) return s;
  }
  return absl::OkStatus();
}

bool IsEngineAction(const proto::Action& action) {
  const int kind = action.kind_case();
  return kind >= 1 && kind <= 99;
}

absl::Status ValidateEngineAction(const proto::Scenario& sc, const proto::Action& a, const std::string& path) {
  const int hosts = sc.topology().hosts_size();
  const int devices = sc.topology().devices_size();
  switch (a.kind_case()) {
    case proto::Action::kAdvanceTime:
      return Limit(path + ".advance_time.ns", a.advance_time().ns(), kAdvanceNsMax);
    case proto::Action::kMapDma:
      if (a.map_dma().has_bar()) {
        if (auto s = Index(path + ".map_dma.bar.device", a.map_dma().bar().device(), devices,
                           "device");
            !s.ok()) {
          return s;
        }
      }
      return Index(path + ".map_dma.host", a.map_dma().host(), hosts, "host");
    case proto::Action::kUnmapDma:
      return Index(path + ".unmap_dma.host", a.unmap_dma().host(), hosts, "host");
    case proto::Action::kDirtyStart:
      return Index(path + ".dirty_start.host", a.dirty_start().host(), hosts, "host");
    case proto::Action::kDirtyStop:
      return Index(path + ".dirty_stop.host", a.dirty_stop().host(), hosts, "host");
    case proto::Action::kDirtyGetBitmap:
      return Index(path + ".dirty_get_bitmap.host", a.dirty_get_bitmap().host(), hosts, "host");
    case proto::Action::kDeviceDma:
      if (auto s = Index(path + ".device_dma.device", a.device_dma().device(), devices, "device");
          !s.ok()) {
        return s;
      }
      return Length(path + ".device_dma.length", a.device_dma().length());
    case proto::Action::kGuestMmio: {
      const auto& m = a.guest_mmio();
      if (auto s = Index(path + ".guest_mmio.device", m.device(), devices, "device"); !s.ok()) {
        return s;
      }
      if (m.width() != 1 && m.width() != 2 && m.width() != 4 && m.width() != 8) {
        return FieldError(path + ".guest_mmio.width", absl::StrCat(m.width(),
                                                                   " is not 1, 2, 4 or 8"));
      }
      return VcpuIndex(sc, sc.topology().devices(m.device()).host(), m.vcpu(),
                  path + ".guest_mmio.vcpu");
    }
    case proto::Action::kVcpuRun:
      if (auto s = Index(path + ".vcpu_run.host", a.vcpu_run().host(), hosts, "host"); !s.ok()) {
        return s;
      }
      return VcpuIndex(sc, a.vcpu_run().host(), a.vcpu_run().vcpu(), path + ".vcpu_run.vcpu");
    case proto::Action::kVcpuStop:
      if (auto s = Index(path + ".vcpu_stop.host", a.vcpu_stop().host(), hosts, "host");
          !s.ok()) {
        return s;
      }
      return VcpuIndex(sc, a.vcpu_stop().host(), a.vcpu_stop().vcpu(), path + ".vcpu_stop.vcpu");
    case proto::Action::kGuestWrite: {
      const auto& w = a.guest_write();
      if (auto s = Index(path + ".guest_write.host", w.host(), hosts, "host"); !s.ok()) return s;
      if (auto s = VcpuIndex(sc, w.host(), w.vcpu(), path + ".guest_write.vcpu"); !s.ok()) return s;
      return Length(path + ".guest_write.length", w.length());
    }
    default:
      return FieldError(path, absl::StrCat("action kind ", a.kind_case(),
                                           " is not an engine action"));
  }
}

}  // namespace migsim
