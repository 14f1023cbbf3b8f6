// File: tests/tools/known_signatures_test.cc
//
// Goal: a campaign learns the known signatures from reproducer headers
// (files and directories, as `migsim replay` finds them), ignores clean
// scenarios, and refuses a missing path or a bad header with a message
// naming it. Method: reproducer files written to a temporary directory.
#include "tools/known_signatures.h"

#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "tests/tools/tool_test_util.h"

namespace migsim {
namespace {

constexpr char kBody[] = "format_version: 1\ntopology { hosts { guest_pages: 1 } }\n";

TEST(KnownSignaturesTest, HeadersOfFilesAndDirectories) {
  const std::string dir = testing::MakeTempDir();
  std::filesystem::create_directories(dir + "/a");
  std::filesystem::create_directories(dir + "/b");
  testing::WriteText(dir + "/a/repro.textproto",
                     std::string("# signature: V2-STOP-NO-DMA.v2_stop_no_drain.RUNNING-to-STOP\n"
                                 "# fail_on: device\n") +
                         kBody);
  testing::WriteText(dir + "/b/repro.textproto",
                     std::string("# signature: IOMMU-DIRTY-READ-CLEARS.iommu_bitmap_keeps_log."
                                 "dirty_get_bitmap\n") +
                         kBody);
  testing::WriteText(dir + "/clean.textproto", std::string("# Expect: clean\n") + kBody);
  absl::StatusOr<KnownSignatures> known = LoadKnownSignatures({dir});
  ASSERT_TRUE(known.ok()) << known.status();
  ASSERT_EQ(known->size(), 2u);
  EXPECT_EQ(known->at("V2-STOP-NO-DMA.v2_stop_no_drain.RUNNING-to-STOP"),
            dir + "/a/repro.textproto");
  EXPECT_EQ(known->count("IOMMU-DIRTY-READ-CLEARS.iommu_bitmap_keeps_log.dirty_get_bitmap"), 1u);
  known = LoadKnownSignatures({dir + "/b/repro.textproto"});
  ASSERT_TRUE(known.ok());
  EXPECT_EQ(known->size(), 1u);
  known = LoadKnownSignatures({});
  ASSERT_TRUE(known.ok());
  EXPECT_TRUE(known->empty());
}

TEST(KnownSignaturesTest, MissingPathsAndBadHeadersAreErrors) {
  const std::string dir = testing::MakeTempDir();
  absl::StatusOr<KnownSignatures> known = LoadKnownSignatures({dir + "/none"});
  ASSERT_FALSE(known.ok());
  EXPECT_NE(known.status().message().find(dir + "/none"), absl::string_view::npos);
  testing::WriteText(dir + "/bad.textproto", std::string("# signature: a b\n") + kBody);
  known = LoadKnownSignatures({dir});
  ASSERT_FALSE(known.ok());
  EXPECT_NE(known.status().message().find("bad.textproto: header signature"),
            absl::string_view::npos)
      << known.status();
}

}  // namespace
}  // namespace migsim
