// Goal: every reference scenario in corpus/v1/ runs without a device
// violation or a liveness failure on the reference models (exit status 0),
// says in a leading comment what it exercises and which rules it satisfies
// (every ID named there is a registered rule), and together the scenarios
// name every v1 rule. Only the scenario about user errors reports user
// protocol errors, exactly those its comment expects.
// Method: judge each file with the real Judge and parse its leading comment.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sim/scenario_io.h"
#include "spec/family_rules.h"
#include "spec/judge.h"
#include "spec/rule_registry.h"
#include "tests/test_util.h"

namespace migsim {
namespace {

std::vector<std::string> V1CorpusFiles() {
  std::vector<std::string> files;
  const std::filesystem::path dir = testing::SourceDir() + "/corpus/v1";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".textproto") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The leading '#' comment block of `file`.
std::string LeadingComment(const std::string& file) {
  std::ifstream in(file);
  std::string line, out;
  while (std::getline(in, line) && line.rfind("#", 0) == 0) out += line.substr(1) + "\n";
  return out;
}

// Words of `text` that look like rule IDs (upper case, digits and dashes).
std::vector<std::string> IdLikeWords(const std::string& text, const std::string& after = "") {
  std::string from = text;
  if (!after.empty()) {
    const size_t at = text.find(after);
    if (at == std::string::npos) return {};
    from = text.substr(at + after.size());
    const size_t end = from.find("Satisfies");  // the next label
    if (end != std::string::npos) from = from.substr(0, end);
  }
  std::vector<std::string> ids;
  std::string word;
  for (char c : from + " ") {
    if (std::isupper(static_cast<unsigned char>(c)) ||
        std::isdigit(static_cast<unsigned char>(c)) || c == '-') {
      word += c;
      continue;
    }
    if (word.find('-') != std::string::npos && word.size() > 4 && word.front() != '-') {
      ids.push_back(word);
    }
    word.clear();
  }
  return ids;
}

TEST(V1CorpusTest, EveryScenarioRunsCleanAndNamesItsRules) {
  const std::vector<std::string> files = V1CorpusFiles();
  ASSERT_GE(files.size(), 5u);
  std::set<std::string> named;
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    const std::string comment = LeadingComment(file);
    ASSERT_FALSE(comment.empty()) << "no leading # comment";
    EXPECT_NE(comment.find("Satisfies"), std::string::npos);
    for (const std::string& id : IdLikeWords(comment)) {
      if (id.rfind("V1", 0) != 0 && id.rfind("USER", 0) != 0 && id.rfind("STREAM", 0) != 0) {
        continue;
      }
      EXPECT_NE(FindRule(id), nullptr) << "names no rule: " << id;
      named.insert(id);
    }
    absl::StatusOr<proto::Scenario> s = LoadScenarioFile(file);
    ASSERT_TRUE(s.ok()) << s.status();
    absl::StatusOr<JudgedRun> run = Judge(*s, {});
    ASSERT_TRUE(run.ok()) << run.status();
    const Verdict& v = run->verdict;
    for (const Violation& x : v.device_violations) ADD_FAILURE() << FormatViolation(x);
    EXPECT_TRUE(v.liveness_failure.empty()) << v.liveness_failure;
    EXPECT_EQ(v.ExitCode(false), kExitClean);
    std::set<std::string> user;
    for (const Violation& x : v.user_errors) user.insert(std::string(x.rule->id));
    const std::vector<std::string> expected = IdLikeWords(comment, "User errors expected");
    EXPECT_EQ(user, std::set<std::string>(expected.begin(), expected.end()));
  }
  for (const Rule* rule : v1::Rules()) {
    EXPECT_TRUE(named.contains(std::string(rule->id))) << rule->id << " is in no corpus/v1 file";
  }
}

}  // namespace
}  // namespace migsim
