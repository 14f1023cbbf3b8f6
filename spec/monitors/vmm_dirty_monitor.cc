// File: spec/monitors/vmm_dirty_monitor.cc
#include "spec/monitors/vmm_dirty_monitor.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "models/v2/v2_records.h"
#include "spec/rules/vmm_rules.h"

namespace migsim {

void VmmDirtyMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t>,
                               ViolationSink& sink) {
  const bool judged = view_.in_migration() && !view_.recovering() && r.result == 0;
  if (judged && r.kind == kRecordDirtyStop && r.host == view_.source_host()) {
    std::vector<uint32_t> busy;
    for (uint32_t d : view_.PairedOn(view_.source_host())) {
      const vmm_oracle::DeviceView* v = view_.Paired(d);
      if (!v->destination && !view_.DmaSuspended(d)) busy.push_back(d);
    }
    if (!busy.empty()) {
      sink.Report(rules::kUserVmDirtyStopQuiesced, kNoDevice, r.host,
                  absl::StrCat("VFIO_IOMMU_DIRTY_PAGES STOP during migration #", view_.migration(),
                               " while ", DeviceList(view_, busy),
                               " can still DMA: their writes from now on are in no log"));
    }
  }
  if (judged && r.kind == v2::kV2RecordLogStop) {
    const vmm_oracle::DeviceView* v = view_.Paired(r.device);
    if (v != nullptr && !v->destination && !view_.DmaSuspended(r.device)) {
      sink.Report(
          rules::kUserVmDirtyStopQuiesced, r.device, r.host,
          absl::StrCat("DMA_LOGGING_STOP of d", r.device, " during migration #", view_.migration(),
                       " while it is ", view_.StateText(r.device), " and can still DMA"));
    }
  }
  view_.Apply(r);
}

}  // namespace migsim
