// File: tools/junit_report.cc
#include "tools/junit_report.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "sim/scenario_io.h"

namespace migsim {
namespace {

constexpr absl::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// Length of the well-formed UTF-8 sequence at text[i] (1..4), or 0.
size_t Utf8Length(absl::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t b = byte(i);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return n;
}

}  // namespace

std::string XmlEscape(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    const size_t n = Utf8Length(text, i);
    if (n == 0) {
      out.append(kReplacement.data(), kReplacement.size());
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(text.data() + i, n);
      i += n;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
      case '\n':
      case '\r':
        out += c;
        break;
      default:
        if (static_cast<uint8_t>(c) < 0x20 || c == 0x7F) {
          out.append(kReplacement.data(), kReplacement.size());
        } else {
          out += c;
        }
    }
    ++i;
  }
  return out;
}

std::string JUnitReport::ToXml() const {
  int failures = 0;
  int errors = 0;
  for (const JUnitCase& c : cases_) {
    failures += c.result == JUnitCase::Result::kFailure;
    errors += c.result == JUnitCase::Result::kError;
  }
  const std::string suite = XmlEscape(suite_);
  const std::string classname = XmlEscape(absl::StrReplaceAll(suite_, {{" ", "."}}));
  const std::string counts = absl::StrCat("tests=\"", cases_.size(), "\" failures=\"", failures,
                                          "\" errors=\"", errors, "\"");
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  absl::StrAppend(&out, "<testsuites name=\"", suite, "\" ", counts, ">\n");
  absl::StrAppend(&out, "  <testsuite name=\"", suite, "\" ", counts, " skipped=\"0\">\n");
  for (const JUnitCase& c : cases_) {
    absl::StrAppend(&out, "    <testcase classname=\"", classname, "\" name=\"", XmlEscape(c.name),
                    "\"");
    if (c.result == JUnitCase::Result::kPassed && c.details.empty()) {
      absl::StrAppend(&out, "/>\n");
      continue;
    }
    absl::StrAppend(&out, ">\n");
    if (c.result != JUnitCase::Result::kPassed) {
      const char* element = c.result == JUnitCase::Result::kFailure ? "failure" : "error";
      absl::StrAppend(&out, "      <", element, " type=\"", XmlEscape(c.type), "\" message=\"",
                      XmlEscape(c.message), "\">", XmlEscape(c.details), "</", element, ">\n");
    } else {
      absl::StrAppend(&out, "      <system-out>", XmlEscape(c.details), "</system-out>\n");
    }
    absl::StrAppend(&out, "    </testcase>\n");
  }
  absl::StrAppend(&out, "  </testsuite>\n</testsuites>\n");
  return out;
}

absl::Status JUnitReport::Write(const std::string& path) const {
  return WriteFileAtomically(path, ToXml());
}

}  // namespace migsim
