// File: spec/monitors/v1_device_view.cc
#include "spec/monitors/v1_device_view.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "models/record_kinds.h"
#include "models/v1/v1_records.h"

namespace migsim::v1 {

V1DeviceView::V1DeviceView(const proto::V1Params& params)
    : variant_(params.variant()), ndma_capable_(params.ndma_capable()) {}

void V1DeviceView::Commit(uint32_t state, LastEvent event) {
  committed_ = state;
  effective_ = state;
  last_event_ = event;
  confirmed_ = false;
  state_read_.reset();
}

void V1DeviceView::Resync(uint32_t state) {
  committed_ = state;
  effective_ = state;
}

uint32_t V1DeviceView::StateAfter(const WriteBracket& w, int32_t result) const {
  static_cast<void>(result);
  // Success or failure, the device's own commit records say where it is;
  // the monitors judge whether that is where the text wants it.
  return w.changed_to.value_or(w.prior);
}

void V1DeviceView::Apply(const TraceRecord& r) {
  if (ApplyInsideWrite(r)) return;
  const uint64_t* a = r.arg;
  switch (r.kind) {
    case kRecordRegionInfo:
      region_size_ = a[0];
      sparse_mmap_ = (a[1] & kRegionFlagSparseMmap) != 0;
      return;
    case kRecordRegionRead:
      if (r.result == 0 && a[0] == kOffsetDeviceState && a[1] == 4) {
        state_read_ = static_cast<uint32_t>(a[2]);
        if (a[2] == committed_) confirmed_ = true;
      }
      return;
    case kRecordWriteBegin:
      in_write_ = true;
      write_ = WriteBracket{};
      write_.offset = a[0];
      write_.width = static_cast<uint32_t>(a[1]);
      write_.value = a[2];
      write_.prior = committed_;
      return;
    case kRecordWriteEnd:
      if (in_write_ && write_.IsDeviceState()) {
        Commit(StateAfter(write_, r.result),
               r.result == 0 ? LastEvent::kWriteOk : LastEvent::kWriteFailed);
      }
      effective_ = committed_;
      in_write_ = false;
      return;
    case kRecordDeviceReset:
      if (r.result == 0) Commit(static_cast<uint32_t>(a[0]), LastEvent::kReset);
      return;
    case kRecordDeviceOpen:
      if (r.result == 0) {
        open_ = true;
        Commit(static_cast<uint32_t>(a[0]), LastEvent::kOpen);
      }
      return;
    case kRecordDeviceClose:
      if (r.result == 0) open_ = false;
      return;
    case kRecordDmaIssue: in_flight_.insert(a[0]); return;
    case kRecordDmaComplete: in_flight_.erase(a[0]); return;
    default: return;
  }
}

bool V1DeviceView::ApplyInsideWrite(const TraceRecord& r) {
  const uint64_t* a = r.arg;
  switch (r.kind) {
    case kRecordBitAction:
      if (in_write_) write_.actions.push_back(static_cast<BitAction>(a[0] % kBitActionCount));
      effective_ = static_cast<uint32_t>(a[1]);
      return true;
    case kRecordStateChange:
      effective_ = static_cast<uint32_t>(a[1]);
      if (in_write_) {
        write_.changed_to = effective_;
      } else {
        committed_ = effective_;  // asynchronous: the state monitor reports it
      }
      return true;
    case kRecordFailureFired:
      if (in_write_) write_.failure_fired = true;
      return true;
    case kRecordResumeLoaded:
      if (in_write_) write_.resume_loaded = r.result;
      return true;
    case kRecordStreamLoad:
      if (in_write_) {
        write_.stream_loaded = true;
        write_.stream_load_result = r.result;
        write_.stream_load_length = a[2];
        write_.stream_load_digest = a[3];
      }
      return true;
    default: return false;
  }
}

std::vector<std::optional<V1DeviceView>> MakeViews(const proto::Scenario& scenario) {
  std::vector<std::optional<V1DeviceView>> views;
  for (const proto::Device& d : scenario.topology().devices()) {
    if (d.kind() == proto::V1_DEVICE) {
      views.emplace_back(d.v1());
    } else {
      views.emplace_back(std::nullopt);
    }
  }
  return views;
}

std::string StateText(uint32_t s) {
  std::string out = absl::StrFormat("%#x (", s);
  if (s == kStop) absl::StrAppend(&out, "STOP");
  constexpr std::pair<uint32_t, const char*> kBits[] = {
      {kNdma, "NDMA"}, {kSaving, "SAVING"}, {kResuming, "RESUMING"}, {kRunning, "RUNNING"}};
  bool first = true;
  for (const auto& [bit, name] : kBits) {
    if ((s & bit) == 0) continue;
    absl::StrAppend(&out, first ? "" : "|", name);
    first = false;
  }
  if ((s & ~0xFu) != 0) absl::StrAppend(&out, first ? "" : "|", "reserved bits");
  return out + ")";
}

std::vector<BitAction> PrescribedActions(uint32_t from, uint32_t to) {
  std::vector<BitAction> out;
  for (int i = 0; i < kBitActionCount; ++i) {
    const auto a = static_cast<BitAction>(i);
    if (PriorityOf(a) >= 0 && Triggers(a, from, to)) out.push_back(a);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](BitAction x, BitAction y) { return PriorityOf(x) < PriorityOf(y); });
  return out;
}

}  // namespace migsim::v1
