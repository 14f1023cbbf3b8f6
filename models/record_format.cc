// File: models/record_format.cc
#include "models/record_format.h"

#include "absl/strings/str_cat.h"
#include "sim/record_format.h"

namespace migsim {

std::string RecordKindName(uint16_t kind) {
  absl::string_view name = EngineRecordKindName(kind);
  if (!name.empty()) return std::string(name);
  return absl::StrCat("KIND", kind);
}

std::string FormatRecord(const TraceRecord& record, absl::Span<const uint64_t> payload) {
  return FormatEngineRecord(record, payload);
}

}  // namespace migsim
