// File: models/vmm/vmm_validation.cc
//
// Validation of the whole-VM parts of a scenario: Topology.migration (hosts,
// device pairs, channel) and the actions 300..399. Errors name the field and
// the value ("topology.migration.pairs[1].destination_device: 3 is on host
// 0, not the destination host 1").
#include <set>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "models/device/internal_state.h"
#include "models/vmm/flow_registry.h"
#include "models/vmm/migration.h"
#include "models/vmm/migration_channel.h"
#include "models/vmm/vmm_module.h"
#include "models/vmm/zoo_flows.h"
#include "sim/limits.h"
#include "sim/scenario_validation.h"

namespace migsim::vmm {
namespace {

constexpr uint64_t kBytesPerUsMax = uint64_t{1} << 40;
constexpr uint32_t kSkipMax = 1000000;
constexpr uint32_t kStepsPerActionMax = 1000000;

uint32_t StateWords(const proto::Device& d) {
  const uint32_t w = d.kind() == proto::V1_DEVICE ? d.v1().internals().state_words()
                                                  : d.v2().internals().state_words();
  return w != 0 ? w : kStateWordsDefault;
}

absl::Status CheckHosts(const proto::Scenario& s, const proto::MigrationTopology& m) {
  const int hosts = s.topology().hosts_size();
  const std::string at = "topology.migration.";
  if (m.source_host() >= static_cast<uint32_t>(hosts)) {
    return FieldError(at + "source_host", absl::StrCat(m.source_host(), " names no host (the ",
                                                       "topology has ", hosts, ")"));
  }
  if (m.destination_host() >= static_cast<uint32_t>(hosts)) {
    return FieldError(
        at + "destination_host",
        absl::StrCat(m.destination_host(), " names no host (the topology has ", hosts, ")"));
  }
  if (m.source_host() == m.destination_host()) {
    return FieldError(at + "destination_host",
                      absl::StrCat(m.destination_host(), " is the source host too"));
  }
  const proto::Host& src = s.topology().hosts(static_cast<int>(m.source_host()));
  const proto::Host& dst = s.topology().hosts(static_cast<int>(m.destination_host()));
  const auto page_size = [](const proto::Host& h) {
    return h.page_size() != 0 ? h.page_size() : kPageSizeDefault;
  };
  if (src.guest_pages() != dst.guest_pages() || page_size(src) != page_size(dst)) {
    return FieldError(
        at + "destination_host",
        absl::StrCat("guest RAM differs from the source's (", dst.guest_pages(), " pages of ",
                     page_size(dst), " B vs ", src.guest_pages(), " of ", page_size(src), " B)"));
  }
  if (dst.vcpus() < src.vcpus()) {
    return FieldError(
        at + "destination_host",
        absl::StrCat("has ", dst.vcpus(), " vCPUs, fewer than the source's ", src.vcpus()));
  }
  return absl::OkStatus();
}

absl::Status CheckPair(const proto::Scenario& s, const proto::MigrationTopology& m, int i,
                       std::set<uint32_t>& seen) {
  const auto& devices = s.topology().devices();
  const proto::DevicePair& p = m.pairs(i);
  const std::string at = absl::StrCat("topology.migration.pairs[", i, "].");
  for (const auto& [field, device, host] :
       {std::tuple<const char*, uint32_t, uint32_t>{"source_device", p.source_device(),
                                                    m.source_host()},
        {"destination_device", p.destination_device(), m.destination_host()}}) {
    if (device >= static_cast<uint32_t>(devices.size())) {
      return FieldError(at + field, absl::StrCat(device, " names no device (the topology has ",
                                                 devices.size(), ")"));
    }
    const proto::Device& d = devices[static_cast<int>(device)];
    if (d.kind() != proto::V1_DEVICE && d.kind() != proto::V2_DEVICE) {
      return FieldError(at + field, absl::StrCat(device, " has no migration interface (kind ",
                                                 proto::DeviceKind_Name(d.kind()), ")"));
    }
    if (d.host() != host) {
      return FieldError(at + field, absl::StrCat(device, " is on host ", d.host(), ", not ",
                                                 field[0] == 's' ? "the source" : "the destination",
                                                 " host ", host));
    }
    if (!seen.insert(device).second) {
      return FieldError(at + field, absl::StrCat(device, " is already in another pair"));
    }
  }
  const proto::Device& a = devices[static_cast<int>(p.source_device())];
  const proto::Device& b = devices[static_cast<int>(p.destination_device())];
  if (a.kind() != b.kind() ||
      (a.kind() == proto::V1_DEVICE && a.v1().variant() != b.v1().variant()) ||
      StateWords(a) != StateWords(b)) {
    return FieldError(
        at + "destination_device",
        absl::StrCat(p.destination_device(), " is not a compatible device for ", p.source_device(),
                     " (kind, v1 variant and internal state size must match)"));
  }
  return absl::OkStatus();
}

absl::Status CheckChannel(const proto::ChannelParams& c) {
  const std::string at = "topology.migration.channel.";
  if (c.latency_ns() > kLatencyNsMax) {
    return FieldError(at + "latency_ns",
                      absl::StrCat(c.latency_ns(), " exceeds the limit ", kLatencyNsMax));
  }
  if (c.bytes_per_us() > kBytesPerUsMax) {
    return FieldError(at + "bytes_per_us",
                      absl::StrCat(c.bytes_per_us(), " exceeds the limit ", kBytesPerUsMax));
  }
  if (c.ram_pages_per_message() > kRamPagesPerMessageMax) {
    return FieldError(
        at + "ram_pages_per_message",
        absl::StrCat(c.ram_pages_per_message(), " exceeds the limit ", kRamPagesPerMessageMax));
  }
  return absl::OkStatus();
}

// A zoo VMM mutant (models/vmm/zoo_flows.h), or "" for the reference VMM.
absl::Status CheckVmmModel(const proto::MigrationTopology& m) {
  if (m.vmm_model().empty() || FindVmmVariant(m.vmm_model()) != nullptr) {
    return absl::OkStatus();
  }
  const bool cut = m.vmm_model().size() > kNameLengthMax;
  return FieldError("topology.migration.vmm_model",
                    absl::StrCat("'", absl::CHexEscape(m.vmm_model().substr(0, kNameLengthMax)),
                                 cut ? "...'" : "'", " is not a VMM model of the zoo (known: ",
                                 VmmVariantNames(), ")"));
}

// The flow a vmm_migrate starts must hold what the topology's VMM mutant
// changes: a mutant never silently runs as the reference.
absl::Status CheckFlowFits(const proto::Scenario& s, const proto::VmmMigrate& m,
                           const std::string& at) {
  const std::string& model = s.topology().migration().vmm_model();
  const VmmVariant* variant = model.empty() ? nullptr : FindVmmVariant(model);
  const FlowEntry* flow = FindFlow(m.flow());
  if (variant == nullptr || flow == nullptr) return absl::OkStatus();
  const std::string misfit = VmmVariantMisfit(*variant, flow->factory());
  if (misfit.empty()) return absl::OkStatus();
  return FieldError(at + "flow", absl::StrCat("'", m.flow(), "' cannot take the VMM model '", model,
                                              "' (topology.migration.vmm_model): it has ", misfit));
}

absl::Status CheckMigrate(const proto::VmmMigrate& m, const std::string& at) {
  if (FindFlow(m.flow()) == nullptr) {
    return FieldError(
        at + "flow",
        absl::StrCat("'", m.flow(), "' is not a known flow (known: ", FlowNames(), ")"));
  }
  const proto::MigrationOptions& o = m.options();
  if (o.precopy_rounds() > kPreCopyRoundsMax) {
    return FieldError(at + "options.precopy_rounds",
                      absl::StrCat(o.precopy_rounds(), " exceeds the limit ", kPreCopyRoundsMax));
  }
  if (o.converge_pages() > kGuestPagesMax) {
    return FieldError(at + "options.converge_pages",
                      absl::StrCat(o.converge_pages(), " exceeds the limit ", kGuestPagesMax));
  }
  if (o.step_ns() > kLatencyNsMax) {
    return FieldError(at + "options.step_ns",
                      absl::StrCat(o.step_ns(), " exceeds the limit ", kLatencyNsMax));
  }
  if (o.steps_max() > kStepsMaxLimit) {
    return FieldError(at + "options.steps_max",
                      absl::StrCat(o.steps_max(), " exceeds the limit ", kStepsMaxLimit));
  }
  return absl::OkStatus();
}

absl::Status CheckFault(const proto::ArmChannelFault& f, const std::string& at) {
  if (f.channel_fault() == proto::CHANNEL_FAULT_UNSPECIFIED ||
      !proto::ChannelFault_IsValid(f.channel_fault())) {
    return FieldError(at + "channel_fault",
                      absl::StrCat(static_cast<int>(f.channel_fault()),
                                   " is not DROP, CORRUPT, TRUNCATE, REORDER or DELAY"));
  }
  if (!proto::ChannelMessageKind_IsValid(f.message_kind())) {
    return FieldError(at + "message_kind",
                      absl::StrCat(static_cast<int>(f.message_kind()), " is not a message kind"));
  }
  if (f.skip() > kSkipMax) {
    return FieldError(at + "skip", absl::StrCat(f.skip(), " exceeds the limit ", kSkipMax));
  }
  const bool delay = f.channel_fault() == proto::DELAY;
  if (delay && (f.delay_ns() == 0 || f.delay_ns() > kLatencyNsMax)) {
    return FieldError(at + "delay_ns",
                      absl::StrCat(f.delay_ns(), " is outside [1, ", kLatencyNsMax, "]"));
  }
  if (!delay && f.delay_ns() != 0) {
    return FieldError(at + "delay_ns", absl::StrCat(f.delay_ns(), ": only DELAY takes a delay"));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsAction(const proto::Action& action) {
  const int kind = action.kind_case();
  return kind >= 300 && kind <= 399;
}

absl::Status ValidateTopology(const proto::Scenario& scenario) {
  if (!scenario.topology().has_migration()) return absl::OkStatus();
  const proto::MigrationTopology& m = scenario.topology().migration();
  if (auto st = CheckHosts(scenario, m); !st.ok()) return st;
  if (m.pairs_size() == 0) return FieldError("topology.migration.pairs", "at least one pair");
  if (m.pairs_size() > static_cast<int>(kDevicesMax)) {
    return FieldError("topology.migration.pairs",
                      absl::StrCat(m.pairs_size(), " exceeds the limit ", kDevicesMax));
  }
  std::set<uint32_t> seen;
  for (int i = 0; i < m.pairs_size(); ++i) {
    if (auto st = CheckPair(scenario, m, i, seen); !st.ok()) return st;
  }
  if (auto st = CheckChannel(m.channel()); !st.ok()) return st;
  return CheckVmmModel(m);
}

absl::Status ValidateAction(const proto::Scenario& scenario, const proto::Action& a,
                            const std::string& path) {
  switch (a.kind_case()) {
    case proto::Action::kVmmMigrate: {
      if (auto st = CheckMigrate(a.vmm_migrate(), path + ".vmm_migrate."); !st.ok()) return st;
      return CheckFlowFits(scenario, a.vmm_migrate(), path + ".vmm_migrate.");
    }
    case proto::Action::kVmmStep:
      if (a.vmm_step().steps() == 0 || a.vmm_step().steps() > kStepsPerActionMax) {
        return FieldError(
            path + ".vmm_step.steps",
            absl::StrCat(a.vmm_step().steps(), " is outside [1, ", kStepsPerActionMax, "]"));
      }
      return absl::OkStatus();
    case proto::Action::kVmmRun:
      return absl::OkStatus();
    case proto::Action::kArmChannelFault:
      return CheckFault(a.arm_channel_fault(), path + ".arm_channel_fault.");
    default:
      return FieldError(path,
                        absl::StrCat("action kind ", a.kind_case(), " is not a whole-VM action"));
  }
}

}  // namespace migsim::vmm
