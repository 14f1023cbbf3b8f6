// File: models/v1/v1_module.cc
//
// The v1 family's entry points: action validation and execution (kinds
// 120..199) and device creation. Record rendering is in
// v1_record_format.cc.
#include "models/v1/v1_module.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "models/v1/v1_device.h"
#include "models/v1/v1_flows.h"
#include "models/v1/v1_user_ops.h"
#include "models/vmm/saved_streams.h"
#include "sim/check.h"
#include "sim/hash.h"
#include "sim/scenario_validation.h"

namespace migsim::v1 {
namespace {

inline constexpr uint64_t kWindowLengthMax = kDataSectionBytesMax;
inline constexpr uint64_t kTotalPfnsMax = uint64_t{1} << 24;
inline constexpr uint32_t kDrainIterationsDefault = 10000;
inline constexpr uint32_t kDrainIterationsMax = 1000000;

absl::Status CheckDevice(const proto::Scenario& s, uint32_t device, const std::string& path) {
  const int n = s.topology().devices_size();
  if (device < static_cast<uint32_t>(n)) return absl::OkStatus();
  return FieldError(path, absl::StrCat(device, " names no device (the topology has ", n, ")"));
}

absl::Status CheckWidth(uint32_t width, const std::string& path) {
  if (width == 1 || width == 2 || width == 4 || width == 8) return absl::OkStatus();
  return FieldError(path, absl::StrCat(width, " is not 1, 2, 4 or 8"));
}

absl::Status CheckPieces(uint32_t piece_bytes, const std::string& path) {
  if (piece_bytes == 0) return absl::OkStatus();
  return CheckWidth(piece_bytes, path);
}

absl::Status CheckLength(uint64_t length, const std::string& path) {
  if (length >= 1 && length <= kWindowLengthMax) return absl::OkStatus();
  return FieldError(path, absl::StrCat(length, " is outside [1, ", kWindowLengthMax, "]"));
}

// Validates every field of one action; returns the first error.
absl::Status ValidateFields(const proto::Scenario& s, const proto::Action& a,
                            const std::string& p) {
  switch (a.kind_case()) {
    case proto::Action::kV1Read: {
      const std::string at = p + ".v1_read.";
      if (auto st = CheckDevice(s, a.v1_read().device(), at + "device"); !st.ok()) return st;
      return CheckWidth(a.v1_read().width(), at + "width");
    }
    case proto::Action::kV1Write: {
      const std::string at = p + ".v1_write.";
      if (auto st = CheckDevice(s, a.v1_write().device(), at + "device"); !st.ok()) return st;
      return CheckWidth(a.v1_write().width(), at + "width");
    }
    case proto::Action::kV1WindowRead: {
      const auto& w = a.v1_window_read();
      const std::string at = p + ".v1_window_read.";
      if (auto st = CheckDevice(s, w.device(), at + "device"); !st.ok()) return st;
      if (auto st = CheckLength(w.length(), at + "length"); !st.ok()) return st;
      return CheckPieces(w.piece_bytes(), at + "piece_bytes");
    }
    case proto::Action::kV1WindowWrite: {
      const auto& w = a.v1_window_write();
      const std::string at = p + ".v1_window_write.";
      if (auto st = CheckDevice(s, w.device(), at + "device"); !st.ok()) return st;
      if (auto st = CheckLength(w.length(), at + "length"); !st.ok()) return st;
      if (auto st = CheckPieces(w.piece_bytes(), at + "piece_bytes"); !st.ok()) return st;
      if (!w.from_saved()) return absl::OkStatus();
      return CheckDevice(s, w.source_device(), at + "source_device");
    }
    case proto::Action::kV1SetState:
      return CheckDevice(s, a.v1_set_state().device(), p + ".v1_set_state.device");
    case proto::Action::kV1SaveIteration:
      return CheckDevice(s, a.v1_save_iteration().device(), p + ".v1_save_iteration.device");
    case proto::Action::kV1Drain: {
      const std::string at = p + ".v1_drain.";
      if (auto st = CheckDevice(s, a.v1_drain().device(), at + "device"); !st.ok()) return st;
      if (a.v1_drain().iterations_max() <= kDrainIterationsMax) return absl::OkStatus();
      return FieldError(
          at + "iterations_max",
          absl::StrCat(a.v1_drain().iterations_max(), " exceeds the limit ", kDrainIterationsMax));
    }
    case proto::Action::kV1Push: {
      const std::string at = p + ".v1_push.";
      if (auto st = CheckDevice(s, a.v1_push().source_device(), at + "source_device"); !st.ok()) {
        return st;
      }
      return CheckDevice(s, a.v1_push().target_device(), at + "target_device");
    }
    case proto::Action::kV1DirtyPfns: {
      const std::string at = p + ".v1_dirty_pfns.";
      if (auto st = CheckDevice(s, a.v1_dirty_pfns().device(), at + "device"); !st.ok()) {
        return st;
      }
      if (a.v1_dirty_pfns().total_pfns() <= kTotalPfnsMax) return absl::OkStatus();
      return FieldError(at + "total_pfns", absl::StrCat(a.v1_dirty_pfns().total_pfns(),
                                                        " exceeds the limit ", kTotalPfnsMax));
    }
    default:
      return FieldError(p, absl::StrCat("action kind ", a.kind_case(), " is not a v1 action"));
  }
}

// The bytes a V1WindowWrite writes.
std::vector<uint8_t> WriteBytes(World& world, const proto::V1WindowWrite& w) {
  if (w.from_saved()) return SavedStreams::Of(world).TakeBytes(w.source_device(), w.length());
  std::vector<uint8_t> bytes(w.length());
  for (size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<uint8_t>(Mix64(w.pattern() + i / 8) >> (8 * (i % 8)));
  }
  return bytes;
}

void Run(World& world, const proto::Action& a) {
  switch (a.kind_case()) {
    case proto::Action::kV1Read: {
      uint64_t value = 0;
      UserRead(world, a.v1_read().device(), a.v1_read().offset(), a.v1_read().width(), value);
      return;
    }
    case proto::Action::kV1Write:
      UserWrite(world, a.v1_write().device(), a.v1_write().offset(), a.v1_write().width(),
                a.v1_write().value());
      return;
    case proto::Action::kV1WindowRead: {
      const auto& w = a.v1_window_read();
      std::vector<uint8_t> out;
      UserWindowRead(world, w.device(), {w.offset(), w.piece_bytes(), w.mmap()}, w.length(), out);
      return;
    }
    case proto::Action::kV1WindowWrite: {
      const auto& w = a.v1_window_write();
      UserWindowWrite(world, w.device(), {w.offset(), w.piece_bytes(), w.mmap()},
                      WriteBytes(world, w));
      return;
    }
    case proto::Action::kV1SetState:
      SetState(world, a.v1_set_state().device(), a.v1_set_state().mask(), a.v1_set_state().value());
      return;
    case proto::Action::kV1SaveIteration: {
      uint64_t pending = 0;
      SaveIteration(world, a.v1_save_iteration().device(), pending);
      return;
    }
    case proto::Action::kV1Drain: {
      const uint32_t max = a.v1_drain().iterations_max();
      DrainToEnd(world, a.v1_drain().device(), max != 0 ? max : kDrainIterationsDefault);
      return;
    }
    case proto::Action::kV1Push:
      PushStream(world, a.v1_push().source_device(), a.v1_push().target_device(),
                 a.v1_push().segments_max());
      return;
    case proto::Action::kV1DirtyPfns: {
      const auto& q = a.v1_dirty_pfns();
      DirtyPfns(world, q.device(), q.start_pfn(), q.page_size(), q.total_pfns());
      return;
    }
    default: MIGSIM_CHECK(false) << "not a v1 action: " << a.kind_case();
  }
}

}  // namespace

bool IsAction(const proto::Action& action) {
  const int kind = action.kind_case();
  return kind >= 120 && kind <= 199;
}

absl::Status ValidateAction(const proto::Scenario& scenario, const proto::Action& action,
                            const std::string& path) {
  return ValidateFields(scenario, action, path);
}

bool ApplyAction(World& world, const proto::Action& action) {
  MIGSIM_CHECK(IsAction(action)) << "kind=" << action.kind_case();
  Run(world, action);
  return world.liveness_failure().empty();
}

absl::StatusOr<std::unique_ptr<SimDevice>> CreateDevice(const proto::Device& device, uint32_t index,
                                                        uint64_t seed, const std::string& path) {
  if (!device.model().empty()) {
    return FieldError(path + ".model", absl::StrCat("'", device.model(), "' is not a known model"));
  }
  return V1Device::Create(device, index, seed, path);
}

}  // namespace migsim::v1
