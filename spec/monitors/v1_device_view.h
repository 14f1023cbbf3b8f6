// File: spec/monitors/v1_device_view.h
//
// V1DeviceView: what a v1 monitor knows about one device, kept from the
// trace alone (models/v1/v1_records.h is the contract) plus the variant the
// topology says the device claims. It follows:
//   - committed: the device_state the device last committed, that reads must
//     return (a successful write's V1_STATE_CHANGE, reset, open);
//   - effective: the state whose Activity rules apply right now; inside a
//     device_state write it moves with each V1_BIT_ACTION / V1_STATE_CHANGE;
//   - the open header-write bracket (V1_WRITE_BEGIN .. V1_WRITE_END) and what
//     happened inside it;
//   - the device's DMAs in flight (DMA_ISSUE .. DMA_COMPLETE).
// Monitors check a record against the view first, then Apply() it.
#ifndef MIGSIM_SPEC_MONITORS_V1_DEVICE_VIEW_H_
#define MIGSIM_SPEC_MONITORS_V1_DEVICE_VIEW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_set.h"
#include "models/v1/v1_uapi.h"
#include "protos/scenario.pb.h"
#include "sim/trace.h"

namespace migsim::v1 {

// What happened inside the open write bracket.
struct WriteBracket {
  uint64_t offset = 0;
  uint32_t width = 0;
  uint64_t value = 0;
  uint32_t prior = 0;                    // committed when the write began
  std::optional<uint32_t> changed_to;    // the last V1_STATE_CHANGE inside
  bool failure_fired = false;            // FAILURE_FIRED inside
  std::vector<BitAction> actions;        // V1_BIT_ACTION inside, in order
  std::optional<int32_t> resume_loaded;  // RESUME_LOADED result inside
  bool stream_loaded = false;            // STREAM_LOAD inside
  int32_t stream_load_result = 0;
  uint64_t stream_load_length = 0;
  uint64_t stream_load_digest = 0;

  bool IsDeviceState() const { return offset == kOffsetDeviceState && width == 4; }
  uint32_t state_value() const { return static_cast<uint32_t>(value); }
};

// The last event that set `committed` (to attribute a mismatching read).
enum class LastEvent : uint8_t { kStart, kOpen, kReset, kWriteOk, kWriteFailed };

class V1DeviceView {
 public:
  explicit V1DeviceView(const proto::V1Params& params);

  // Updates the view with one record of this device (after the checks).
  void Apply(const TraceRecord& record);
  // Forces committed and effective to `state` (after a reported mismatch,
  // so one fault is reported once).
  void Resync(uint32_t state);

  proto::SpecVariant variant() const { return variant_; }
  bool ndma_capable() const { return ndma_capable_; }
  uint64_t header_bytes() const { return HeaderBytes(variant_); }
  uint64_t region_size() const { return region_size_; }  // 0 until V1_REGION_INFO
  bool sparse_mmap() const { return sparse_mmap_; }

  bool open() const { return open_; }
  uint32_t committed() const { return committed_; }
  uint32_t effective() const { return effective_; }
  bool in_write() const { return in_write_; }
  const WriteBracket& write() const { return write_; }
  LastEvent last_event() const { return last_event_; }
  // A read of device_state matched `committed` since the last event.
  bool confirmed() const { return confirmed_; }
  // device_state as read since the last change (the user's read-modify-write).
  std::optional<uint32_t> state_read() const { return state_read_; }
  size_t dma_in_flight() const { return in_flight_.size(); }

  // The committed state a write bracket ends in (success or failure).
  uint32_t StateAfter(const WriteBracket& w, int32_t result) const;
  StateClass ClassOfState(uint32_t state) const { return ClassOf(variant_, ndma_capable_, state); }
  bool IsError(uint32_t state) const { return HasErrorState(variant_) && state == kError; }

 private:
  void Commit(uint32_t state, LastEvent event);
  // The records that happen inside a write bracket; false for others.
  bool ApplyInsideWrite(const TraceRecord& record);

  proto::SpecVariant variant_;
  bool ndma_capable_;
  uint64_t region_size_ = 0;
  bool sparse_mmap_ = false;
  bool open_ = true;
  uint32_t committed_ = kRunning;
  uint32_t effective_ = kRunning;
  bool in_write_ = false;
  WriteBracket write_;
  LastEvent last_event_ = LastEvent::kStart;
  bool confirmed_ = false;
  std::optional<uint32_t> state_read_;
  absl::btree_set<uint64_t> in_flight_;
};

// One view per topology device that is a V1_DEVICE (nullopt for others).
std::vector<std::optional<V1DeviceView>> MakeViews(const proto::Scenario& scenario);

// "RUNNING|SAVING"-style name of a device_state value, for explanations.
std::string StateText(uint32_t state);

// The bit-group actions 002's priority order prescribes for `from` -> `to`
// (without !SAVING, whose place 002 does not fix).
std::vector<BitAction> PrescribedActions(uint32_t from, uint32_t to);

}  // namespace migsim::v1

#endif  // MIGSIM_SPEC_MONITORS_V1_DEVICE_VIEW_H_
