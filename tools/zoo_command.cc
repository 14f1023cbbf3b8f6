// File: tools/zoo_command.cc
//
// `migsim zoo`: the bug zoo's registry (models/zoo/zoo.h). Without an
// argument it prints one line per mutant: name, target, what it applies to
// (kind, variants and further needs), the rule the oracle is expected to
// raise, and the one-line description. `migsim zoo NAME` prints that entry
// in full, with the spec clause its defect breaks and how to select it.
// Exit status: 0, or 2 for an unknown name or extra arguments.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "models/zoo/zoo.h"
#include "spec/verdict.h"
#include "tools/commands.h"

namespace migsim {
namespace {

absl::string_view TargetName(zoo::Target target) {
  switch (target) {
    case zoo::Target::kDevice:
      return "device";
    case zoo::Target::kIommu:
      return "iommu";
    case zoo::Target::kVmm:
      return "vmm";
  }
  return "?";
}

void PrintTable() {
  const absl::Span<const zoo::ZooEntry> entries = zoo::Entries();
  size_t name_width = 4, applies_width = 10, rule_width = 13;
  for (const zoo::ZooEntry& e : entries) {
    name_width = std::max(name_width, e.name.size());
    applies_width = std::max(applies_width, zoo::NeedsText(e).size());
    rule_width = std::max(rule_width, e.expected_rule.size());
  }
  const auto row = [&](absl::string_view name, absl::string_view target, absl::string_view applies,
                       absl::string_view rule, absl::string_view description) {
    std::printf("%s\n", absl::StrFormat("%-*s  %-6s  %-*s  %-*s  %s", name_width, name, target,
                                        applies_width, applies, rule_width, rule, description)
                            .c_str());
  };
  row("name", "target", "applies to", "expected rule", "description");
  for (const zoo::ZooEntry& e : entries) {
    row(e.name, TargetName(e.target), zoo::NeedsText(e), e.expected_rule, e.description);
  }
  std::printf("%zu mutants; `migsim zoo NAME` shows one, --model=NAME swaps it in.\n",
              entries.size());
}

void PrintEntry(const zoo::ZooEntry& e) {
  std::printf("name:          %s\n", std::string(e.name).c_str());
  std::printf("target:        %s\n", std::string(TargetName(e.target)).c_str());
  std::printf("applies to:    %s\n", zoo::NeedsText(e).c_str());
  std::printf("expected rule: %s\n", std::string(e.expected_rule).c_str());
  std::printf("defect:        %s\n", std::string(e.description).c_str());
  std::printf("clause:        %s\n", std::string(e.clause).c_str());
  const std::string field = e.target == zoo::Target::kIommu ? "Host.iommu_model"
                            : e.target == zoo::Target::kVmm ? "Topology.migration.vmm_model"
                                                            : "Device.model";
  std::printf("select with:   --model=%s, or %s: \"%s\" in a scenario\n",
              std::string(e.name).c_str(), field.c_str(), std::string(e.name).c_str());
}

}  // namespace

int ZooCommand(const Args& args) {
  if (args.empty()) {
    PrintTable();
    return kExitClean;
  }
  if (args.size() > 1) {
    std::fprintf(stderr, "usage: migsim zoo [NAME]\n");
    return kExitBadInput;
  }
  const zoo::ZooEntry* entry = zoo::Find(args[0]);
  if (entry == nullptr) {
    std::fprintf(stderr, "zoo: '%s' is not a mutant of the zoo; `migsim zoo` lists them\n",
                 args[0].c_str());
    return kExitBadInput;
  }
  PrintEntry(*entry);
  return kExitClean;
}

}  // namespace migsim
