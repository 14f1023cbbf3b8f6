// File: spec/monitors/v1_activity_monitor.cc
#include "spec/monitors/v1_activity_monitor.h"

#include "absl/strings/str_cat.h"
#include "models/record_kinds.h"
#include "models/v1/v1_records.h"
#include "spec/rules/v1_ndma_rules.h"
#include "spec/rules/v1_region_rules.h"

namespace migsim::v1 {
namespace {

const Rule& StopRule(proto::SpecVariant v) {
  return v == proto::V1_NDMA ? rules::kV1NdmaStopQuiet : rules::kV1StopStops;
}

}  // namespace

void V1ActivityMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t>,
                                 ViolationSink& sink) {
  if (r.device >= views_.size() || !views_[r.device]) return;
  V1DeviceView& v = *views_[r.device];
  switch (r.kind) {
    case kRecordDmaIssue: CheckInitiated(v, r, "issued a DMA", sink); break;
    case kRecordInterrupt: CheckInitiated(v, r, "raised an interrupt", sink); break;
    case kRecordInternalChange: CheckInternalChange(v, r, sink); break;
    case kRecordMmio:
      // 002: "As Peer to Peer DMA is a MMIO touch like any other".
      if (r.result == 0 && v.open() && v.variant() == proto::V1_NDMA &&
          (v.effective() & kRunning) == 0) {
        const bool peer = (r.arg[2] & kMmioFlagFromPeer) != 0;
        sink.Report(
            rules::kUserV1NdmaNoMmioStopped, r.device, r.host,
            absl::StrCat(peer ? "peer-to-peer DMA from device d" : "MMIO from vCPU ", r.arg[4],
                         " reached BAR offset ", r.arg[0], " while ", StateText(v.effective())));
      }
      break;
    default: break;
  }
  const bool state_write_end =
      r.kind == kRecordWriteEnd && v.in_write() && v.write().IsDeviceState();
  v.Apply(r);
  if (state_write_end) CheckDrained(v, r, sink);
}

void V1ActivityMonitor::CheckInitiated(const V1DeviceView& v, const TraceRecord& r,
                                       const char* what, ViolationSink& sink) {
  if (!v.open()) return;
  const uint32_t s = v.effective();
  if (v.IsError(s)) {
    if (v.ndma_capable()) {
      sink.Report(rules::kV1NdmaErrorAsNdma, r.device, r.host,
                  absl::StrCat("the device ", what, " while in ERROR"));
    }
    return;
  }
  if ((s & kRunning) == 0) {
    sink.Report(StopRule(v.variant()), r.device, r.host,
                absl::StrCat("the device ", what, " while ", StateText(s)));
  } else if ((s & kNdma) != 0) {
    sink.Report(rules::kV1NdmaNoNewDma, r.device, r.host,
                absl::StrCat("the device ", what, " while ", StateText(s)));
  }
}

void V1ActivityMonitor::CheckInternalChange(const V1DeviceView& v, const TraceRecord& r,
                                            ViolationSink& sink) {
  const uint64_t cause = r.arg[2];
  if (!v.open() || cause == kChangeResumeLoad || cause == kChangeReset) return;
  const uint32_t s = v.effective();
  if (v.IsError(s) || (s & kRunning) != 0) return;
  sink.Report(StopRule(v.variant()), r.device, r.host,
              absl::StrCat("internal state changed (cause ", cause, ", chunk ", r.arg[1],
                           ") while ", StateText(s)));
}

void V1ActivityMonitor::CheckDrained(const V1DeviceView& v, const TraceRecord& r,
                                     ViolationSink& sink) {
  if (v.dma_in_flight() == 0) return;
  const uint32_t s = v.committed();
  const std::string what = absl::StrCat(v.dma_in_flight(),
                                        " DMA still in flight when the "
                                        "write returned in ",
                                        StateText(s));
  if (v.IsError(s)) {
    if (v.ndma_capable()) sink.Report(rules::kV1NdmaErrorAsNdma, r.device, r.host, what);
    return;
  }
  const bool quiet = (s & kRunning) == 0 || (s & kNdma) != 0;
  if (!quiet) return;
  if (v.variant() == proto::V1_NDMA) {
    sink.Report(rules::kV1NdmaQuiesceDrained, r.device, r.host, what);
  } else {
    sink.Report(rules::kV1StopStops, r.device, r.host, what);
  }
}

}  // namespace migsim::v1
