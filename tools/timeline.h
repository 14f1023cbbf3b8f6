// File: tools/timeline.h
//
// FormatTimelineJson: a judged run in Chrome Trace Event format (opens in
// Perfetto and chrome://tracing): one track per host, device, vCPU and DMA
// engine; spans for device states and migration phases; instants for DMA,
// interrupts, dirty-log reads and violations; simulated nanoseconds as
// timestamps; keys in a fixed order so the file is byte-identical run to run.
#ifndef MIGSIM_TOOLS_TIMELINE_H_
#define MIGSIM_TOOLS_TIMELINE_H_

#include <string>

#include "protos/scenario.pb.h"
#include "sim/world.h"
#include "spec/verdict.h"

namespace migsim {

// REQUIRES: `world` kept its trace records (JudgeOptions::keep_records).
std::string FormatTimelineJson(const proto::Scenario& scenario, const World& world,
                               const Verdict& verdict);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_TIMELINE_H_
