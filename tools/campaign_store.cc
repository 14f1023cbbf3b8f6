// File: tools/campaign_store.cc
#include "tools/campaign_store.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "sim/scenario_io.h"

namespace migsim {
namespace {

constexpr char kSummaryName[] = "summary.textproto";
constexpr char kSummaryHeader[] =
    "# migsim fuzz campaign summary (tools/campaign_summary.proto); rewritten as the campaign\n"
    "# runs. Rerun `migsim fuzz` with the same --out to resume.\n";

class FirstError final : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (message_.empty()) message_ = absl::StrCat(line + 1, ":", column + 1, ": ", message);
  }
  std::string message_;
};

// "" when the settings match, else the first flag that differs.
std::string Mismatch(const proto::CampaignSummary& stored, const proto::CampaignSummary& now) {
  if (stored.topology() != now.topology()) {
    return absl::StrCat("--topology='", stored.topology(), "' (this one: '", now.topology(), "')");
  }
  if (!std::equal(stored.models().begin(), stored.models().end(), now.models().begin(),
                  now.models().end())) {
    return absl::StrCat("--model=", absl::StrJoin(stored.models(), ","),
                        " (this one: ", absl::StrJoin(now.models(), ","), ")");
  }
  if (stored.fail_on() != now.fail_on()) {
    return absl::StrCat("--fail_on=", stored.fail_on(), " (this one: ", now.fail_on(), ")");
  }
  if (stored.only_rule() != now.only_rule()) {
    return absl::StrCat("--only_rule='", stored.only_rule(), "' (this one: '", now.only_rule(),
                        "')");
  }
  return "";
}

}  // namespace

absl::StatusOr<proto::CampaignSummary> OpenSummary(const std::string& dir,
                                                   const proto::CampaignSummary& settings) {
  const std::string path = absl::StrCat(dir, "/", kSummaryName);
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    proto::CampaignSummary fresh = settings;
    fresh.set_sessions(1);
    return fresh;
  }
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  proto::CampaignSummary stored;
  google::protobuf::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(*text, &stored)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ":", errors.message_));
  }
  if (const std::string differs = Mismatch(stored, settings); !differs.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("--out: ", dir, " holds a campaign with ", differs, "; choose another --out"));
  }
  stored.set_sessions(stored.sessions() + 1);
  stored.set_engine(settings.engine());
  *stored.mutable_known() = settings.known();
  return stored;
}

absl::Status SaveSummary(const std::string& dir, const proto::CampaignSummary& summary) {
  std::string text;
  google::protobuf::TextFormat::Printer printer;
  printer.PrintToString(summary, &text);
  return WriteFileAtomically(absl::StrCat(dir, "/", kSummaryName), kSummaryHeader + text);
}

std::string FormatFindingsTable(const proto::CampaignSummary& summary, const std::string& dir) {
  if (summary.findings().empty()) return "no violation found\n";
  std::vector<std::array<std::string, 7>> rows = {
      {"signature", "rule", "doc", "first found at", "execs", "hits", "repro"}};
  for (const proto::Finding& f : summary.findings()) {
    rows.push_back(
        {f.signature(), f.rule(), f.doc(), absl::StrFormat("%.1fs", f.first_found_s()),
         absl::StrCat(f.first_found_execs()), absl::StrCat(f.hits()),
         f.known() ? absl::StrCat("known: ", f.repro()) : absl::StrCat(dir, "/", f.repro())});
  }
  std::array<size_t, 7> width{};
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      absl::StrAppend(&line, row[c],
                      c + 1 < row.size() ? std::string(width[c] - row[c].size() + 2, ' ') : "");
    }
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

}  // namespace migsim
