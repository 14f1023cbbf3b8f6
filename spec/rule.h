// File: spec/rule.h
//
// Rule: one invariant of the specification texts, as data. Each rule has a
// stable ID, the spec variants it applies to, who owes it (the device side:
// kernel migration driver, VFIO core or IOMMU driver; or the user: the VMM),
// the document under ../shared/spec/ it comes from and the phrase it quotes
// verbatim (tests/spec/rule_quotes_test.cc checks every quote against its
// document). The check itself lives in a Monitor (spec/monitor.h), which
// keeps whatever protocol state it needs from the trace.
#ifndef MIGSIM_SPEC_RULE_H_
#define MIGSIM_SPEC_RULE_H_

#include <cstdint>
#include "absl/strings/string_view.h"

#include "protos/scenario.pb.h"

namespace migsim {

// Who owes a rule.
enum class Owner : uint8_t {
  kDevice,  // the device side: kernel migration driver, VFIO core, IOMMU
  kUser,    // the user side: the VMM driving the uAPI
};

// A set of SpecVariants, one bit per proto::SpecVariant value.
using VariantMask = uint32_t;

constexpr VariantMask VariantBit(proto::SpecVariant v) { return VariantMask{1} << v; }

// Rules about the host (IOMMU, dirty tracking) rather than a device's
// migration interface apply whatever the devices follow.
inline constexpr VariantMask kAllVariants =
    VariantBit(proto::SPEC_VARIANT_UNSPECIFIED) | VariantBit(proto::V1_RFC) |
    VariantBit(proto::V1) | VariantBit(proto::V1_NDMA) | VariantBit(proto::V2);

struct Rule {
  absl::string_view id;       // stable, e.g. "IOMMU-DIRTY-LOGS-DMA-WRITES"
  VariantMask variants;
  Owner owner;
  absl::string_view doc;      // file under ../shared/spec/ (or ../reference/..., relative to it)
  absl::string_view quote;    // verbatim phrase of `doc`
  absl::string_view summary;  // what the rule requires, in one line
  absl::string_view test;     // the GoogleTest that makes it fire ("Suite.Name")
};

}  // namespace migsim

#endif  // MIGSIM_SPEC_RULE_H_
