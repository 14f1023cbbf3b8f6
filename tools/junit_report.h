// File: tools/junit_report.h
//
// JUnitReport: the results of `migsim run --junit=FILE` and `migsim replay
// --junit=FILE` as JUnit XML, the format CI systems (GitLab, Jenkins, GitHub
// test reporters) read: one <testsuite> holding one <testcase> per scenario
// file, with a <failure> (the run showed a violation, or replay found the
// file not behaving as expected) or an <error> (bad input) whose message is
// the formatted violation. The document is deterministic (no timestamps or
// host names) and well-formed XML 1.0: markup characters are escaped and
// characters XML 1.0 forbids are written as U+FFFD.
#ifndef MIGSIM_TOOLS_JUNIT_REPORT_H_
#define MIGSIM_TOOLS_JUNIT_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace migsim {

// JUnitCase: one scenario file's result. A plain value.
struct JUnitCase {
  enum class Result { kPassed, kFailure, kError };
  std::string name;  // the scenario file's path
  Result result = Result::kPassed;
  std::string type;     // kFailure/kError: rule ID, "CHANGED", "BAD-INPUT", ...
  std::string message;  // kFailure/kError: one line, e.g. FormatViolation()
  std::string details;  // the element's text: the verdict lines, the replay command
};

// JUnitReport: collects cases, renders them. Thread-compatible.
//
// Example:
//   JUnitReport report("migsim run");
//   report.Add({.name = "a.textproto"});
//   absl::Status s = report.Write("results.xml");
class JUnitReport {
 public:
  // `suite` names the <testsuite> and, with '.' for ' ', each case's classname.
  explicit JUnitReport(std::string suite) : suite_(std::move(suite)) {}

  void Add(JUnitCase test_case) { cases_.push_back(std::move(test_case)); }

  // The XML document.
  std::string ToXml() const;

  // Writes ToXml() to `path` atomically (sim/scenario_io.h).
  // Errors: those of WriteFileAtomically.
  absl::Status Write(const std::string& path) const;

 private:
  std::string suite_;
  std::vector<JUnitCase> cases_;
};

// `text` escaped for XML 1.0 text and attribute values.
std::string XmlEscape(absl::string_view text);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_JUNIT_REPORT_H_
