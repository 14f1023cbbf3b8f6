// File: models/vmm/vmm_module.h
//
// The entry points of the whole-VM family (VMM flows, the migration channel,
// end-to-end checks), as the rest of the house calls them: action validation
// and execution (action kinds 300..399, protos/vmm.proto), topology
// validation of Topology.migration, the family's World components
// (models/vmm/migration.h, models/vmm/migration_channel.h), and rendering of
// its trace record kinds (576..703, models/vmm/vmm_records.h).
//
// Example (textproto):
//   topology { ... migration { source_host: 0 destination_host: 1
//                              pairs { source_device: 0 destination_device: 4 } } }
//   actions { vmm_migrate { flow: "reference" options { precopy_rounds: 2 } } }
//   actions { vmm_step { steps: 5 } }                      # five flow steps
//   actions { device_dma { device: 0 iova: 0x1000 length: 64 write: true } }
//   actions { vmm_run {} }                                 # to the end
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

// Validates one action of this family; errors name `path` and the field
// (an unknown flow name lists the known ones).
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
// "stop-and-copy", ...) for timeline spans; "ended: completed" (or failed,
// aborted) when it ends the migration; nullopt otherwise.
std::optional<std::string> PhaseAfter(const TraceRecord& record);

// The name of a Phase (models/vmm/vmm_records.h), "?" for an unknown one.
absl::string_view PhaseName(uint64_t phase);

}  // namespace migsim::vmm

#endif  // MIGSIM_MODELS_VMM_VMM_MODULE_H_
