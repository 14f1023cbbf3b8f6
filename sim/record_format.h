// File: sim/record_format.h
//
// Human-readable one-line rendering of engine trace records, used by
// `migsim run --trace=full` and in violation reports. Models render their own
// kinds (models/record_kinds.h) and fall back to this for engine kinds.
#ifndef MIGSIM_SIM_RECORD_FORMAT_H_
#define MIGSIM_SIM_RECORD_FORMAT_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/types/span.h"
#include "sim/trace.h"

namespace migsim {

// The name of an engine record kind ("DMA_COMPLETE"), or "" for other kinds.
absl::string_view EngineRecordKindName(uint16_t kind);

// The common prefix of every rendered record:
// "t=<ns> a<action> h<host> d<device> <NAME>".
std::string FormatRecordPrefix(const TraceRecord& record, absl::string_view name);

// Renders an engine record; for other kinds returns the prefix with raw args.
std::string FormatEngineRecord(const TraceRecord& record, absl::Span<const uint64_t> payload);

// "0" or "-EINVAL"-style rendering of a result.
std::string FormatResult(int32_t result);

}  // namespace migsim

#endif  // MIGSIM_SIM_RECORD_FORMAT_H_
