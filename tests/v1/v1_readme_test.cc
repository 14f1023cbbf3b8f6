// Goal: the rule table in spec/README.md stays in step with the rules: every
// v1 rule (and the family-independent stream rule) has a row naming its ID,
// owner, document and the test that makes it fire.
// Method: read spec/README.md and look for each rule's row.
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "spec/family_rules.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

TEST(V1ReadmeTest, TableListsEveryV1Rule) {
  std::ifstream in(testing::SourceDir() + "/spec/README.md");
  ASSERT_TRUE(in) << "no spec/README.md";
  std::stringstream text;
  text << in.rdbuf();
  std::istringstream lines(text.str());
  std::string line;
  std::map<std::string, std::string> rows;  // ID -> its table row
  while (std::getline(lines, line)) {
    if (line.rfind("| ", 0) != 0) continue;
    rows[line.substr(2, line.find(' ', 2) - 2)] = line;
  }
  EXPECT_NE(text.str().find("\n## v2 rules"), std::string::npos);
  for (const Rule* rule : v1::Rules()) {
    SCOPED_TRACE(std::string(rule->id));
    auto it = rows.find(std::string(rule->id));
    ASSERT_NE(it, rows.end()) << "no row";
    const std::string& row = it->second;
    EXPECT_NE(row.find(absl::StrCat("| ", rule->test, " |")), std::string::npos) << row;
    EXPECT_NE(row.find(absl::StrCat("| ", rule->doc.substr(0, 3), " |")), std::string::npos);
    EXPECT_NE(row.find(rule->owner == Owner::kDevice ? "| device |" : "| user |"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace migsim
