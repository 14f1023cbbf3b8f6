// File: tools/fuzz_engine.cc
#include "tools/fuzz_engine.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "tools/afl_engine.h"
#include "tools/libfuzzer_engine.h"

namespace migsim {

std::unique_ptr<FuzzEngine> MakeFuzzEngine(absl::string_view name) {
  if (name == "libfuzzer") return MakeLibFuzzerEngine();
  if (name == "afl") return MakeAflEngine();
  return nullptr;
}

std::vector<std::string> ListFiles(const std::string& dir,
                                   const std::vector<std::string>& prefixes) {
  std::vector<std::string> out;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (!entry.is_regular_file(error)) continue;
    const std::string name = entry.path().filename().string();
    const bool wanted =
        prefixes.empty() || std::any_of(prefixes.begin(), prefixes.end(),
                                        [&](const auto& p) { return absl::StartsWith(name, p); });
    if (wanted) out.push_back(dir + "/" + name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace migsim
