// File: models/record_format.h
//
// FormatRecord: one-line rendering of any trace record (engine kinds and the
// models' own), for `migsim run --trace=full`, trace.txt files and reports.
#ifndef MIGSIM_MODELS_RECORD_FORMAT_H_
#define MIGSIM_MODELS_RECORD_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/types/span.h"
#include "sim/trace.h"

namespace migsim {

std::string FormatRecord(const TraceRecord& record, absl::Span<const uint64_t> payload);

// When `record` shows a device entering a migration state, that state's name
// ("RUNNING", "SAVING|RUNNING", "STOP_COPY"), else nullopt. Timelines draw
// one span per state from these.
std::optional<std::string> DeviceStateAfter(const TraceRecord& record);

// The name of any record kind ("DMA_COMPLETE", "V1_REGION_WRITE"), or
// "KIND<n>" for an unknown one.
std::string RecordKindName(uint16_t kind);

}  // namespace migsim

#endif  // MIGSIM_MODELS_RECORD_FORMAT_H_
