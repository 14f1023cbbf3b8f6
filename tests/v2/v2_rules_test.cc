// Goal: every v2 rule names a test in tests/v2/ that exists (the test that
// makes it fire), every rule has a row in spec/README.md, and the
// rule IDs follow the V2- / USER-V2- scheme with the owner they say.
// Method: read the registry (v2::Rules()) and grep the test sources and the
// README rows for each rule.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "spec/family_rules.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string AllV2Tests() {
  std::string all;
  for (const auto& e : std::filesystem::directory_iterator(testing::SourceDir() + "/tests/v2")) {
    if (e.path().extension() == ".cc") all += ReadAll(e.path().string());
  }
  return all;
}

TEST(V2RulesTest, EveryRuleNamesAnExistingTestAndHasAReadmeRow) {
  const std::string tests = AllV2Tests();
  const std::string readme = ReadAll(testing::SourceDir() + "/spec/README.md");
  ASSERT_FALSE(v2::Rules().empty());
  for (const Rule* rule : v2::Rules()) {
    SCOPED_TRACE(std::string(rule->id));
    const std::string test(rule->test);
    const size_t dot = test.find('.');
    ASSERT_NE(dot, std::string::npos);
    const std::string decl =
        "TEST(" + test.substr(0, dot) + ", " + test.substr(dot + 1) + ")";
    EXPECT_NE(tests.find(decl), std::string::npos) << decl;
    EXPECT_NE(readme.find("| " + std::string(rule->id) + " | V2 |"), std::string::npos);
    const bool user = rule->id.substr(0, 5) == "USER-";
    EXPECT_EQ(user, rule->owner == Owner::kUser);
    EXPECT_EQ(rule->id.substr(user ? 5 : 0, 3), "V2-");
    EXPECT_EQ(rule->variants, VariantBit(proto::V2));
  }
}

}  // namespace
}  // namespace migsim
