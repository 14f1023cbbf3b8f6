// File: models/vmm/zoo_flows.cc
//
// The bug zoo's VMM mutants: "reference flow with one defect" variants,
// registered by name as rows of this table (models/vmm/flow_registry.h says
// how). Empty until the zoo adds its VMM mutants; never used by default.
#include "models/vmm/flow_registry.h"

namespace migsim::vmm {

absl::Span<const FlowEntry> ZooFlows() { return {}; }

}  // namespace migsim::vmm
