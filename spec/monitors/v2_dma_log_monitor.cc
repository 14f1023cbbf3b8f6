// File: spec/monitors/v2_dma_log_monitor.cc
#include "spec/monitors/v2_dma_log_monitor.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "models/record_kinds.h"
#include "models/v2/v2_records.h"
#include "spec/rules/v2_dma_logging_rules.h"

namespace migsim {
namespace {

// The end of [first, first + length), saturated at the top of IOVA space.
uint64_t EndOf(uint64_t first, uint64_t length) {
  return first + length < first ? ~uint64_t{0} : first + length;
}

}  // namespace

V2DmaLogMonitor::V2DmaLogMonitor(const proto::Scenario& scenario)
    : views_(v2_oracle::MakeViews(scenario)), logs_(views_.size()) {}

void V2DmaLogMonitor::AddOwed(Log& log, uint64_t first, uint64_t end) {
  auto it = log.owed.upper_bound(first);
  if (it != log.owed.begin() && std::prev(it)->second >= first) --it;
  while (it != log.owed.end() && it->first <= end) {
    first = std::min(first, it->first);
    end = std::max(end, it->second);
    it = log.owed.erase(it);
  }
  log.owed[first] = end;
}

void V2DmaLogMonitor::Settle(Log& log, uint64_t first, uint64_t end) {
  auto it = log.owed.upper_bound(first);
  if (it != log.owed.begin() && std::prev(it)->second > first) --it;
  while (it != log.owed.end() && it->first < end) {
    const uint64_t a = it->first;
    const uint64_t b = it->second;
    it = log.owed.erase(it);
    if (a < first) log.owed[a] = first;
    if (b > end) log.owed[end] = b;
  }
}

void V2DmaLogMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t> payload,
                               ViolationSink& sink) {
  if (v2_oracle::ViewOf(views_, r) == nullptr) return;
  Log& log = logs_[r.device];
  switch (r.kind) {
    case v2::kV2RecordLogStart:
      if (r.result != 0) return;
      if (log.on) {
        sink.Report(rules::kV2LogSecondStart, r.device, r.host,
                    "DMA_LOGGING_START succeeded while logging was already on");
      }
      log.on = true;
      log.ranges.clear();
      log.owed.clear();
      for (size_t i = 0; i + 1 < payload.size(); i += 2) {
        log.ranges.emplace_back(payload[i], EndOf(payload[i], payload[i + 1]));
      }
      return;
    case v2::kV2RecordLogStop:
    case kRecordDeviceClose:
      if (r.result == 0) log = Log{};
      return;
    case kRecordDmaComplete:
      if (!log.on || r.result != 0 || (r.arg[3] & kDmaFlagWrite) == 0 || r.arg[2] == 0) return;
      for (const auto& [first, end] : log.ranges) {
        const uint64_t lo = std::max(first, r.arg[1]);
        const uint64_t hi = std::min(end, EndOf(r.arg[1], r.arg[2]));
        if (lo < hi) AddOwed(log, lo, hi);
      }
      return;
    case v2::kV2RecordLogReport: return OnReport(r.device, r, payload, sink);
    default: return;
  }
}

void V2DmaLogMonitor::OnReport(uint32_t device, const TraceRecord& r,
                               absl::Span<const uint64_t> payload, ViolationSink& sink) {
  Log& log = logs_[device];
  const uint64_t iova = r.arg[0];
  const uint64_t end = EndOf(iova, r.arg[1]);
  const uint64_t page_size = r.arg[2];
  const size_t before_count = std::min<uint64_t>(r.arg[3], payload.size());
  const absl::Span<const uint64_t> before = payload.subspan(0, before_count);
  std::vector<uint64_t> after(payload.begin() + before_count, payload.end());
  std::sort(after.begin(), after.end());
  if (r.result == 0 && !log.on) {
    sink.Report(rules::kV2LogReportWithoutStart, device, r.host,
                "DMA_LOGGING_REPORT succeeded while logging was off");
  }
  if (r.result == 0) {
    for (uint64_t page : before) {
      if (std::binary_search(after.begin(), after.end(), page)) continue;
      sink.Report(rules::kV2LogReportOnlySets, device, r.host,
                  absl::StrCat("REPORT cleared page ", page, " the user's bitmap had set"));
      break;
    }
  }
  if (r.result == 0 && page_size != 0) {
    uint64_t missing = 0;
    uint64_t first_missing = 0;
    for (auto it = log.owed.begin(); it != log.owed.end(); ++it) {
      const uint64_t lo = std::max(it->first, iova);
      const uint64_t hi = std::min(it->second, end);
      if (lo >= hi) continue;
      for (uint64_t p = (lo - iova) / page_size; p <= (hi - 1 - iova) / page_size; ++p) {
        if (std::binary_search(after.begin(), after.end(), p)) continue;
        if (missing++ == 0) first_missing = p;
      }
    }
    if (missing != 0) {
      sink.Report(rules::kV2LogReportsWrites, device, r.host,
                  absl::StrCat("REPORT of iova 0x", absl::Hex(iova), " missed ", missing,
                               " page(s) the device's DMA wrote, first page ", first_missing,
                               " (iova 0x", absl::Hex(iova + first_missing * page_size), ")"));
    }
  }
  Settle(log, iova, end);
}

}  // namespace migsim
