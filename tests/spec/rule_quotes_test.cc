// Goal: every rule quotes its document verbatim and IDs are unique.
// Method: compare word sequences (the texts wrap lines and prefix them with
// diff and comment markers, so "+", "*" and "+*" tokens are dropped from the
// document, and whitespace runs are folded).
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "spec/rule_registry.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

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

bool ContainsSequence(const std::vector<std::string>& hay, const std::vector<std::string>& needle) {
  if (needle.empty()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    bool match = true;
    for (size_t j = 0; j < needle.size() && match; ++j) match = hay[i + j] == needle[j];
    if (match) return true;
  }
  return false;
}

TEST(RuleQuotesTest, EveryQuoteAppearsVerbatimInItsDocument) {
  const std::string dir = testing::SourceDir() + "/../shared/spec/";
  if (!std::ifstream(dir + "README.md")) GTEST_SKIP() << "no ../shared/spec beside the checkout";
  for (const Rule* rule : AllRules()) {
    std::ifstream in(dir + std::string(rule->doc));
    ASSERT_TRUE(in) << rule->id << ": no document " << rule->doc;
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_TRUE(ContainsSequence(Words(text.str(), true), Words(std::string(rule->quote), false)))
        << rule->id << ": quote not found in " << rule->doc << ": " << rule->quote;
  }
}

TEST(RuleQuotesTest, IdsAreUniqueAndFindable) {
  std::set<absl::string_view> ids;
  for (const Rule* rule : AllRules()) {
    EXPECT_TRUE(ids.insert(rule->id).second) << "duplicate " << rule->id;
    EXPECT_EQ(FindRule(rule->id), rule);
    EXPECT_FALSE(rule->summary.empty()) << rule->id;
    EXPECT_FALSE(rule->test.empty()) << rule->id << " names no test that makes it fire";
    EXPECT_NE(rule->variants, 0u) << rule->id;
  }
  EXPECT_EQ(FindRule("NO-SUCH-RULE"), nullptr);
}

}  // namespace
}  // namespace migsim
