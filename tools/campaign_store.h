// File: tools/campaign_store.h
//
// The persistent state of a campaign directory: DIR/summary.textproto
// (tools/campaign_summary.proto), read back to resume a campaign and
// rewritten atomically whenever it changes, and the findings table
// `migsim fuzz` prints at the end.
#ifndef MIGSIM_TOOLS_CAMPAIGN_STORE_H_
#define MIGSIM_TOOLS_CAMPAIGN_STORE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/campaign_summary.pb.h"

namespace migsim {

// The summary of the campaign in `dir`: the one stored there when its
// settings (topology, models, fail_on, only_rule) equal those of
// `settings`, with sessions incremented and the engine and known paths
// updated; else, when none is stored,
// `settings` itself with sessions = 1.
// Errors: InvalidArgumentError "DIR/summary.textproto:LINE:COL: ..." for a
// file that does not parse; FailedPreconditionError "--out: DIR holds a
// campaign with --fail_on=user (this one: device); choose another --out"
// when a setting differs.
absl::StatusOr<proto::CampaignSummary> OpenSummary(const std::string& dir,
                                                   const proto::CampaignSummary& settings);

// Writes `summary` to DIR/summary.textproto atomically.
absl::Status SaveSummary(const std::string& dir, const proto::CampaignSummary& summary);

// The findings of `summary` as a table, one row per signature in the order
// found: signature, rule, doc, first found at (seconds into the campaign),
// execs by then, hits, reproducer path (under `dir`; "known: PATH" for a
// known signature: the --known reproducer naming it); "no violation found"
// when there is none. Ends with a newline.
std::string FormatFindingsTable(const proto::CampaignSummary& summary, const std::string& dir);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_CAMPAIGN_STORE_H_
