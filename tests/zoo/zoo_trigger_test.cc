// Goal: every mutant of the bug zoo is caught, by exactly the rule its
// entry names, on a scenario that exercises its defect, and that scenario
// runs clean on the reference models; so each mutant is a real, detectable
// bug and its entry tells the truth.
// Method: a hand-written trigger scenario per mutant (Triggers(), written for
// the reference models; the VMM mutants' in tests/zoo/vmm_triggers.h),
// judged twice by spec/judge.h: as written (must be clean: no device
// violation, no user protocol error, no liveness failure) and after
// zoo::UseModel swapped the mutant in. For a device-owned expected rule the
// distinct device violations must be exactly {expected_rule} (the run stops
// after the action that showed the first, as `migsim run` does); for a
// user-owned one (the VMM mutants') there must be no device violation and
// the distinct user protocol errors must be exactly {expected_rule}. The
// test is parameterized over zoo::Entries(), so a new mutant without a
// trigger fails the suite. Setting ZOO_DESCRIBE=1 prints each run's
// violations.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "models/zoo/zoo.h"
#include "spec/judge.h"
#include "spec/rule_registry.h"
#include "spec/verdict.h"
#include "tests/test_util.h"
#include "tests/zoo/vmm_triggers.h"

namespace migsim::zoo {
namespace {

// --- scenario text builders -------------------------------------------------

// One host: 64 pages (IOVA 0..0x40000 identity mapped), one vCPU.
std::string Scenario(absl::string_view devices, absl::string_view actions) {
  return absl::StrCat("format_version: 1 seed: 5 topology { hosts { guest_pages: 64 ",
                      "identity_map: true vcpus: 1 } ", devices, " } ", actions);
}
std::string V1Dev(absl::string_view variant, absl::string_view fields = "") {
  return absl::StrCat("devices { host: 0 kind: V1_DEVICE v1 { variant: ", variant, " ", fields,
                      " } } ");
}
std::string V2Dev(absl::string_view params = "") {
  return absl::StrCat("devices { host: 0 kind: V2_DEVICE v2 { ", params, " } } ");
}
std::string Act(absl::string_view body) { return absl::StrCat("actions { ", body, " } "); }
std::string Advance(uint64_t ns) { return Act(absl::StrCat("advance_time { ns: ", ns, " }")); }
// QEMU's set_state with mask 0: read device_state, write `value`.
std::string V1Set(uint32_t device, uint32_t value) {
  return Act(absl::StrCat("v1_set_state { device: ", device, " mask: 0 value: ", value, " }"));
}
std::string V2Set(uint32_t device, uint32_t state) {
  return Act(absl::StrCat("v2_set_state { device: ", device, " state: ", state, " }"));
}
std::string V2Close(uint32_t device, uint32_t slot = 0) {
  return Act(absl::StrCat("v2_close_fd { device: ", device, " fd: ", slot, " }"));
}
std::string Dma(uint32_t device, uint64_t iova, uint64_t length) {
  return Act(absl::StrCat("device_dma { device: ", device, " iova: ", iova, " length: ", length,
                          " write: true pattern: 7 }"));
}
std::string Arm(uint32_t device, absl::string_view site, bool to_error) {
  return Act(absl::StrCat("arm_failure { device: ", device, " site: ", site,
                          " to_error: ", to_error ? "true" : "false", " }"));
}

// A device ticking every 1000 ns: ring DMA at 0x1000 completing 500 ns later.
constexpr absl::string_view kBusy = "internals { tick_ns: 1000 dma_iova: 4096 } ";
constexpr uint32_t kR = 1, kS = 2, kZ = 4, kN = 8;  // v1 device_state bits
// v2 states (enum vfio_device_mig_state).
constexpr uint32_t kStop = 1, kRunning = 2, kStopCopy = 3, kResuming = 4, kRunningP2P = 5,
                   kPreCopy = 6, kPreCopyP2P = 7;

// Two P2P devices: d0 ticks and rings a doorbell in d1's BAR (window at IOVA
// 0x100000) on every tick; d1 is idle.
std::string P2pPair() {
  return V2Dev(
             "p2p: true internals { tick_ns: 1000 dma_iova: 4096 p2p_iova: 0x100000 "
             "p2p_every: 1 }") +
         V2Dev("p2p: true") + "p2p_windows { target_device: 1 iova: 0x100000 size: 4096 } ";
}

// A stop-and-copy save of v1 device 0 and its resume into device 1.
std::string V1SaveAndPush() {
  return V1Set(0, kS) + Act("v1_drain { device: 0 }") + V1Set(1, kZ) +
         Act("v1_push { source_device: 0 target_device: 1 }");
}

const std::string kV1Drain = Act("v1_drain { device: 0 }");
const std::string kLogStart =
    Act("v2_log_start { device: 0 page_size: 4096 ranges { iova: 0 length: 0x10000 } }");
const std::string kLogReport =
    Act("v2_log_report { device: 0 iova: 0 length: 0x10000 page_size: 4096 }");
const std::string kLogStop = Act("v2_log_stop { device: 0 }");
const std::string kDmaEngine = "devices { host: 0 kind: DMA_ENGINE } ";
const std::string kGetBitmap = Act("dirty_get_bitmap { host: 0 iova: 0 size: 0x40000 }");

// --- the triggers ------------------------------------------------------------

// The V1_RFC and V1 mutants' triggers.
void AddV1Triggers(std::map<std::string, std::string>& t) {
  t.insert({
      {"rfc_accepts_saving_resuming", Scenario(V1Dev("V1_RFC"), V1Set(0, kS | kZ))},
      {"rfc_bitmap_first_page_only",
       Scenario(V1Dev("V1_RFC"),
                V1Set(0, kS | kR) + Dma(0, 0x10800, 4096) + Advance(1000) +
                    Act("v1_dirty_pfns { device: 0 page_size: 4096 total_pfns: 64 }"))},
      {"rfc_untracked_guest_dma",
       Scenario(V1Dev("V1_RFC"),
                V1Set(0, kS | kR) + Dma(0, 0x5000, 64) + Advance(1000) +
                    Act("v1_dirty_pfns { device: 0 page_size: 4096 total_pfns: 64 }"))},
      {"v1_failed_write_still_commits",
       Scenario(V1Dev("V1"), Arm(0, "STATE_TRANSITION", false) + V1Set(0, kS))},
      {"v1_open_starts_stopped",
       Scenario(V1Dev("V1"), Act("close { device: 0 }") + Act("open { device: 0 }"))},
      {"v1_pending_from_stale_total",
       Scenario(V1Dev("V1", kBusy), V1Set(0, kS | kR) + kV1Drain + Advance(3000) + kV1Drain +
                                        Advance(3000) + V1Set(0, kS) + kV1Drain)},
      {"v1_reserved_echoes_writes",
       Scenario(V1Dev("V1"), Act("v1_write { device: 0 offset: 4 width: 4 value: 7 }") +
                                 Act("v1_read { device: 0 offset: 4 width: 4 }"))},
      {"v1_resume_drops_register",
       Scenario(V1Dev("V1") + V1Dev("V1"),
                Act("vcpu_run { host: 0 vcpu: 0 }") +
                    Act("guest_mmio { device: 0 vcpu: 0 offset: 0x18 width: 8 write: true "
                        "value: 0x5a }") +
                    V1SaveAndPush() + V1Set(1, kR))},
      {"v1_resume_truncates_segment",
       Scenario(V1Dev("V1") + V1Dev("V1"), V1SaveAndPush() + V1Set(1, kR))},
      // A busy source changes in pre-copy (legal), then stops and copies.
      {"v1_save_drops_register",
       Scenario(V1Dev("V1", kBusy) + V1Dev("V1"),
                Act("vcpu_run { host: 0 vcpu: 0 }") +
                    Act("guest_mmio { device: 0 vcpu: 0 offset: 0x18 width: 8 write: true "
                        "value: 0x5a }") +
                    V1Set(0, kS | kR) + Advance(3000) + kV1Drain + Advance(2000) + V1SaveAndPush() +
                    V1Set(1, kR))},
      {"v1_stop_copy_keeps_ticking", Scenario(V1Dev("V1", kBusy), V1Set(0, kS) + Advance(3000))},
  });
}

// The V1_NDMA mutants' triggers.
void AddNdmaTriggers(std::map<std::string, std::string>& t) {
  t.insert({
      {"v1ndma_bit_order_actions", Scenario(V1Dev("V1_NDMA", "ndma_capable: true"), V1Set(0, kN))},
      {"v1ndma_doorbell_during_ndma",
       Scenario(V1Dev("V1_NDMA", "ndma_capable: true"),
                V1Set(0, kN | kR) + Dma(0, 0x5000, 64) + Advance(1000))},
      {"v1ndma_error_no_quiesce",
       Scenario(V1Dev("V1_NDMA", absl::StrCat("ndma_capable: true ", kBusy)),
                Advance(1200) + Arm(0, "STATE_TRANSITION", true) + V1Set(0, kS))},
      {"v1ndma_ndma_no_drain",
       Scenario(V1Dev("V1_NDMA", absl::StrCat("ndma_capable: true ", kBusy)),
                Advance(1200) + V1Set(0, kN | kR))},
      {"v1ndma_reset_keeps_window",
       Scenario(V1Dev("V1_NDMA"), V1Set(0, kS | kR) + Act("v1_save_iteration { device: 0 }") +
                                      Act("reset { device: 0 }") + V1Set(0, kS | kR) +
                                      Act("v1_save_iteration { device: 0 }"))},
      {"v1ndma_resume_ignores_load_error",
       Scenario(V1Dev("V1_NDMA") + V1Dev("V1_NDMA"),
                V1SaveAndPush() + Arm(1, "RESUME_LOAD", false) + V1Set(1, kR))},
      {"v1ndma_stops_on_dma_fault",
       Scenario(V1Dev("V1_NDMA"), Dma(0, 0x100000, 64) + Advance(1000))},
  });
}

// The V2 mutants' triggers.
void AddV2Triggers(std::map<std::string, std::string>& t) {
  t.insert({
      {"v2_leaves_precopy_p2p_via_precopy",
       Scenario(V2Dev("p2p: true pre_copy: true"),
                V2Set(0, kPreCopyP2P) + V2Close(0) + V2Set(0, kRunning))},
      {"v2_log_first_page_only",
       Scenario(V2Dev(), kLogStart + Dma(0, 0x1ff0, 64) + Advance(1000) + kLogReport + kLogStop)},
      {"v2_log_report_clears_bitmap",
       Scenario(V2Dev(), kLogStart +
                             Act("v2_log_report { device: 0 iova: 0 length: 0x10000 page_size: "
                                 "4096 bitmap_preset: 3 }") +
                             kLogStop)},
      {"v2_log_restart_accepted", Scenario(V2Dev(), kLogStart + kLogStart + kLogStop)},
      {"v2_p2p_arc_no_drain",
       Scenario(P2pPair(), Advance(1200) + V2Set(0, kRunningP2P) + Advance(1000))},
      {"v2_p2p_state_not_quiesced", Scenario(P2pPair(), V2Set(0, kRunningP2P) + Advance(3000))},
      {"v2_p2p_stop_skips_running_p2p", Scenario(V2Dev("p2p: true"), V2Set(0, kStop))},
      {"v2_precopy_info_ignores_reads",
       Scenario(V2Dev("pre_copy: true"), V2Set(0, kPreCopy) + Act("v2_save_to_end { device: 0 }") +
                                             Act("v2_precopy_info { device: 0 }") +
                                             Act("v2_read { device: 0 length: 100 }") +
                                             V2Close(0))},
      {"v2_precopy_read_returns_zero",
       Scenario(V2Dev("pre_copy: true"),
                V2Set(0, kPreCopy) + Act("v2_save_to_end { device: 0 }") + V2Close(0))},
      {"v2_reset_keeps_mig_state", Scenario(V2Dev(), V2Set(0, kStop) + Act("reset { device: 0 }"))},
      {"v2_resume_drops_register",
       Scenario(V2Dev() + V2Dev(),
                Act("vcpu_run { host: 0 vcpu: 0 }") +
                    Act("guest_mmio { device: 0 vcpu: 0 offset: 0x18 width: 8 write: true "
                        "value: 0x5a }") +
                    V2Set(0, kStopCopy) + Act("v2_save_to_end { device: 0 }") + V2Close(0) +
                    V2Set(1, kResuming) + Act("v2_push { source_device: 0 target_device: 1 }") +
                    V2Set(1, kStop) + V2Close(1))},
      // The first 600 bytes of one saving fd's stream (a migration cut short):
      // no user error, but the load must fail.
      {"v2_resume_ignores_load_error",
       Scenario(V2Dev() + V2Dev(), V2Set(0, kStopCopy) + Act("v2_read { device: 0 length: 600 }") +
                                       V2Set(1, kResuming) +
                                       Act("v2_push { source_device: 0 target_device: 1 }") +
                                       V2Set(1, kStop) + V2Close(0) + V2Close(1))},
      // A busy source changes in PRE_COPY (legal), then stops and copies.
      {"v2_save_drops_register",
       Scenario(V2Dev(absl::StrCat("pre_copy: true ", kBusy)) + V2Dev("pre_copy: true"),
                Act("vcpu_run { host: 0 vcpu: 0 }") +
                    Act("guest_mmio { device: 0 vcpu: 0 offset: 0x18 width: 8 write: true "
                        "value: 0x5a }") +
                    V2Set(0, kPreCopy) + Advance(3000) + Act("v2_read { device: 0 length: 4096 }") +
                    Advance(2000) + V2Set(0, kStopCopy) + Act("v2_save_to_end { device: 0 }") +
                    V2Close(0) + V2Set(1, kResuming) +
                    Act("v2_push { source_device: 0 target_device: 1 }") + V2Set(1, kStop) +
                    V2Close(1))},
      {"v2_set_drops_arc_error",
       Scenario(V2Dev(), Arm(0, "STATE_TRANSITION", false) + V2Set(0, kStop))},
      {"v2_stop_copy_keeps_session",
       Scenario(V2Dev(), V2Set(0, kStopCopy) + Act("v2_read { device: 0 length: 100 }") +
                             V2Set(0, kStop) + Act("v2_read { device: 0 length: 100 }") +
                             V2Close(0))},
      {"v2_stop_no_drain",
       Scenario(V2Dev(std::string(kBusy)), Advance(1200) + V2Set(0, kStop) + Advance(1000))},
  });
}

// The IOMMU mutants' triggers.
void AddIommuTriggers(std::map<std::string, std::string>& t) {
  t.insert({
      {"iommu_bitmap_keeps_log",
       Scenario(kDmaEngine, Act("dirty_start { host: 0 }") + Dma(0, 0x2000, 64) + Advance(1000) +
                                kGetBitmap + kGetBitmap)},
      // A page logged in a first tracking period, never read; a second START.
      {"iommu_start_keeps_log",
       Scenario(kDmaEngine, Act("dirty_start { host: 0 }") + Dma(0, 0x2000, 64) + Advance(1000) +
                                Act("dirty_stop { host: 0 }") + Act("dirty_start { host: 0 }") +
                                kGetBitmap)},
      {"iommu_dirty_first_page_only",
       Scenario(kDmaEngine,
                Act("dirty_start { host: 0 }") + Dma(0, 0x1ff0, 64) + Advance(1000) + kGetBitmap)},
  });
}

// Every trigger, by mutant name.
const std::map<std::string, std::string>& Triggers() {
  static const auto* const kTriggers = [] {
    auto* t = new std::map<std::string, std::string>;
    AddV1Triggers(*t);
    AddNdmaTriggers(*t);
    AddV2Triggers(*t);
    AddIommuTriggers(*t);
    zoo_testing::AddVmmTriggers(*t);
    return t;
  }();
  return *kTriggers;
}

std::set<std::string> Ids(const std::vector<Violation>& list) {
  std::set<std::string> ids;
  for (const Violation& x : list) ids.insert(std::string(x.rule->id));
  return ids;
}

std::string Describe(const Verdict& v) {
  std::string out;
  for (const auto* list : {&v.device_violations, &v.user_errors}) {
    for (const Violation& x : *list) absl::StrAppend(&out, FormatViolation(x), "\n");
  }
  if (!v.liveness_failure.empty()) absl::StrAppend(&out, v.liveness_failure, "\n");
  return out.empty() ? "(clean)\n" : out;
}

Verdict JudgeText(const proto::Scenario& scenario) {
  absl::StatusOr<JudgedRun> run = Judge(scenario, {});
  EXPECT_TRUE(run.ok()) << run.status();
  if (!run.ok()) return Verdict{};
  if (std::getenv("ZOO_DESCRIBE") != nullptr)
    std::fprintf(stderr, "%s", Describe(run->verdict).c_str());
  return run->verdict;
}

std::vector<std::string> Names() {
  std::vector<std::string> names;
  for (const ZooEntry& e : Entries()) names.emplace_back(e.name);
  return names;
}

class ZooTriggerTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ZooTriggerTest, MutantRaisesExactlyItsRuleAndTheReferenceRunsClean) {
  const ZooEntry* entry = Find(GetParam());
  ASSERT_NE(entry, nullptr);
  auto it = Triggers().find(GetParam());
  ASSERT_NE(it, Triggers().end()) << GetParam() << " has no trigger scenario in Triggers()";
  const proto::Scenario reference = testing::ParseScenario(it->second);

  const Verdict clean = JudgeText(reference);
  EXPECT_TRUE(clean.clean()) << "reference:\n" << Describe(clean);

  proto::Scenario mutated = reference;
  ASSERT_TRUE(UseModel(mutated, entry->name).ok());
  const Verdict caught = JudgeText(mutated);
  const std::set<std::string> want = {std::string(entry->expected_rule)};
  const Rule* rule = FindRule(entry->expected_rule);
  ASSERT_NE(rule, nullptr) << entry->expected_rule;
  EXPECT_TRUE(caught.liveness_failure.empty()) << caught.liveness_failure;
  if (rule->owner == Owner::kUser) {
    // A VMM defect: the user side breaks exactly its rule, and no device is
    // blamed for it.
    EXPECT_EQ(Ids(caught.user_errors), want) << "mutant:\n" << Describe(caught);
    EXPECT_TRUE(caught.device_violations.empty()) << "mutant:\n" << Describe(caught);
    ASSERT_FALSE(caught.user_errors.empty());
    // The first one is on a host of the migration the mutant ran.
    const proto::MigrationTopology& m = mutated.topology().migration();
    EXPECT_EQ(m.vmm_model(), entry->name);
    const uint16_t host = caught.user_errors.front().host;
    EXPECT_TRUE(host == m.source_host() || host == m.destination_host()) << "host " << host;
    return;
  }
  EXPECT_EQ(Ids(caught.device_violations), want) << "mutant:\n" << Describe(caught);
  // The first violation comes from the mutant: its device, or its host.
  ASSERT_FALSE(caught.device_violations.empty());
  const Violation& first = caught.device_violations.front();
  if (entry->target == Target::kDevice) {
    ASSERT_LT(first.device, static_cast<uint32_t>(mutated.topology().devices_size()));
    EXPECT_EQ(mutated.topology().devices(first.device).model(), entry->name);
  } else {
    EXPECT_EQ(first.device, kNoDevice);
  }
}

INSTANTIATE_TEST_SUITE_P(AllMutants, ZooTriggerTest, ::testing::ValuesIn(Names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(ZooTriggerTableTest, EveryTriggerNamesAMutant) {
  for (const auto& [name, text] : Triggers()) EXPECT_NE(Find(name), nullptr) << name;
}

}  // namespace
}  // namespace migsim::zoo
