// File: models/vmm/vmm_module.h
//
// The entry points of the whole-VM family (VMM flows, the migration channel,
// end-to-end checks), as the rest of the house calls them: action validation
// and execution (action kinds 300..399), topology validation of
// Topology.migration, and rendering of the family's trace record kinds
// (576..703).
#ifndef MIGSIM_MODELS_VMM_VMM_MODULE_H_
#define MIGSIM_MODELS_VMM_VMM_MODULE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "protos/scenario.pb.h"
#include "sim/trace.h"
#include "sim/world.h"

namespace migsim::vmm {

// True for action kinds 300..399.
bool IsAction(const proto::Action& action);

// Validates one action of this family; errors name `path` and the field.
absl::Status ValidateAction(const proto::Scenario& scenario, const proto::Action& action,
                            const std::string& path);

// Validates the whole-VM parts of the topology (called once per scenario).
absl::Status ValidateTopology(const proto::Scenario& scenario);

// Adds this family's World components (flows, channel) after the World is
// built. Called by CreateWorld for every scenario.
void AddComponents(const proto::Scenario& scenario, World& world);

// Executes a validated action. Returns false when the run hit a bound.
bool ApplyAction(World& world, const proto::Action& action);

// One-line rendering of this family's record kinds; nullopt for other kinds.
std::optional<std::string> FormatRecord(const TraceRecord& record,
                                        absl::Span<const uint64_t> payload);
std::optional<std::string> RecordKindName(uint16_t kind);

// Protocol coverage key (see models/v1/v1_module.h), or nullopt.
std::optional<uint32_t> CoverageKey(const TraceRecord& record);

// When `record` starts a migration phase, its name ("pre-copy", "P2P grace",
// "stop-and-copy", ...) for timeline spans; nullopt otherwise.
std::optional<std::string> PhaseAfter(const TraceRecord& record);

}  // namespace migsim::vmm

#endif  // MIGSIM_MODELS_VMM_VMM_MODULE_H_
