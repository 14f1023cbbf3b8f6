// File: tests/tools/campaign_store_test.cc
//
// Goal: a campaign directory's summary round-trips through its text file, a
// rerun resumes it (sessions counted, findings kept) only with the same
// settings, and the findings table has one aligned row per signature.
// Method: save, reopen and format summaries in a temporary directory.
#include "tools/campaign_store.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/tools/tool_test_util.h"

namespace migsim {
namespace {

proto::CampaignSummary Settings() {
  proto::CampaignSummary s;
  s.set_engine("libfuzzer");
  s.set_topology("topo.textproto");
  s.add_models("planted_v2_dma_in_stop");
  s.set_fail_on("device");
  return s;
}

TEST(CampaignStoreTest, FreshThenResumedWithTheSameSettingsOnly) {
  const std::string dir = testing::MakeTempDir();
  absl::StatusOr<proto::CampaignSummary> fresh = OpenSummary(dir, Settings());
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(fresh->sessions(), 1u);
  fresh->set_execs(1234);
  proto::Finding& f = *fresh->add_findings();
  f.set_signature("R.m.w");
  fresh->add_judged("crashes/crash-1");
  ASSERT_TRUE(SaveSummary(dir, *fresh).ok());
  const std::string text = testing::ReadText(dir + "/summary.textproto");
  EXPECT_EQ(text.rfind("# migsim fuzz campaign summary", 0), 0u);

  proto::CampaignSummary afl = Settings();
  afl.set_engine("afl");
  absl::StatusOr<proto::CampaignSummary> resumed = OpenSummary(dir, afl);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->sessions(), 2u);
  EXPECT_EQ(resumed->execs(), 1234u);
  EXPECT_EQ(resumed->findings(0).signature(), "R.m.w");
  EXPECT_EQ(resumed->judged(0), "crashes/crash-1");
  EXPECT_EQ(resumed->engine(), "afl") << "the engine may change between sessions";

  proto::CampaignSummary other = Settings();
  other.set_fail_on("user");
  absl::StatusOr<proto::CampaignSummary> refused = OpenSummary(dir, other);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "--out: " + dir +
                " holds a campaign with --fail_on=device (this one: user); choose another --out");
  other = Settings();
  other.clear_models();
  EXPECT_FALSE(OpenSummary(dir, other).ok());

  testing::WriteText(dir + "/summary.textproto", "execs: \"many\"\n");
  absl::StatusOr<proto::CampaignSummary> broken = OpenSummary(dir, Settings());
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(std::string(broken.status().message()).rfind(dir + "/summary.textproto:1:", 0), 0u)
      << broken.status();
}

TEST(CampaignStoreTest, FindingsTable) {
  proto::CampaignSummary s;
  EXPECT_EQ(FormatFindingsTable(s, "out"), "no violation found\n");
  proto::Finding& a = *s.add_findings();
  a.set_signature("V2-STOP-NO-DMA.planted_v2_dma_in_stop.device_dma");
  a.set_rule("V2-STOP-NO-DMA");
  a.set_doc("004_ca0a322ccd212e3d.txt");
  a.set_first_found_s(2.04);
  a.set_first_found_execs(82);
  a.set_hits(3);
  a.set_repro(a.signature() + "/repro.textproto");
  proto::Finding& b = *s.add_findings();
  b.set_signature("R.m.w");
  b.set_rule("R");
  b.set_doc("d");
  b.set_first_found_s(61);
  b.set_first_found_execs(100000);
  b.set_hits(1);
  b.set_repro("R.m.w/repro.textproto");
  EXPECT_EQ(FormatFindingsTable(s, "out"),
            "signature                                         rule            doc             "
            "          first found at  execs   hits  repro\n"
            "V2-STOP-NO-DMA.planted_v2_dma_in_stop.device_dma  V2-STOP-NO-DMA  "
            "004_ca0a322ccd212e3d.txt  2.0s            82      3     "
            "out/V2-STOP-NO-DMA.planted_v2_dma_in_stop.device_dma/repro.textproto\n"
            "R.m.w                                             R               d               "
            "          61.0s           100000  1     out/R.m.w/repro.textproto\n");
}

}  // namespace
}  // namespace migsim
