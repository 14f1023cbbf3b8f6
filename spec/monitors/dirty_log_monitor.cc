// File: spec/monitors/dirty_log_monitor.cc
#include "spec/monitors/dirty_log_monitor.h"

#include "absl/strings/str_cat.h"
#include "sim/check.h"
#include "sim/limits.h"
#include "spec/rules/system_view_rules.h"

namespace migsim {

DirtyLogMonitor::DirtyLogMonitor(const proto::Scenario& scenario)
    : hosts_(scenario.topology().hosts_size()) {
  for (int i = 0; i < scenario.topology().hosts_size(); ++i) {
    const uint32_t ps = scenario.topology().hosts(i).page_size();
    hosts_[i].page_size = ps != 0 ? ps : kPageSizeDefault;
  }
}

void DirtyLogMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t> payload,
                               ViolationSink& sink) {
  if (r.host >= hosts_.size()) return;
  HostLog& log = hosts_[r.host];
  switch (r.kind) {
    case kRecordDirtyStart:
      if (r.result == 0) {
        log.tracking = true;
        log.started = true;
        log.owed.clear();
        log.cleared.clear();
        log.written.clear();
      }
      return;
    case kRecordDirtyStop:
      if (r.result == 0) log.tracking = false;
      return;
    case kRecordIommuUnmap:
      if (r.result == 0 && r.arg[2] != 0) {
        const uint64_t first = r.arg[0] / log.page_size;
        const uint64_t last = first + r.arg[1] / log.page_size;
        log.owed.erase(log.owed.lower_bound(first), log.owed.lower_bound(last));
        log.cleared.erase(log.cleared.lower_bound(first), log.cleared.lower_bound(last));
      }
      return;
    case kRecordDmaComplete: {
      if (r.result != 0 || (r.arg[3] & kDmaFlagWrite) == 0) return;
      const uint64_t iova = r.arg[1];
      const uint64_t length = r.arg[2];
      MIGSIM_CHECK(length > 0);
      for (uint64_t p = iova / log.page_size; p <= (iova + length - 1) / log.page_size; ++p) {
        log.cleared.erase(p);
        if (log.started) log.written.insert(p);
        if (log.tracking) log.owed.insert_or_assign(p, OwedWrite{r.arg[0], r.device, r.time_ns});
      }
      return;
    }
    case kRecordDirtyGetBitmap:
      if (r.result == 0) OnBitmap(log, r, payload, sink);
      return;
    default:
      return;
  }
}

void DirtyLogMonitor::OnBitmap(HostLog& log, const TraceRecord& r,
                               absl::Span<const uint64_t> payload, ViolationSink& sink) {
  const uint64_t pgsize = r.arg[2];
  if (pgsize != log.page_size) return;  // a successful read at another size: not modelled
  const uint64_t first = r.arg[0] / pgsize;
  const uint64_t count = r.arg[1] / pgsize;
  absl::btree_set<uint64_t> reported;
  for (uint64_t rel : payload) {
    const uint64_t page = first + rel;
    reported.insert(page);
    if (log.cleared.contains(page)) {
      sink.Report(rules::kIommuDirtyReadClears, kNoDevice, r.host,
                  absl::StrCat("IOVA page ", page, " (iova 0x", absl::Hex(page * pgsize),
                               ") reported again although no DMA wrote it since it was "
                               "last reported"));
    } else if (!log.written.contains(page)) {
      sink.Report(rules::kIommuDirtyStartClears, kNoDevice, r.host,
                  absl::StrCat("IOVA page ", page, " (iova 0x", absl::Hex(page * pgsize),
                               ") reported dirty although no DMA wrote it since the last "
                               "START"));
    }
    log.cleared.insert(page);
  }
  auto begin = log.owed.lower_bound(first);
  auto end = log.owed.lower_bound(first + count);
  for (auto it = begin; it != end; ++it) {
    if (reported.contains(it->first)) continue;
    const OwedWrite& w = it->second;
    sink.Report(rules::kIommuDirtyLogsDmaWrites, kNoDevice, r.host,
                absl::StrCat("lost dirty page: IOVA page ", it->first, " (iova 0x",
                             absl::Hex(it->first * pgsize), ") written by DMA id ", w.dma_id,
                             " of device d", w.device, " at t=", w.time_ns,
                             "ns is missing from this bitmap"));
  }
  log.owed.erase(begin, end);
}

}  // namespace migsim
