// File: fuzz/seeds_main.cc
//
// migsim_seeds IN... OUTDIR: converts scenario files into the binary
// FuzzInputs the fuzz engines read (the scenario wrapped, every swarm list
// empty, every model choice cleared), one OUTDIR/<name>.pb per scenario,
// under the seed policy of fuzz/seed_policy.h: models are cleared because a
// seed brings actions, not defects (a campaign swaps in its own models,
// MIGSIM_FUZZ_MODEL), and the zoo's regression reproducers below a
// directory IN (its regressions/ directories) are left out. Each IN is a
// scenario file (.textproto or binary .pb) or a directory searched
// recursively for *.textproto. <name> is the file's path below its IN directory with '/'
// as '_' (for a file IN: its stem), so corpus/v2/dma_logging.textproto
// becomes v2_dma_logging.pb when IN is corpus/. Files are written
// atomically; the build runs it over corpus/ into <build>/fuzz_seeds/.
//
// migsim_seeds --dict=FILE writes instead a libFuzzer / AFL++ dictionary
// for byte-level mutation of binary FuzzInputs, derived from the schema by
// reflection (so a new action kind is in it without an edit): the tag bytes
// of every Action kind and the varint encodings of the mutator's
// interesting values (fuzz/field_roles.h).
//
// Exit status: 0, or 2 with one line naming the file and the problem
// (unreadable, not a scenario, or two inputs mapping to one name).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "fuzz/field_roles.h"
#include "fuzz/interesting_values.h"
#include "fuzz/seed_policy.h"
#include "protos/fuzz_input.pb.h"
#include "sim/scenario_io.h"

namespace {

namespace fs = std::filesystem;

// name -> source file, sorted so the output does not depend on directory order.
using Plan = std::map<std::string, std::string>;

absl::Status AddFile(const fs::path& file, const std::string& name, Plan& plan) {
  const auto [it, inserted] = plan.emplace(name, file.string());
  if (!inserted) {
    return absl::InvalidArgumentError(
        absl::StrCat(file.string(), ": output name ", name, " already taken by ", it->second));
  }
  return absl::OkStatus();
}

absl::Status AddInput(const fs::path& in, Plan& plan) {
  std::error_code error;
  if (!fs::is_directory(in, error)) {
    if (!fs::exists(in, error))
      return absl::NotFoundError(absl::StrCat(in.string(), ": not found"));
    return AddFile(in, in.stem().string() + ".pb", plan);
  }
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(in, error)) {
    if (!e.is_regular_file() || e.path().extension() != ".textproto") continue;
    if (migsim::IsRegressionPath(fs::relative(e.path(), in))) continue;  // fuzz/seed_policy.h
    files.push_back(e.path());
  }
  if (error) return absl::InternalError(absl::StrCat(in.string(), ": ", error.message()));
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    fs::path relative = fs::relative(file, in);
    relative.replace_extension(".pb");
    if (absl::Status s = AddFile(file, absl::StrReplaceAll(relative.string(), {{"/", "_"}}), plan);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status Convert(const std::string& source, const fs::path& out) {
  absl::StatusOr<migsim::proto::Scenario> scenario = migsim::LoadScenarioFile(source);
  if (!scenario.ok()) return scenario.status();
  migsim::proto::FuzzInput input;
  *input.mutable_scenario() = *std::move(scenario);
  migsim::StripModels(*input.mutable_scenario());
  std::string bytes;
  if (!input.SerializeToString(&bytes)) {
    return absl::InternalError(absl::StrCat(source, ": cannot serialize"));
  }
  return migsim::WriteFileAtomically(out.string(), bytes);
}

std::string Varint(uint64_t value) {
  std::string out;
  do {
    const auto byte = static_cast<uint8_t>(value & 0x7F);
    value >>= 7;
    out.push_back(static_cast<char>(value != 0 ? (byte | 0x80) : byte));
  } while (value != 0);
  return out;
}

std::string Escaped(const std::string& bytes) {
  std::string out;
  for (unsigned char c : bytes) absl::StrAppendFormat(&out, "\\x%02X", c);
  return out;
}

// The dictionary, one `name="bytes"` line per token, in a fixed order.
std::string Dictionary() {
  std::string out =
      "# migsim FuzzInput dictionary (migsim_seeds --dict): Action kind tags,\n"
      "# then varint encodings of the mutator's interesting values.\n";
  const google::protobuf::OneofDescriptor* kind =
      migsim::proto::Action::descriptor()->FindOneofByName("kind");
  for (int i = 0; i < kind->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = kind->field(i);
    absl::StrAppend(&out, "kind_", f->name(), "=\"",
                    Escaped(Varint((static_cast<uint64_t>(f->number()) << 3) | 2)), "\"\n");
  }
  std::map<std::string, uint64_t> values;  // encoding -> value, deduplicated and sorted
  for (int role = 0; role <= static_cast<int>(migsim::FieldRole::kSeed); ++role) {
    for (uint64_t v : migsim::InterestingValues(static_cast<migsim::FieldRole>(role))) {
      values.emplace(Varint(v), v);
    }
  }
  for (const auto& [encoding, value] : values) {
    absl::StrAppend(&out, "value_", absl::Hex(value), "=\"", Escaped(encoding), "\"\n");
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && absl::string_view(argv[1]).substr(0, 7) == "--dict=") {
    const std::string path(absl::string_view(argv[1]).substr(7));
    if (absl::Status s = migsim::WriteFileAtomically(path, Dictionary()); !s.ok()) {
      std::fprintf(stderr, "migsim_seeds: %s\n", std::string(s.message()).c_str());
      return 2;
    }
    return 0;
  }
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: migsim_seeds IN... OUTDIR  (IN: scenario file or directory)\n"
                 "       migsim_seeds --dict=FILE\n");
    return 2;
  }
  const fs::path out_dir = argv[argc - 1];
  Plan plan;
  for (int i = 1; i < argc - 1; ++i) {
    if (absl::Status s = AddInput(argv[i], plan); !s.ok()) {
      std::fprintf(stderr, "migsim_seeds: %s\n", std::string(s.message()).c_str());
      return 2;
    }
  }
  std::error_code error;
  fs::create_directories(out_dir, error);
  if (error) {
    std::fprintf(stderr, "migsim_seeds: %s: %s\n", out_dir.c_str(), error.message().c_str());
    return 2;
  }
  for (const auto& [name, source] : plan) {
    if (absl::Status s = Convert(source, out_dir / name); !s.ok()) {
      std::fprintf(stderr, "migsim_seeds: %s\n", std::string(s.message()).c_str());
      return 2;
    }
  }
  std::printf("migsim_seeds: %zu seeds in %s\n", plan.size(), out_dir.c_str());
  return 0;
}
