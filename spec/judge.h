// File: spec/judge.h
//
// Judge: runs one scenario on the models with every applicable monitor
// watching its trace, and returns the World at the end with the Verdict.
// This is the one function `migsim run`, `replay`, `minimize` and the fuzz
// harness share.
//
// After each action the records it produced are fed to the monitors in
// trace order; each violation found is appended to the trace as a
// kRecordViolation record (so the trace hash covers the verdict). The run
// stops after the action that produced the first device violation unless
// keep_going, and after a bound is hit (liveness).
//
// Example:
//   absl::StatusOr<JudgedRun> run = Judge(scenario, {});
//   if (!run.ok()) return kExitBadInput;          // names the field
//   return run->verdict.ExitCode(false);
#ifndef MIGSIM_SPEC_JUDGE_H_
#define MIGSIM_SPEC_JUDGE_H_

#include <functional>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "models/device_factory.h"
#include "protos/scenario.pb.h"
#include "sim/trace.h"
#include "sim/world.h"
#include "spec/verdict.h"

namespace migsim {

// Sees every trace record of a judged run, in trace order, with its payload
// words: the records the monitors see and the kRecordViolation records the
// judge appends. Called before the records are discarded (keep_records =
// false), so an observer works on the fast path. Must not keep the
// references past the call. Example: spec/coverage.h CoverageRecorder.
using RecordObserver =
    std::function<void(const TraceRecord& record, absl::Span<const uint64_t> payload)>;

struct JudgeOptions {
  bool keep_going = false;   // do not stop at the first device violation
  bool keep_records = true;  // keep every record; false keeps only the hash
  // Consulted before the built-in device models (models/device_factory.h):
  // how tests and users judge their own models with the same monitors.
  DeviceOverride device_override;
  // Unset (the default) costs one branch per record; see RecordObserver.
  RecordObserver observer;
};

struct JudgedRun {
  World world;
  Verdict verdict;
};

// Errors: InvalidArgumentError naming the field of an invalid scenario.
absl::StatusOr<JudgedRun> Judge(const proto::Scenario& scenario, const JudgeOptions& options);

}  // namespace migsim

#endif  // MIGSIM_SPEC_JUDGE_H_
