// File: spec/coverage.h
//
// Protocol coverage: which protocol states and steps a run reached, as a
// fixed-size map of saturating 8-bit counters, for the fuzz engines (the
// libFuzzer targets publish the map as extra counters, so an input that
// reaches a new protocol state is kept even when it runs no new code) and
// for people (CoverageReport names every slot hit, grouped).
//
// Every trace record is mapped to at most two slots, in five regions:
//   state x action  the device variant, the device_state the device was in
//                   and the kind of the scenario action that reached it
//                   (one count per device per action);
//   v1 steps        v1 variant x v1 record kind x v1::CoverageKey (the
//                   device_state reached, the bit-group action performed,
//                   the SAVING / RESUMING / dirty-bitmap step reached);
//   v2 steps        v2 flag set x v2 record kind x v2::CoverageKey (the arc
//                   taken, failed arcs apart, the state a SET reached or its
//                   errno class, data_fd results);
//   whole-VM        vmm record kind x vmm::CoverageKey (migration phases);
//   device events   device variant x shared device record kind x outcome
//                   (failure site armed or fired, state after reset / open,
//                   stream save / load / end, resume validation result).
// Keys wider than their region's row are folded (key mod width); the slot
// layout is data (kRegions) so the report decodes what the recorder encodes.
//
// Determinism: the map depends only on the trace (hence on the scenario
// bytes); nothing here reads time, addresses or hash order.
//
// Example:
//   CoverageMap map;
//   CoverageRecorder recorder(scenario, map);
//   JudgeOptions options;
//   options.observer = recorder.AsObserver();
//   absl::StatusOr<JudgedRun> run = Judge(scenario, options);
//   std::printf("%s", CoverageReport(map).c_str());
#ifndef MIGSIM_SPEC_COVERAGE_H_
#define MIGSIM_SPEC_COVERAGE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "protos/scenario.pb.h"
#include "sim/limits.h"
#include "sim/trace.h"
#include "spec/judge.h"

namespace migsim {

// The device variant as coverage sees it: the SpecVariant a device claims,
// with the v2 flag sets apart (their FSMs differ).
enum class CoverageVariant : uint8_t {
  kNone = 0,  // DMA_ENGINE or no migration interface
  kV1Rfc = 1,
  kV1 = 2,
  kV1Ndma = 3,
  kV2 = 4,         // VFIO_MIGRATION_STOP_COPY only
  kV2P2p = 5,      // + VFIO_MIGRATION_P2P
  kV2PreCopy = 6,  // + VFIO_MIGRATION_PRE_COPY
  kV2P2pPreCopy = 7,
};
inline constexpr int kCoverageVariantCount = 8;

// The coverage variant of a topology device.
CoverageVariant CoverageVariantOf(const proto::Device& device);

// Printable name of a coverage variant ("V1_NDMA", "V2+P2P", ...).
absl::string_view CoverageVariantName(CoverageVariant variant);

// The regions of the map, in slot order.
enum class CoverageRegion : uint8_t {
  kStateAction = 0,
  kV1Steps = 1,
  kV2Steps = 2,
  kWholeVm = 3,
  kDeviceEvents = 4,
};
inline constexpr int kCoverageRegionCount = 5;

// One region's shape: slot = first + (row * kinds + kind) * keys + key,
// where `row` is the variant (or flag set) and `kind` the record kind (or,
// for kStateAction, the state and the action kind folded together).
struct CoverageRegionShape {
  absl::string_view name;
  uint32_t rows;   // variants or flag sets
  uint32_t kinds;  // record kinds (kStateAction: device_state values)
  uint32_t keys;   // coverage keys (kStateAction: action kinds)
  uint32_t first;  // first slot
};

// kRegions: the slot layout, as data. Row counts: 8 coverage variants; 3 v1
// variants; 4 v2 flag sets; 1 for whole-VM records.
inline constexpr uint32_t kStateValues = 16;      // v1 device_state & 0xF, v2 states 0..7
inline constexpr uint32_t kActionKindSlots = 64;  // dense Action.kind index, folded
inline constexpr std::array<CoverageRegionShape, kCoverageRegionCount> kRegions = {{
    {"state x action", kCoverageVariantCount, kStateValues, kActionKindSlots, 0},
    {"v1 steps", 3, 16, 32, 8192},
    {"v2 steps", 4, 16, 128, 8192 + 1536},
    {"whole-VM", 1, 128, 32, 8192 + 1536 + 8192},
    {"device events", kCoverageVariantCount, 16, 16, 8192 + 1536 + 8192 + 4096},
}};
// The whole map: every region, back to back.
inline constexpr size_t kCoverageSlots = 8192 + 1536 + 8192 + 4096 + 2048;
static_assert(kRegions[1].first ==
              kRegions[0].first + kRegions[0].rows * kRegions[0].kinds * kRegions[0].keys);
static_assert(kRegions[2].first ==
              kRegions[1].first + kRegions[1].rows * kRegions[1].kinds * kRegions[1].keys);
static_assert(kRegions[3].first ==
              kRegions[2].first + kRegions[2].rows * kRegions[2].kinds * kRegions[2].keys);
static_assert(kRegions[4].first ==
              kRegions[3].first + kRegions[3].rows * kRegions[3].kinds * kRegions[3].keys);
static_assert(kCoverageSlots ==
              kRegions[4].first + kRegions[4].rows * kRegions[4].kinds * kRegions[4].keys);

// CoverageMap: kCoverageSlots saturating 8-bit hit counters. A value type;
// thread-compatible. The libFuzzer targets keep theirs in the extra-counters
// section and wrap it with CoverageMap::View.
class CoverageMap {
 public:
  CoverageMap() { counters_.fill(0); }

  // Adds one hit to `slot` (saturating at 255). REQUIRES: slot < kCoverageSlots.
  void Hit(uint32_t slot);
  uint8_t count(uint32_t slot) const { return counters_[slot]; }
  uint8_t* data() { return counters_.data(); }
  const uint8_t* data() const { return counters_.data(); }

  // Number of slots with a non-zero counter.
  size_t HitCount() const;
  // The slots with a non-zero counter, ascending.
  std::vector<uint32_t> HitSlots() const;
  // Adds `other`'s counters into this map (saturating): the union of two
  // runs' coverage, as `migsim fuzz` keeps it for its progress line.
  void Merge(const CoverageMap& other);
  void Clear() { counters_.fill(0); }

 private:
  std::array<uint8_t, kCoverageSlots> counters_;
};

// CoverageRecorder: maps each trace record of one run of `scenario` to its
// slots and counts them in `counters` (kCoverageSlots bytes, not cleared
// here). Allocation-free per record. Holds pointers to `scenario` and
// `counters`: both must outlive it. One recorder per run.
class CoverageRecorder {
 public:
  CoverageRecorder(const proto::Scenario& scenario, absl::Span<uint8_t> counters);
  CoverageRecorder(const proto::Scenario& scenario, CoverageMap& map)
      : CoverageRecorder(scenario, absl::MakeSpan(map.data(), kCoverageSlots)) {}

  // Counts the slots `record` reaches. Records may arrive in trace order only.
  void Observe(const TraceRecord& record);

  // A JudgeOptions::observer that forwards to Observe. The recorder must
  // outlive every use of the returned function.
  RecordObserver AsObserver();

 private:
  struct DeviceCursor {
    CoverageVariant variant = CoverageVariant::kNone;
    uint8_t state = 0;                // last device_state seen (v1 & 0xF, v2 & 7)
    int32_t last_action = kNoAction;  // the action already counted
  };
  void Hit(uint32_t slot);
  void ObserveStateAction(const TraceRecord& record, DeviceCursor& device);
  void ObserveKeys(const TraceRecord& record, const DeviceCursor* device);
  static void TrackState(const TraceRecord& record, DeviceCursor& device);

  const proto::Scenario* scenario_;
  uint8_t* counters_;
  uint32_t device_count_ = 0;
  std::array<DeviceCursor, kDevicesMax> devices_;
};

// The dense index (0..kActionKindSlots-1) of an Action.kind field number:
// the field's position among the oneof's fields in declaration order,
// folded modulo kActionKindSlots. Found by reflection, so a new action kind
// needs no change here.
uint32_t ActionKindSlot(int kind_field_number);

// Decoded slot, for the report and for tests.
struct CoverageSlot {
  CoverageRegion region;
  uint32_t row;
  uint32_t kind;
  uint32_t key;
};
// REQUIRES: slot < kCoverageSlots.
CoverageSlot DecodeSlot(uint32_t slot);
// The slot of a decoded coordinate. REQUIRES: every part in its region's range.
uint32_t EncodeSlot(const CoverageSlot& slot);

// One line naming `slot`, e.g. "v2 steps: V2+P2P V2_ARC RUNNING->STOP" or
// "state x action: V1_NDMA device_state=SAVING|RUNNING x v1_read".
std::string SlotName(uint32_t slot);

// The human coverage report: a header line ("protocol coverage: N of M
// slots"), then per region the hit slots' names with their counts, one per
// line, in slot order.
std::string CoverageReport(const CoverageMap& map);

// Runs `scenario` with Judge (options.observer replaced by a recorder; the
// fast path otherwise) and returns the protocol coverage it reached: what
// `migsim fuzz` calls for its progress line. Errors: Judge's
// InvalidArgumentError for an invalid scenario.
absl::StatusOr<CoverageMap> CoverageOf(const proto::Scenario& scenario, JudgeOptions options = {});

}  // namespace migsim

#endif  // MIGSIM_SPEC_COVERAGE_H_
