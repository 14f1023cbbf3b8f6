// File: models/v1/v1_module.h
//
// The entry points of the v1 model family, the v1 migration region (001,
// 003, 000 + 002), as the rest of the house calls them: action validation
// and execution (action kinds 120..199), device creation (kind V1_DEVICE)
// and rendering of the family's trace record kinds.
#ifndef MIGSIM_MODELS_V1_V1_MODULE_H_
#define MIGSIM_MODELS_V1_V1_MODULE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "protos/scenario.pb.h"
#include "sim/sim_device.h"
#include "sim/trace.h"
#include "sim/world.h"

namespace migsim::v1 {

// True for action kinds 120..199.
bool IsAction(const proto::Action& action);

// Validates one action of this family; errors name `path` and the field.
// An action aimed at a device of another kind is not bad input: it reaches
// the device, which answers as the kernel would (no region: -EINVAL; no
// migration ops: -ENOTTY).
absl::Status ValidateAction(const proto::Scenario& scenario, const proto::Action& action,
                            const std::string& path);

// Executes a validated action. Returns false when the run hit a bound.
bool ApplyAction(World& world, const proto::Action& action);

// Creates the device for topology.devices[index] (kind V1_DEVICE); errors
// name `path` and the field of a bad parameter or an unknown model name.
absl::StatusOr<std::unique_ptr<SimDevice>> CreateDevice(const proto::Device& device, uint32_t index,
                                                        uint64_t seed, const std::string& path);

// One-line rendering of this family's record kinds; nullopt for other kinds.
std::optional<std::string> FormatRecord(const TraceRecord& record,
                                        absl::Span<const uint64_t> payload);
std::optional<std::string> RecordKindName(uint16_t kind);

// Protocol coverage for the fuzzers: a small number naming the protocol
// state or step this record shows (a device_state value reached, a SAVING
// protocol step, a v2 arc from * 8 + to), or nullopt for records that show
// none. Keys are per record kind; spec/ combines them with the kind and the
// device's variant.
std::optional<uint32_t> CoverageKey(const TraceRecord& record);

}  // namespace migsim::v1

#endif  // MIGSIM_MODELS_V1_V1_MODULE_H_
