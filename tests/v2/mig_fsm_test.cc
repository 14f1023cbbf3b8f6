// Goal: the model's next-hop table and step function (models/v2/mig_fsm.h)
// give, for every (flags, from, to) of the four defined flag sets, exactly
// the path the header's rules demand, and the walk never hangs.
// Method: compare CorePath (the code the simulated ioctl and `migsim fsm`
// run) with the oracle's independent statement (spec/monitors/
// v2_header_fsm.h: the header's arc list, "behave as though fully running",
// "arcs touching PRE_COPY ... are removed", BFS for the shortest path with
// no saving-group interior) for all 4 x 8 x 8 pairs plus invalid targets;
// check that no pair has two shortest paths (so no tie-break is needed);
// spot-check paths from vfio_main.c's comment; drive RunTransition with a
// looping step function and a failing arc.
#include "models/v2/mig_fsm.h"

#include <cerrno>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "spec/monitors/v2_header_fsm.h"
#include "tools/fsm_command.h"

namespace migsim::v2 {
namespace {

std::vector<uint32_t> AsU32(const std::vector<MigState>& path) {
  return std::vector<uint32_t>(path.begin(), path.end());
}

TEST(MigFsmTest, EveryPairOfEveryFlagSetFollowsTheHeaderRules) {
  int compared = 0;
  for (uint32_t flags : kDefinedFlagSets) {
    for (int from = 0; from < kMigStateCount; ++from) {
      for (uint32_t to : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 99u}) {
        SCOPED_TRACE(FlagsName(flags) + " " + StateName(from) + " -> " + StateName(to));
        const auto model = CorePath(flags, static_cast<MigState>(from), to);
        const auto header = v2_oracle::HeaderPath(flags, from, to);
        ASSERT_EQ(model.has_value(), header.has_value());
        if (model) EXPECT_EQ(AsU32(*model), *header);
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 4 * 8 * 10);
}

TEST(MigFsmTest, NoPairHasTwoShortestPaths) {
  for (uint32_t flags : kDefinedFlagSets) {
    for (uint32_t from = 0; from < kMigStateCount; ++from) {
      for (uint32_t to = 0; to < kMigStateCount; ++to) {
        EXPECT_LE(v2_oracle::ShortestPaths(flags, from, to).size(), 1u)
            << FlagsName(flags) << " " << StateName(from) << " -> " << StateName(to);
      }
    }
  }
}

TEST(MigFsmTest, ArcsWalkedAreTheDriverArcsAndTheHeaderArcs) {
  for (uint32_t flags : kDefinedFlagSets) {
    std::set<std::pair<uint32_t, uint32_t>> walked;
    for (int from = 0; from < kMigStateCount; ++from) {
      for (int to = 0; to < kMigStateCount; ++to) {
        const auto path = CorePath(flags, static_cast<MigState>(from), to);
        for (size_t i = 0; path && i + 1 < path->size(); ++i) {
          walked.insert({(*path)[i], (*path)[i + 1]});
        }
      }
    }
    std::set<std::pair<uint32_t, uint32_t>> listed;
    for (const DriverArc& arc : kDriverArcs) {
      if (ArcUsed(arc, flags)) listed.insert({arc.from, arc.to});
    }
    const std::vector<v2_oracle::Arc> header_list = v2_oracle::HeaderArcs(flags);
    const std::set<std::pair<uint32_t, uint32_t>> header(header_list.begin(), header_list.end());
    EXPECT_EQ(walked, listed) << FlagsName(flags);
    EXPECT_EQ(walked, header) << FlagsName(flags);
  }
}

TEST(MigFsmTest, KernelCommentPathsAndBlockedPairs) {
  using fsm_tool::TransitionLine;
  EXPECT_EQ(TransitionLine(kMigrationFlagsAll, kStateRunning, kStateStopCopy),
            "RUNNING -> RUNNING_P2P -> STOP -> STOP_COPY");
  EXPECT_EQ(TransitionLine(kMigrationFlagsAll, kStatePreCopy, kStateStopCopy),
            "PRE_COPY -> PRE_COPY_P2P -> STOP_COPY");
  EXPECT_EQ(TransitionLine(kMigrationFlagsAll, kStateResuming, kStatePreCopy),
            "RESUMING -> STOP -> RUNNING_P2P -> RUNNING -> PRE_COPY");
  EXPECT_EQ(TransitionLine(kMigrationStopCopy, kStateRunning, kStateStopCopy),
            "RUNNING -> STOP -> STOP_COPY");
  EXPECT_EQ(TransitionLine(kMigrationStopCopy | kMigrationPreCopy, kStatePreCopy, kStateStop),
            "PRE_COPY -> RUNNING -> STOP");
  EXPECT_EQ(TransitionLine(kMigrationFlagsAll, kStateStopCopy, kStatePreCopy), "EINVAL");
  EXPECT_EQ(TransitionLine(kMigrationFlagsAll, kStateStopCopy, kStatePreCopyP2P), "EINVAL");
  EXPECT_EQ(TransitionLine(kMigrationFlagsAll, kStateRunning, kStateError), "EINVAL");
  EXPECT_EQ(TransitionLine(kMigrationFlagsAll, kStateError, kStateRunning), "EINVAL");
  EXPECT_EQ(TransitionLine(kMigrationStopCopy, kStateRunning, kStateRunningP2P), "EINVAL");
  EXPECT_EQ(TransitionLine(kMigrationStopCopy, kStateRunning, kStateRunning), "RUNNING");
}

TEST(MigFsmTest, TableHasEveryPair) {
  const std::vector<std::string> lines = fsm_tool::TableLines(kMigrationStopCopy);
  ASSERT_EQ(lines.size(), 64u);
  EXPECT_EQ(lines[0], "ERROR -> ERROR: ERROR");
  EXPECT_EQ(lines[2 * 8 + 3], "RUNNING -> STOP_COPY: RUNNING -> STOP -> STOP_COPY");
  EXPECT_EQ(lines[3 * 8 + 6], "STOP_COPY -> PRE_COPY: EINVAL");
}

TEST(MigFsmTest, CommandParsesNamesAndRefusesBadOnes) {
  EXPECT_EQ(*fsm_tool::ParseMigrationFlags("STOP_COPY,P2P"), kMigrationStopCopy | kMigrationP2P);
  EXPECT_EQ(*fsm_tool::ParseMigrationFlags("VFIO_MIGRATION_STOP_COPY"), kMigrationStopCopy);
  EXPECT_FALSE(fsm_tool::ParseMigrationFlags("P2P").ok());
  const auto bad = fsm_tool::ParseMigrationFlags("STOP_COPY,FAST");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'FAST'"), absl::string_view::npos);
  EXPECT_EQ(*fsm_tool::ParseState("--to", "VFIO_DEVICE_STATE_RESUMING"), kStateResuming);
  const auto state = fsm_tool::ParseState("--from", "PAUSED");
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.status().message().substr(0, 17), "--from: 'PAUSED' ");
}

TEST(MigFsmTest, WalkStopsAtTheStepBound) {
  int arcs = 0;
  const TransitionOutcome o = RunTransition(
      kStateRunning, kStateStop,
      [](MigState cur, uint32_t, MigState* next) {  // bounces forever
        *next = cur == kStateRunning ? kStateRunningP2P : kStateRunning;
        return 0;
      },
      [&arcs](MigState, MigState to, MigState* after) {
        ++arcs;
        *after = to;
        return 0;
      });
  EXPECT_TRUE(o.bound_hit);
  EXPECT_EQ(o.error, -ELOOP);
  EXPECT_EQ(o.arcs, kSetArcsMax);
  EXPECT_EQ(arcs, kSetArcsMax);
}

TEST(MigFsmTest, WalkStopsAtAFailedArc) {
  const TransitionOutcome o = RunTransition(
      kStateRunning, kStateStopCopy,
      [](MigState cur, uint32_t req, MigState* next) {
        return NextState(kMigrationFlagsAll, cur, req, next);
      },
      [](MigState from, MigState to, MigState* after) {
        *after = to == kStateStop ? from : to;
        return to == kStateStop ? -EIO : 0;
      });
  EXPECT_EQ(o.error, -EIO);
  EXPECT_EQ(o.reached, kStateRunningP2P);
  EXPECT_EQ(o.arcs, 2);
  EXPECT_FALSE(o.bound_hit);
}

TEST(MigFsmTest, StateNamesRoundTrip) {
  for (int s = 0; s < kMigStateCount; ++s) {
    EXPECT_EQ(ParseStateName(StateName(s)), static_cast<MigState>(s));
  }
  EXPECT_EQ(StateName(9), "STATE9");
  EXPECT_FALSE(ParseStateName("running").has_value());
}

}  // namespace
}  // namespace migsim::v2
