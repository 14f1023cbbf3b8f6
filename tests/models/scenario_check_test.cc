// Goal: every bad input is refused with an error that names the field and
// the value, never a crash.
// Method: one table row per kind of mistake, each checked for its field path.
#include "models/scenario_check.h"

#include <string>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "models/device_factory.h"
#include "sim/scenario_io.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

constexpr char kBase[] = R"pb(
  format_version: 1
  topology {
    hosts { guest_pages: 16 vcpus: 1 }
    devices { kind: DMA_ENGINE host: 0 }
  }
)pb";

struct BadCase {
  std::string name;      // test name
  std::string extra;     // text format merged over kBase
  std::string expected;  // substring of the error
};

class BadInputTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInputTest, NamesTheField) {
  const BadCase& c = GetParam();
  proto::Scenario s = testing::ParseScenario(kBase);
  ASSERT_TRUE(google::protobuf::TextFormat::MergeFromString(c.extra, &s)) << c.extra;
  absl::StatusOr<World> w = CreateWorld(s);
  ASSERT_FALSE(w.ok()) << c.extra;
  EXPECT_EQ(w.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(w.status().message()).find(c.expected), std::string::npos)
      << "got: " << w.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadInputTest,
    ::testing::Values(
        BadCase{"FormatVersion", "format_version: 2", "format_version: 2 is not supported"},
        BadCase{"GuestPagesLimit", "topology { hosts { guest_pages: 4194304 } }",
                "topology.hosts[1].guest_pages: 4194304 exceeds the limit 1048576"},
        BadCase{"PageSize", "topology { hosts { guest_pages: 1 page_size: 3000 } }",
                "topology.hosts[1].page_size: 3000 is not a power of two"},
        BadCase{"DeviceHost", "topology { devices { kind: DMA_ENGINE host: 5 } }",
                "topology.devices[1].host: 5 names no host"},
        BadCase{"KindUnset", "topology { devices { host: 0 } }", "topology.devices[1].kind: not set"},
        BadCase{"KindUnknown", "topology { devices { kind: 77 host: 0 } }",
                "topology.devices[1].kind: 77 is not a known kind"},
        BadCase{"WindowOutsideBar", "topology { p2p_windows { target_device: 0 iova: 0 size: 8192 } }",
                "topology.p2p_windows[0]: window [0, +8192) lies outside"},
        BadCase{"WindowUnaligned", "topology { p2p_windows { target_device: 0 iova: 1 size: 4096 } }",
                "topology.p2p_windows[0]: the IOMMU refuses"},
        BadCase{"ActionKindUnset", "actions { }", "actions[0]: no action kind is set"},
        BadCase{"DmaDevice", "actions { device_dma { device: 3 length: 8 } }",
                "actions[0].device_dma.device: 3 names no device"},
        BadCase{"DmaLengthZero", "actions { device_dma { device: 0 length: 0 } }",
                "actions[0].device_dma.length: must be at least 1"},
        BadCase{"DmaLengthLimit", "actions { device_dma { device: 0 length: 2000000 } }",
                "actions[0].device_dma.length: 2000000 exceeds the limit"},
        BadCase{"MmioWidth", "actions { guest_mmio { device: 0 width: 3 } }",
                "actions[0].guest_mmio.width: 3 is not 1, 2, 4 or 8"},
        BadCase{"VcpuIndex", "actions { vcpu_run { host: 0 vcpu: 4 } }",
                "actions[0].vcpu_run.vcpu: 4 names no vCPU"},
        BadCase{"AdvanceLimit", "actions { advance_time { ns: 99999999999 } }",
                "actions[0].advance_time.ns: 99999999999 exceeds the limit"},
        BadCase{"EventsMax", "bounds { events_max: 999999999999 }", "bounds.events_max"},
        BadCase{"DmaEngineSpan", "topology { devices { kind: DMA_ENGINE host: 0 dma_engine { period_ns: 100 "
                "span: 4 } } }",
                "topology.devices[1].dma_engine.span: 4 must hold one DMA"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return info.param.name; });

TEST(ScenarioCheckTest, NoHostsIsRefused) {
  proto::Scenario s = testing::ParseScenario("format_version: 1");
  absl::Status status = ValidateScenario(s);
  EXPECT_NE(std::string(status.message()).find("topology.hosts: at least one host"),
            std::string::npos);
}

TEST(ScenarioIoTest, TextParseErrorNamesLineAndColumn) {
  absl::StatusOr<proto::Scenario> s = ParseScenarioText("format_version: 1\nseed: x\n", "f.txt");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(std::string(s.status().message()).rfind("f.txt:2:7: ", 0), 0u) << s.status();
}

TEST(ScenarioIoTest, MissingFileIsNotFound) {
  EXPECT_EQ(LoadScenarioFile("/nonexistent/x.textproto").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace migsim
