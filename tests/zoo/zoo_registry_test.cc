// Goal: the bug zoo's registry is consistent data and its entry points
// refuse bad input with errors that name the field: names are unique,
// sorted, lower_snake_case and carry their family's prefix; every expected
// rule exists, is owed by the device side (a whole-VM rule for a VMM
// mutant, tests/zoo/vmm_mutants_test.cc) and judges every variant the
// mutant claims; every clause quotes its document verbatim; Find,
// CreateDevice (through the device factory), Host.iommu_model and UseModel
// accept what fits and refuse the rest; and no corpus scenario names a
// mutant (the zoo is never used by default).
// Method: walk zoo::Entries(); build worlds with models/device_factory.h;
// compare quotes word by word with ../shared/spec (as
// tests/spec/rule_quotes_test.cc does); parse every corpus textproto.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "models/device_factory.h"
#include "models/zoo/zoo.h"
#include "sim/scenario_io.h"
#include "spec/judge.h"
#include "spec/rule.h"
#include "spec/rule_registry.h"
#include "tests/test_util.h"

namespace migsim::zoo {
namespace {

static_assert(VariantOf(proto::V1_RFC) == VariantBit(proto::V1_RFC));
static_assert(VariantOf(proto::V1) == VariantBit(proto::V1));
static_assert(VariantOf(proto::V1_NDMA) == VariantBit(proto::V1_NDMA));
static_assert(VariantOf(proto::V2) == VariantBit(proto::V2));

// The prefix a name must carry: iommu_, vmm_, rfc_, v1ndma_, v1_ or v2_.
std::string FamilyPrefix(const ZooEntry& e) {
  if (e.target == Target::kIommu) return "iommu_";
  if (e.target == Target::kVmm) return "vmm_";
  if (e.kind == proto::V2_DEVICE) return "v2_";
  if (e.variants == VariantOf(proto::V1_RFC)) return "rfc_";
  if (e.variants == VariantOf(proto::V1_NDMA)) return "v1ndma_";
  return "v1_";
}

TEST(ZooRegistryTest, NamesAreUniqueSortedSnakeCaseAndPrefixed) {
  const absl::Span<const ZooEntry> all = Entries();
  ASSERT_GE(all.size(), 16u);
  const std::regex snake("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  for (size_t i = 0; i < all.size(); ++i) {
    const std::string name(all[i].name);
    EXPECT_TRUE(std::regex_match(name, snake)) << name;
    EXPECT_TRUE(absl::StartsWith(name, FamilyPrefix(all[i]))) << name;
    if (i > 0) EXPECT_LT(all[i - 1].name, all[i].name) << "not sorted or duplicate at " << name;
    EXPECT_EQ(Find(name), &all[i]);
  }
  EXPECT_EQ(Find("no_such_mutant"), nullptr);
  EXPECT_EQ(Find(""), nullptr);
}

TEST(ZooRegistryTest, ExpectedRulesExistAndJudgeTheMutantsVariants) {
  for (const ZooEntry& e : Entries()) {
    const Rule* rule = FindRule(e.expected_rule);
    ASSERT_NE(rule, nullptr) << e.name << ": no rule " << e.expected_rule;
    EXPECT_FALSE(e.description.empty()) << e.name;
    EXPECT_LE(e.description.size(), 100u) << e.name << ": the description is one line";
    if (e.target == Target::kVmm) {
      // The VMM's defects break what the whole-VM rules judge, mostly the
      // user's side (spec/rules/vmm_rules.h), on every variant.
      EXPECT_TRUE(absl::StartsWith(e.expected_rule, "USER-VM-") ||
                  absl::StartsWith(e.expected_rule, "VM-"))
          << e.name << ": " << e.expected_rule << " is not a whole-VM rule";
      EXPECT_EQ(e.make_device, nullptr) << e.name;
      EXPECT_EQ(e.iommu_quirks, IommuQuirks{}) << e.name;
      const VariantMask migratable = VariantBit(proto::V1_RFC) | VariantBit(proto::V1) |
                                     VariantBit(proto::V1_NDMA) | VariantBit(proto::V2);
      EXPECT_EQ(rule->variants & migratable, migratable) << e.name;
      continue;
    }
    EXPECT_EQ(rule->owner, Owner::kDevice) << e.name
                                           << ": a device or IOMMU mutant breaks a "
                                              "device rule";
    if (e.target == Target::kDevice) {
      EXPECT_NE(e.make_device, nullptr) << e.name;
      EXPECT_NE(e.variants, 0u) << e.name;
      EXPECT_EQ(e.variants & ~rule->variants, 0u)
          << e.name << " applies to variants " << e.expected_rule << " does not judge";
      EXPECT_TRUE(e.kind == proto::V1_DEVICE || e.kind == proto::V2_DEVICE) << e.name;
      EXPECT_EQ(e.iommu_quirks, IommuQuirks{}) << e.name;
    } else {
      EXPECT_EQ(e.target, Target::kIommu) << e.name;
      EXPECT_EQ(e.make_device, nullptr) << e.name;
      EXPECT_NE(e.iommu_quirks, IommuQuirks{}) << e.name << " switches no defect on";
      EXPECT_EQ(rule->variants, kAllVariants) << e.name;
    }
  }
}

TEST(ZooRegistryTest, SpreadsOverEveryVariantAndFlagSet) {
  std::set<proto::SpecVariant> variants;
  std::set<uint32_t> v2_flags;
  bool iommu = false;
  for (const ZooEntry& e : Entries()) {
    for (proto::SpecVariant v : {proto::V1_RFC, proto::V1, proto::V1_NDMA, proto::V2}) {
      if (e.variants & VariantOf(v)) variants.insert(v);
    }
    if (e.kind == proto::V2_DEVICE) v2_flags.insert(e.needs.v2_flags_set);
    iommu |= e.target == Target::kIommu;
  }
  EXPECT_EQ(variants.size(), 4u);
  EXPECT_EQ(v2_flags, (std::set<uint32_t>{0, kNeedP2p, kNeedPreCopy, kNeedP2p | kNeedPreCopy}));
  EXPECT_TRUE(iommu);
}

// Words of `text`, dropping the diff and comment markers the documents wrap
// their lines with.
std::vector<std::string> Words(const std::string& text, bool drop_markers) {
  std::istringstream in(text);
  std::vector<std::string> words;
  std::string w;
  while (in >> w) {
    if (drop_markers && (w == "+" || w == "*" || w == "+*" || w == "-")) continue;
    words.push_back(w);
  }
  return words;
}

bool Contains(const std::vector<std::string>& hay, const std::vector<std::string>& needle) {
  if (needle.empty()) return false;
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

TEST(ZooRegistryTest, ClausesQuoteTheirDocumentsVerbatim) {
  const std::string dir = testing::SourceDir() + "/../shared/spec/";
  if (!std::ifstream(dir + "README.md")) GTEST_SKIP() << "no ../shared/spec beside the checkout";
  for (const ZooEntry& e : Entries()) {
    const std::string clause(e.clause);
    const size_t colon = clause.find(": \"");
    ASSERT_NE(colon, std::string::npos) << e.name << ": clause is not 'file: \"phrase\"'";
    ASSERT_EQ(clause.back(), '"') << e.name;
    const std::string doc = clause.substr(0, colon);
    const std::string phrase = clause.substr(colon + 3, clause.size() - colon - 4);
    std::ifstream in(dir + doc);
    ASSERT_TRUE(in) << e.name << ": no document " << doc;
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_TRUE(Contains(Words(text.str(), true), Words(phrase, false)))
        << e.name << ": not found in " << doc << ": " << phrase;
  }
}

// --- creation through the device factory --------------------------------------

proto::Scenario WithDevices(absl::string_view devices) {
  return testing::ParseScenario(absl::StrCat(
      "format_version: 1 seed: 1 topology { hosts { guest_pages: 16 } ", devices, " }"));
}

std::string ErrorOf(const proto::Scenario& s) {
  absl::StatusOr<World> world = CreateWorld(s);
  EXPECT_FALSE(world.ok());
  if (world.ok()) return "";
  EXPECT_EQ(world.status().code(), absl::StatusCode::kInvalidArgument) << world.status();
  return std::string(world.status().message());
}

TEST(ZooRegistryTest, EveryMutantIsBuiltByTheFactoryUnderItsName) {
  for (const ZooEntry& e : Entries()) {
    if (e.target != Target::kDevice) continue;
    proto::Scenario s = WithDevices(
        e.kind == proto::V1_DEVICE
            ? "devices { kind: V1_DEVICE v1 { variant: V1_NDMA ndma_capable: true } } "
              "devices { kind: V1_DEVICE v1 { variant: V1 } } "
              "devices { kind: V1_DEVICE v1 { variant: V1_RFC } }"
            : "devices { kind: V2_DEVICE v2 { p2p: true pre_copy: true } } "
              "devices { kind: V2_DEVICE v2 { p2p: true } } "
              "devices { kind: V2_DEVICE v2 { pre_copy: true } } devices { kind: V2_DEVICE }");
    ASSERT_TRUE(UseModel(s, e.name).ok()) << e.name;
    absl::StatusOr<World> world = CreateWorld(s);
    ASSERT_TRUE(world.ok()) << e.name << ": " << world.status();
    int mutants = 0;
    for (size_t i = 0; i < world->device_count(); ++i) {
      const bool named = s.topology().devices(static_cast<int>(i)).model() == e.name;
      mutants += named;
      EXPECT_EQ(world->device(i).model_name() == e.name, named) << e.name << " d" << i;
      // A copied World keeps the mutant (Clone()).
      EXPECT_EQ(World(*world).device(i).model_name(), world->device(i).model_name());
    }
    EXPECT_GE(mutants, 1) << e.name;
  }
}

TEST(ZooRegistryTest, CreateDeviceNamesTheFieldThatDoesNotFit) {
  EXPECT_TRUE(
      absl::StrContains(ErrorOf(WithDevices("devices { kind: V2_DEVICE model: \"no_such\" }")),
                        "topology.devices[0].model: 'no_such' is not a known model"));
  EXPECT_TRUE(
      absl::StrContains(ErrorOf(WithDevices("devices { kind: V1_DEVICE model: \"v2_stop_no_drain\" "
                                            "v1 { variant: V1 } }")),
                        "topology.devices[0].kind: V1_DEVICE cannot take 'v2_stop_no_drain'"));
  EXPECT_TRUE(absl::StrContains(
      ErrorOf(WithDevices("devices { kind: V1_DEVICE model: \"v1ndma_stops_on_dma_fault\" "
                          "v1 { variant: V1 } }")),
      "topology.devices[0].v1.variant: V1 cannot take"));
  EXPECT_TRUE(absl::StrContains(
      ErrorOf(WithDevices("devices { kind: V1_DEVICE model: \"v1ndma_ndma_no_drain\" "
                          "v1 { variant: V1_NDMA } }")),
      "topology.devices[0].v1.ndma_capable"));
  EXPECT_TRUE(absl::StrContains(
      ErrorOf(WithDevices("devices { kind: DMA_ENGINE } devices { kind: V2_DEVICE "
                          "model: \"v2_p2p_arc_no_drain\" "
                          "v2 { pre_copy: true } }")),
      "topology.devices[1].v2.p2p"));
  EXPECT_TRUE(
      absl::StrContains(ErrorOf(WithDevices("devices { kind: V2_DEVICE model: \"v2_stop_no_drain\" "
                                            "v2 { p2p: true } }")),
                        "topology.devices[0].v2.p2p: 'v2_stop_no_drain' needs false"));
  EXPECT_TRUE(absl::StrContains(
      ErrorOf(WithDevices("devices { kind: V2_DEVICE model: \"iommu_bitmap_keeps_log\" }")),
      "topology.devices[0].model: 'iommu_bitmap_keeps_log' is not a device model"));
  EXPECT_TRUE(absl::StrContains(
      ErrorOf(WithDevices("devices { kind: DMA_ENGINE model: \"v2_stop_no_drain\" }")),
      "topology.devices[0].model"));
  // An absurd name is cut and escaped, never echoed whole.
  const std::string huge(5000, 'x');
  const std::string message =
      ErrorOf(WithDevices(absl::StrCat("devices { kind: V2_DEVICE model: \"", huge, "\" }")));
  EXPECT_LT(message.size(), 300u) << message;
}

TEST(ZooRegistryTest, CreateDeviceValidatesParametersLikeTheReference) {
  for (const auto& [reference, mutant] :
       {std::pair{"devices { kind: V2_DEVICE v2 { internals { state_words: 33 } } }",
                  "devices { kind: V2_DEVICE model: \"v2_reset_keeps_mig_state\" "
                  "v2 { internals { state_words: 33 } } }"},
        std::pair{"devices { kind: V1_DEVICE v1 { variant: V1 data_section_bytes: 1 } }",
                  "devices { kind: V1_DEVICE model: \"v1_open_starts_stopped\" "
                  "v1 { variant: V1 data_section_bytes: 1 } }"}}) {
    const std::string want = ErrorOf(WithDevices(reference));
    EXPECT_FALSE(want.empty());
    EXPECT_EQ(ErrorOf(WithDevices(mutant)), want);
  }
}

TEST(ZooRegistryTest, HostIommuModelIsCheckedAndApplied) {
  const auto with_iommu = [](absl::string_view model) {
    return testing::ParseScenario(absl::StrCat(
        "format_version: 1 seed: 1 topology { hosts { guest_pages: 16 } hosts { guest_pages: 16 "
        "iommu_model: \"",
        model, "\" } }"));
  };
  EXPECT_TRUE(absl::StrContains(ErrorOf(with_iommu("no_such")),
                                "topology.hosts[1].iommu_model: 'no_such' is not a known model"));
  EXPECT_TRUE(absl::StrContains(ErrorOf(with_iommu("v2_stop_no_drain")),
                                "topology.hosts[1].iommu_model: 'v2_stop_no_drain' is not an "
                                "IOMMU model"));
  absl::StatusOr<World> world = CreateWorld(with_iommu("iommu_bitmap_keeps_log"));
  ASSERT_TRUE(world.ok()) << world.status();
  EXPECT_EQ(world->host(0).iommu.quirks(), IommuQuirks{});
  EXPECT_TRUE(world->host(1).iommu.quirks().get_bitmap_keeps_log);
  EXPECT_FALSE(world->host(1).iommu.quirks().mark_first_page_only);
}

// --- UseModel ------------------------------------------------------------------

TEST(ZooRegistryTest, UseModelSwapsIntoEveryDeviceThatFitsAndOnlyThose) {
  proto::Scenario s = WithDevices(
      "devices { kind: V2_DEVICE } devices { kind: V2_DEVICE v2 { p2p: true } } "
      "devices { kind: V1_DEVICE v1 { variant: V1 } } devices { kind: V2_DEVICE "
      "v2 { pre_copy: true } } devices { kind: DMA_ENGINE }");
  ASSERT_TRUE(UseModel(s, "v2_stop_no_drain").ok());
  std::vector<std::string> models;
  for (const proto::Device& d : s.topology().devices()) models.push_back(d.model());
  EXPECT_EQ(models, (std::vector<std::string>{"v2_stop_no_drain", "", "", "v2_stop_no_drain", ""}));
  EXPECT_TRUE(CreateWorld(s).ok());

  ASSERT_TRUE(UseModel(s, "iommu_dirty_first_page_only").ok());
  EXPECT_EQ(s.topology().hosts(0).iommu_model(), "iommu_dirty_first_page_only");
}

TEST(ZooRegistryTest, UseModelErrorsNameTheMutantAndWhatItNeeds) {
  proto::Scenario s = WithDevices("devices { kind: V1_DEVICE v1 { variant: V1 } }");
  const proto::Scenario before = s;
  const absl::Status unknown = UseModel(s, "no_such");
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(unknown.message(), "'no_such'")) << unknown;
  EXPECT_TRUE(absl::StrContains(unknown.message(), "v2_stop_no_drain")) << "lists the names";

  const absl::Status misfit = UseModel(s, "v1ndma_ndma_no_drain");
  EXPECT_EQ(misfit.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(misfit.message(),
                                "'v1ndma_ndma_no_drain' needs a V1_DEVICE "
                                "with v1.variant: V1_NDMA, "
                                "v1.ndma_capable: true"))
      << misfit;
  EXPECT_EQ(s.SerializeAsString(), before.SerializeAsString()) << "a refusal changes nothing";

  proto::Scenario no_host = testing::ParseScenario("format_version: 1 seed: 1");
  EXPECT_EQ(UseModel(no_host, "iommu_bitmap_keeps_log").code(), absl::StatusCode::kInvalidArgument);
}

TEST(ZooRegistryTest, MutantRunsAreDeterministic) {
  proto::Scenario s = testing::ParseScenario(
      "format_version: 1 seed: 9 topology { hosts { guest_pages: 64 identity_map: true } "
      "devices { kind: V2_DEVICE v2 { internals { tick_ns: 700 dma_iova: 4096 } } } } "
      "actions { advance_time { ns: 5000 } } actions { v2_set_state { device: 0 state: 1 } } "
      "actions { advance_time { ns: 2000 } }");
  ASSERT_TRUE(UseModel(s, "v2_stop_no_drain").ok());
  JudgeOptions keep_going;
  keep_going.keep_going = true;
  absl::StatusOr<JudgedRun> a = Judge(s, keep_going);
  absl::StatusOr<JudgedRun> b = Judge(s, keep_going);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a->verdict.device_violations.empty());
  EXPECT_EQ(a->verdict.trace_hash, b->verdict.trace_hash);
  EXPECT_EQ(a->world.Digest(), b->world.Digest());
}

// --- never by default ------------------------------------------------------------

TEST(ZooRegistryTest, NoCorpusScenarioNamesAMutant) {
  namespace fs = std::filesystem;
  const fs::path corpus = fs::path(testing::SourceDir()) / "corpus";
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    const fs::path& p = entry.path();
    if (!entry.is_regular_file() || p.extension() != ".textproto") continue;
    // corpus/regressions/<mutant>/ holds each mutant's reproducers on purpose.
    if (absl::StrContains(p.string(), "/corpus/regressions/")) continue;
    absl::StatusOr<proto::Scenario> s = LoadScenarioFile(p.string());
    if (!s.ok()) continue;  // other tests own the corpus's validity
    ++files;
    for (const proto::Host& h : s->topology().hosts()) EXPECT_EQ(h.iommu_model(), "") << p;
    for (const proto::Device& d : s->topology().devices()) EXPECT_EQ(d.model(), "") << p;
    EXPECT_EQ(s->topology().migration().vmm_model(), "") << p;
  }
  EXPECT_GT(files, 0);
}

}  // namespace
}  // namespace migsim::zoo
