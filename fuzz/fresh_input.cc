// File: fuzz/fresh_input.cc
#include "fuzz/fresh_input.h"

#include "fuzz/action_factory.h"
#include "google/protobuf/text_format.h"
#include "sim/check.h"
#include "sim/limits.h"

namespace migsim {
namespace {

constexpr char kFallbackTopology[] = R"pb(
  hosts { name: "host" guest_pages: 256 vcpus: 1 identity_map: true }
  devices {
    name: "v1"
    kind: V1_DEVICE
    host: 0
    v1 {
      variant: V1_NDMA
      ndma_capable: true
      segment_bytes: 256
      internals { tick_ns: 1000 dma_iova: 0x2000 }
    }
  }
  devices {
    name: "v2"
    kind: V2_DEVICE
    host: 0
    v2 {
      p2p: true
      pre_copy: true
      internals { tick_ns: 1000 dma_iova: 0x10000 }
    }
  }
  devices {
    name: "v2-dst"
    kind: V2_DEVICE
    host: 0
    v2 {}
  }
)pb";

}  // namespace

const proto::Topology& FallbackTopology() {
  static const proto::Topology* const topology = [] {
    auto* t = new proto::Topology();
    MIGSIM_CHECK(google::protobuf::TextFormat::ParseFromString(kFallbackTopology, t));
    return t;
  }();
  return *topology;
}

void MakeFreshInput(const proto::Topology& topology, MutationContext& context,
                    proto::FuzzInput& input) {
  input.Clear();
  proto::Scenario& scenario = *input.mutable_scenario();
  scenario.set_format_version(kFormatVersion);
  scenario.set_seed(context.prng());
  *scenario.mutable_topology() = topology;
  const TopologyShape shape = TopologyShape::Of(topology);
  MutationContext local{context.prng,        shape, nullptr, context.topology_fixed,
                        context.actions_max, {}};
  const uint64_t actions = 1 + context.prng.UniformBelow(4);
  for (uint64_t i = 0; i < actions; ++i) {
    if (!NewAction(*scenario.add_actions(), local)) scenario.mutable_actions()->RemoveLast();
  }
}

}  // namespace migsim
