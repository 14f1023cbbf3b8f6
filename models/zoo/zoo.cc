// File: models/zoo/zoo.cc
// STUB, to be replaced by the bug zoo: no mutants yet.
#include "models/zoo/zoo.h"

#include "absl/strings/str_cat.h"
#include "sim/scenario_validation.h"

namespace migsim::zoo {

absl::Span<const ZooEntry> Entries() { return {}; }

const ZooEntry* Find(absl::string_view) { return nullptr; }

absl::StatusOr<std::unique_ptr<SimDevice>> CreateDevice(const proto::Device& device, uint32_t,
                                                        uint64_t, const std::string& path) {
  return FieldError(path + ".model", absl::StrCat("'", device.model(), "' is not a known model"));
}

absl::Status UseModel(proto::Scenario&, absl::string_view name) {
  return absl::NotFoundError(absl::StrCat("model '", name, "' is not in the zoo"));
}

}  // namespace migsim::zoo
