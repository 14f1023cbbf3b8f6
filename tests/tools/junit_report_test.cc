// File: tests/tools/junit_report_test.cc
//
// Goal: the JUnit XML is well-formed whatever the scenario paths and
// violation texts hold, counts its failures and errors, and puts the
// formatted violation in the failure message. Method: a small XML 1.0
// well-formedness checker (elements nest, attributes are quoted, text has no
// raw markup, only allowed characters) over reports with hostile strings.
#include "tools/junit_report.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/tools/tool_test_util.h"

namespace migsim {
namespace {

JUnitCase Case(std::string name, JUnitCase::Result result = JUnitCase::Result::kPassed,
               std::string type = "", std::string message = "", std::string details = "") {
  JUnitCase c;
  c.name = std::move(name);
  c.result = result;
  c.type = std::move(type);
  c.message = std::move(message);
  c.details = std::move(details);
  return c;
}

// Returns "" when `xml` is well-formed for the subset JUnitReport writes
// (declaration, elements, attributes, text, entity references), else why not.
std::string WellFormedness(const std::string& xml) {
  std::vector<std::string> open;
  size_t i = 0;
  if (xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) != 0) return "no declaration";
  i = xml.find('\n') + 1;
  bool root_seen = false;
  while (i < xml.size()) {
    const char c = xml[i];
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
      return "control character at " + std::to_string(i);
    }
    if (c == '&') {
      const size_t end = xml.find(';', i);
      const std::string entity = xml.substr(i, end - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" &&
          entity != "&apos;") {
        return "bad entity " + entity;
      }
      i = end + 1;
      continue;
    }
    if (c == '>') return "raw '>' in text at " + std::to_string(i);
    if (c != '<') {
      if (open.empty() && c != '\n' && c != ' ') return "text outside the root";
      ++i;
      continue;
    }
    const size_t end = xml.find('>', i);
    if (end == std::string::npos) return "unterminated tag";
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag.find('<') != std::string::npos) return "'<' inside a tag: " + tag;
    size_t quotes = 0;
    for (char t : tag) quotes += t == '"';
    if (quotes % 2 != 0) return "unbalanced quotes in " + tag;
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return "mismatched </" + tag + ">";
      open.pop_back();
    } else {
      const bool empty = tag.back() == '/';
      const std::string name = tag.substr(0, tag.find_first_of(" /"));
      if (open.empty()) {
        if (root_seen) return "second root " + name;
        root_seen = true;
      }
      if (!empty) open.push_back(name);
    }
    i = end + 1;
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

TEST(JUnitReportTest, EscapesMarkupControlAndInvalidUtf8) {
  EXPECT_EQ(XmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(XmlEscape("tab\tnl\n"), "tab\tnl\n");
  EXPECT_EQ(XmlEscape(std::string("x\x01y\x7f", 4)), "x\xEF\xBF\xBDy\xEF\xBF\xBD");
  EXPECT_EQ(XmlEscape("caf\xC3\xA9"), "caf\xC3\xA9");            // UTF-8 kept
  EXPECT_EQ(XmlEscape("\xC3("), "\xEF\xBF\xBD(");                // broken sequence
  EXPECT_EQ(XmlEscape("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated at the end
}

TEST(JUnitReportTest, WellFormedWithCountsAndMessages) {
  JUnitReport report("migsim run");
  report.Add(Case("corpus/v2/a.textproto"));
  report.Add(Case("odd <name> & \"quotes\".textproto", JUnitCase::Result::kFailure,
                  "V2-PATH-SHORTEST",
                  "V2-PATH-SHORTEST (doc: \"quote\"): took RUNNING -> STOP [device d0]",
                  "verdict: VIOLATION\x02\nreplay: migsim run x\n"));
  report.Add(Case("bad.textproto", JUnitCase::Result::kError, "BAD-INPUT",
                  "bad.textproto: topology.hosts[0].guest_pages: must be at least 1"));
  const std::string xml = report.ToXml();
  EXPECT_EQ(WellFormedness(xml), "") << xml;
  EXPECT_NE(xml.find("<testsuite name=\"migsim run\" tests=\"3\" failures=\"1\" errors=\"1\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase classname=\"migsim.run\" name=\"corpus/v2/a.textproto\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<failure type=\"V2-PATH-SHORTEST\" message=\"V2-PATH-SHORTEST (doc: "
                     "&quot;quote&quot;): took RUNNING -&gt; STOP [device d0]\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<error type=\"BAD-INPUT\""), std::string::npos);
  EXPECT_EQ(xml.find("\x02"), std::string::npos);
}

TEST(JUnitReportTest, CheckerRejectsBrokenDocuments) {
  const std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  EXPECT_NE(WellFormedness(head + "<a><b></a></b>\n"), "");
  EXPECT_NE(WellFormedness(head + "<a>x & y</a>\n"), "");
  EXPECT_NE(WellFormedness(head + "<a b=\"1></a>\n"), "");
  EXPECT_NE(WellFormedness(head + "<a/><b/>\n"), "");
  EXPECT_EQ(WellFormedness(head + "<a b=\"&lt;\"><c/>t&amp;</a>\n"), "");
}

TEST(JUnitReportTest, WritesTheFileAtomically) {
  JUnitReport report("migsim replay");
  report.Add(Case("r.textproto"));
  const std::string path = testing::MakeTempDir() + "/junit.xml";
  ASSERT_TRUE(report.Write(path).ok());
  EXPECT_EQ(testing::ReadText(path), report.ToXml());
  EXPECT_FALSE(report.Write(testing::MakeTempDir() + "/no/such/dir/junit.xml").ok());
}

}  // namespace
}  // namespace migsim
