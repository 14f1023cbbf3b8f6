// File: tools/timeline.cc
//
// Chrome Trace Event format (the JSON Object Format: {"traceEvents": [...]})
// rendered from a run's stored trace records. Layout:
//   pid = host index + 1 (one process per host)
//   tid 1            the host itself: IOMMU, dirty log, violations
//   tid 2            the VMM's migration: one span per migration phase
//                    ("pre-copy", "P2P grace", "stop-and-copy", ...) on the
//                    host the phase concerns, instants for the stop point,
//                    the commit and the end of the migration
//   tid 3            the migration channel (source host): one span per
//                    message, from send to delivery
//   tid 100 + vcpu   one track per vCPU: "running" spans, guest stores
//   tid 1000 + dev   one track per device: migration-state spans, interrupts
//   tid 2000 + dev   the device's DMA engine: one span per DMA, issue to completion
// Timestamps are simulated nanoseconds printed as microseconds with three
// decimals (the format's unit). Every object's keys are written in one fixed
// order and events in trace order, so the file is byte-identical run to run.
#include "tools/timeline.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "models/record_format.h"
#include "models/vmm/vmm_module.h"
#include "models/vmm/vmm_records.h"
#include "sim/trace.h"
#include "spec/rule_registry.h"

namespace migsim {
namespace {

constexpr int kHostTid = 1;
constexpr int kMigrationTid = 2;
constexpr int kChannelTid = 3;
constexpr int kVcpuTidBase = 100;
constexpr int kDeviceTidBase = 1000;
constexpr int kDmaTidBase = 2000;

std::string Micros(SimTime ns) { return absl::StrFormat("%d.%03d", ns / 1000, ns % 1000); }

std::string Escape(absl::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      absl::StrAppend(&out, "\\", std::string(1, c));
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppendFormat(&out, "\\u%04x", static_cast<int>(c));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

class Writer {
 public:
  void Meta(int pid, int tid, absl::string_view what, absl::string_view name) {
    Add(absl::StrFormat(R"({"name":"%s","ph":"M","pid":%d,"tid":%d,"args":{"name":"%s"}})", what,
                        pid, tid, Escape(name)));
  }
  void Span(int pid, int tid, absl::string_view cat, absl::string_view name, SimTime begin,
            SimTime end, absl::string_view detail = "") {
    Add(absl::StrFormat(
        R"({"name":"%s","cat":"%s","ph":"X","pid":%d,"tid":%d,"ts":%s,"dur":%s,"args":{"detail":"%s"}})",
        Escape(name), cat, pid, tid, Micros(begin), Micros(end - begin), Escape(detail)));
  }
  void Instant(int pid, int tid, absl::string_view cat, absl::string_view name, SimTime at,
               absl::string_view detail) {
    Add(absl::StrFormat(
        R"({"name":"%s","cat":"%s","ph":"i","s":"t","pid":%d,"tid":%d,"ts":%s,"args":{"detail":"%s"}})",
        Escape(name), cat, pid, tid, Micros(at), Escape(detail)));
  }
  std::string Finish() {
    return absl::StrCat("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n", out_, "\n]}\n");
  }

 private:
  void Add(const std::string& event) {
    if (!out_.empty()) absl::StrAppend(&out_, ",\n");
    absl::StrAppend(&out_, event);
  }
  std::string out_;
};

struct OpenSpan {
  SimTime begin = 0;
  std::string name;
};

// The whole-VM family's records: migration phases, channel messages, the
// stop point, commit and end, CPU dirty-log reads. Returns true when
// `r` was one of them.
class MigrationTracks {
 public:
  bool Add(const TraceRecord& r, const Trace& trace, Writer& w) {
    const int pid = r.host + 1;
    if (std::optional<std::string> phase = vmm::PhaseAfter(r)) {
      Close(r.time_ns, w);
      if (r.kind == vmm::kRecordMigrationEnd) {
        w.Instant(pid, kMigrationTid, "migration", *phase, r.time_ns,
                  FormatRecord(r, trace.payload(r)));
      } else {
        phase_ = OpenSpan{r.time_ns, *phase};
        phase_pid_ = pid;
      }
      return true;
    }
    switch (r.kind) {
      case vmm::kRecordChannelSend:
        sent_[r.arg[0]] = {r.time_ns, pid};
        return true;
      case vmm::kRecordChannelReceive: {
        auto it = sent_.find(r.arg[0]);
        if (it == sent_.end()) return true;
        const char* kind = r.arg[1] == vmm::kMessageRam      ? "RAM pages"
                           : r.arg[1] == vmm::kMessageDevice ? "device data"
                                                             : "end of stream";
        w.Span(it->second.second, kChannelTid, "channel", kind, it->second.first, r.time_ns,
               FormatRecord(r, trace.payload(r)));
        sent_.erase(it);
        return true;
      }
      case vmm::kRecordStopPoint:
      case vmm::kRecordCommit:
        w.Instant(pid, kMigrationTid, "migration",
                  r.kind == vmm::kRecordStopPoint ? "stop point" : "commit", r.time_ns,
                  FormatRecord(r, trace.payload(r)));
        return true;
      case vmm::kRecordCpuDirtyRead:
        w.Instant(pid, kHostTid, "dirty", "CPU dirty-log read", r.time_ns,
                  FormatRecord(r, trace.payload(r)));
        return true;
      case vmm::kRecordChannelFaultFired:
        w.Instant(pid, kChannelTid, "fault", "channel fault", r.time_ns,
                  FormatRecord(r, trace.payload(r)));
        return true;
      default:
        return false;
    }
  }
  // Ends the open phase span at `end` (the end of the run, or a new phase).
  void Close(SimTime end, Writer& w) {
    if (phase_.name.empty()) return;
    w.Span(phase_pid_, kMigrationTid, "phase", phase_.name, phase_.begin, end);
    phase_.name.clear();
  }

 private:
  OpenSpan phase_;
  int phase_pid_ = 0;
  std::map<uint64_t, std::pair<SimTime, int>> sent_;  // seq -> (send time, pid)
};

void WriteTracks(const proto::Scenario& sc, const World& world, Writer& w) {
  for (size_t h = 0; h < world.hosts().size(); ++h) {
    const int pid = static_cast<int>(h) + 1;
    w.Meta(pid, 0, "process_name", absl::StrCat("host h", h, " ", world.hosts()[h].name));
    w.Meta(pid, kHostTid, "thread_name", "IOMMU and dirty log");
    if (sc.topology().has_migration()) {
      w.Meta(pid, kMigrationTid, "thread_name", "migration (VMM)");
      if (h == sc.topology().migration().source_host()) {
        w.Meta(pid, kChannelTid, "thread_name", "migration channel");
      }
    }
    for (size_t v = 0; v < world.hosts()[h].vcpus.size(); ++v) {
      w.Meta(pid, kVcpuTidBase + static_cast<int>(v), "thread_name", absl::StrCat("vCPU ", v));
    }
  }
  for (size_t d = 0; d < world.device_count(); ++d) {
    const SimDevice& dev = world.device(d);
    const int pid = dev.host() + 1;
    const std::string name =
        absl::StrCat("d", d, " ", sc.topology().devices(d).name(), " (", dev.model_name(), ")");
    w.Meta(pid, kDeviceTidBase + static_cast<int>(d), "thread_name", name);
    w.Meta(pid, kDmaTidBase + static_cast<int>(d), "thread_name", absl::StrCat(name, " DMA"));
  }
}

}  // namespace

std::string FormatTimelineJson(const proto::Scenario& scenario, const World& world,
                               const Verdict& verdict) {
  Writer w;
  WriteTracks(scenario, world, w);
  const Trace& trace = world.trace();
  std::map<uint64_t, SimTime> dma_issued;                // dma id -> issue time
  std::map<std::pair<int, int>, OpenSpan> vcpu_running;  // (host, vcpu) -> since
  std::map<uint32_t, OpenSpan> device_state;             // device -> current state span
  MigrationTracks migration;
  for (uint64_t i = trace.first_stored(); i < trace.count(); ++i) {
    const TraceRecord& r = trace.at(i);
    if (migration.Add(r, trace, w)) continue;
    const int pid = r.host + 1;
    const int dev_tid = kDeviceTidBase + static_cast<int>(r.device);
    switch (r.kind) {
      case kRecordDmaIssue:
        dma_issued[r.arg[0]] = r.time_ns;
        continue;
      case kRecordDmaComplete: {
        auto it = dma_issued.find(r.arg[0]);
        const SimTime begin = it != dma_issued.end() ? it->second : r.time_ns;
        if (it != dma_issued.end()) dma_issued.erase(it);
        w.Span(pid, kDmaTidBase + static_cast<int>(r.device), "dma",
               (r.arg[3] & kDmaFlagP2p) ? "P2P DMA" : "DMA", begin, r.time_ns,
               FormatRecord(r, trace.payload(r)));
        continue;
      }
      case kRecordInterrupt:
        w.Instant(pid, dev_tid, "irq", "interrupt", r.time_ns, absl::StrCat("vector ", r.arg[0]));
        continue;
      case kRecordDirtyGetBitmap:
      case kRecordDirtyStart:
      case kRecordDirtyStop:
        w.Instant(pid, kHostTid, "dirty", RecordKindName(r.kind), r.time_ns,
                  FormatRecord(r, trace.payload(r)));
        continue;
      case kRecordVcpuRun:
        vcpu_running.try_emplace({r.host, static_cast<int>(r.arg[0])}, OpenSpan{r.time_ns, ""});
        continue;
      case kRecordVcpuStop: {
        auto it = vcpu_running.find({r.host, static_cast<int>(r.arg[0])});
        if (it == vcpu_running.end()) continue;
        w.Span(pid, kVcpuTidBase + static_cast<int>(r.arg[0]), "vcpu", "running", it->second.begin,
               r.time_ns);
        vcpu_running.erase(it);
        continue;
      }
      default:
        break;
    }
    if (std::optional<std::string> state = DeviceStateAfter(r)) {
      auto it = device_state.find(r.device);
      if (it != device_state.end() && it->second.name == *state) continue;
      if (it != device_state.end()) {
        w.Span(pid, dev_tid, "state", it->second.name, it->second.begin, r.time_ns);
      }
      device_state[r.device] = OpenSpan{r.time_ns, *state};
    }
  }
  const SimTime end = verdict.end_ns;
  migration.Close(end, w);
  for (const auto& [key, span] : vcpu_running) {
    w.Span(key.first + 1, kVcpuTidBase + key.second, "vcpu", "running", span.begin, end);
  }
  for (const auto& [device, span] : device_state) {
    w.Span(world.device(device).host() + 1, kDeviceTidBase + static_cast<int>(device), "state",
           span.name, span.begin, end);
  }
  for (const auto* list : {&verdict.device_violations, &verdict.user_errors}) {
    for (const Violation& v : *list) {
      const int tid =
          v.device == kNoDevice ? kHostTid : kDeviceTidBase + static_cast<int>(v.device);
      w.Instant(v.host + 1, tid, "violation", v.rule->id, v.time_ns, FormatViolation(v));
    }
  }
  return w.Finish();
}

}  // namespace migsim
