// File: fuzz/mutation_context.h
//
// What every mutation operator (fuzz/mutators/) is given besides the input:
// the engine-seeded Prng, the shape of the topology whose ranges indices
// are repaired into, an optional donor input (splice, crossover) and the
// growth bound. And the operator contract itself (style.md R12):
//   bool Op(google::protobuf::Message& input, MutationContext& context);
// `input` is FuzzInput-shaped (a "scenario" message field and an optional
// "swarm") or Scenario-shaped (a repeated message field "actions" whose
// element has a oneof): operators find everything by reflection and field
// name, so a new Action kind, or a new message type with the same shape, is
// mutated with no operator change. An operator returns false, leaving the
// input unchanged, when it does not apply; when it returns true the input
// really changed.
#ifndef MIGSIM_FUZZ_MUTATION_CONTEXT_H_
#define MIGSIM_FUZZ_MUTATION_CONTEXT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "sim/prng.h"

namespace migsim {

// TopologyShape: the ranges device, host and vCPU indices must fall in.
// hosts == 0 means "unknown": indices are then left alone.
struct TopologyShape {
  static constexpr size_t kHostsTracked = 8;     // sim/limits.h kHostsMax
  static constexpr size_t kDevicesTracked = 64;  // sim/limits.h kDevicesMax

  uint32_t hosts = 0;
  uint32_t devices = 0;
  uint32_t vcpus_min = 0;     // the smallest vCPU count of any host
  uint32_t device_kinds = 0;  // bit k set when a device of DeviceKind k exists
  std::array<uint32_t, kHostsTracked> host_vcpus{};    // vCPUs of hosts[i]
  std::array<uint8_t, kDevicesTracked> device_host{};  // host of devices[i]

  bool known() const { return hosts != 0; }
  // vCPUs of host `host` (0 when out of range).
  uint32_t vcpus_of(uint32_t host) const {
    return host < hosts && host < kHostsTracked ? host_vcpus[host] : 0;
  }

  // The shape of a Topology-shaped message ("hosts" with "vcpus", "devices"
  // with "kind"), found by reflection; an empty shape for other messages.
  static TopologyShape Of(const google::protobuf::Message& topology);
};

// Whether a fresh action would be good input on the campaign's topology
// (fuzz/action_validator.h). Fresh actions draw boundary values on
// purpose, and one out of the scenario language's range makes the whole
// input bad input, which no engine runs.
using ActionFilter = std::function<bool(const google::protobuf::Message& action)>;

// MutationContext: per-call state of one mutation. Not owned by operators.
struct MutationContext {
  Prng& prng;
  TopologyShape shape;
  // Another input of the same type (splice, crossover), or nullptr.
  const google::protobuf::Message* donor = nullptr;
  // The topology is fixed by the campaign: operators must not change it.
  bool topology_fixed = false;
  // Operators that add actions stop at this many.
  size_t actions_max = 128;
  // The action kinds (Action oneof field numbers) the input's swarm enables;
  // empty: every kind. Fresh actions are mostly drawn among them
  // (fuzz/action_factory.h): an action of a kind the swarm disables is
  // dropped before the run, a mutation the run never sees.
  std::vector<uint32_t> swarm_kinds = {};
  // When set, fresh actions (fuzz/action_factory.h) are drawn again until
  // it accepts them; nullptr: every fresh action is kept.
  const ActionFilter* action_filter = nullptr;
};

using MutationFn = bool (*)(google::protobuf::Message& input, MutationContext& context);

// MutationOperator: one row of the registry (fuzz/operator_registry.h).
struct MutationOperator {
  MutationFn fn;
  absl::string_view name;
  bool shrinks;      // never makes the input larger: usable in shrink-only mode
  bool needs_donor;  // applies only with context.donor set
};

}  // namespace migsim

#endif  // MIGSIM_FUZZ_MUTATION_CONTEXT_H_
