// File: tools/reproducer.h
//
// Reproducer: a minimized failing scenario as a text file that says what it
// is expected to show, and the artifacts `migsim fuzz` writes next to it.
//
// A reproducer is an ordinary text-format Scenario (`migsim run` runs it)
// whose header comment, before the first non-comment line, carries:
//   # migsim reproducer: `migsim replay FILE` checks it still fails this way
//   # signature: V2-PATH-SHORTEST.v2_skips_p2p.RUNNING-to-STOP
//   # fail_on: device
//   # rule: V2-PATH-SHORTEST (../reference/kernel-v2-uapi.md: "...")
//   # violation: <FormatViolation() of the decisive violation>
//   # trace_hash: 0x0123456789abcdef
//   # minimized: 57 -> 2 actions in 812 judge runs, confirmed
//   # source: out/crashes/crash-3f2a...
// `signature:` and `fail_on:` are what `migsim replay` reads back
// (ParseExpectation); the other lines are for the reader. A scenario file
// without a `signature:` line is expected to run clean. Hand-written
// regression files may use the same two keys.
#ifndef MIGSIM_TOOLS_REPRODUCER_H_
#define MIGSIM_TOOLS_REPRODUCER_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fuzz/harness_config.h"
#include "protos/scenario.pb.h"
#include "spec/judge.h"
#include "tools/minimizer.h"

namespace migsim {

// What a reproducer expects of its run.
struct Expectation {
  std::string signature;  // "" = expects a clean run
  FailOn fail_on = FailOn::kDevice;
  bool has_fail_on = false;  // the header named fail_on
  std::string trace_hash;    // the header's "0x..." (informative), or ""
};

// Reads the `signature:`, `fail_on:` and `trace_hash:` lines of the header
// comment of `text` (fail_on defaults to device). `name` prefixes errors.
// Errors: InvalidArgumentError "NAME: header fail_on: 'x' is not device,
// user or any" and for a signature line that is empty or holds characters a
// signature cannot have.
absl::StatusOr<Expectation> ParseExpectation(absl::string_view text, absl::string_view name);

// The text of a reproducer for `minimized`: the header then
// ScenarioToText(minimized.scenario). `source` names where it came from
// (a path, or "" to leave the line out).
std::string FormatReproducer(const MinimizeResult& minimized, FailOn fail_on,
                             absl::string_view source);

// Writes DIR/repro.textproto (FormatReproducer), DIR/trace.txt (run header,
// full trace and verdict of the minimized run) and DIR/timeline.json
// (tools/timeline.h), each atomically, creating DIR when needed.
// Errors: InternalError when DIR cannot be created; the write error of a
// file (the files written before it stay whole).
absl::Status WriteReproducerDir(const std::string& dir, const MinimizeResult& minimized,
                                FailOn fail_on, absl::string_view source,
                                const JudgeOptions& judge_options);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_REPRODUCER_H_
