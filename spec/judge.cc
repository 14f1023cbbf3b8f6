// File: spec/judge.cc
#include "spec/judge.h"

#include <memory>
#include <utility>
#include <vector>

#include "models/action_runner.h"
#include "models/device_factory.h"
#include "sim/check.h"
#include "spec/monitor_set.h"
#include "spec/rule_registry.h"

namespace migsim {
namespace {

// Feeds trace records to the monitors and collects their violations.
class Feeder final : public ViolationSink {
 public:
  Feeder(World& world, Verdict& verdict, std::vector<std::unique_ptr<Monitor>> monitors,
         const RecordObserver& observer)
      : world_(world),
        verdict_(verdict),
        monitors_(std::move(monitors)),
        observer_(observer ? &observer : nullptr) {}

  // Delivers every record appended since the last call.
  void FeedNew() {
    Trace& trace = world_.trace();
    const uint64_t end = trace.count();
    for (; cursor_ < end; ++cursor_) {
      const TraceRecord& r = trace.at(cursor_);
      if (observer_ != nullptr) (*observer_)(r, trace.payload(r));
      if (r.kind == kRecordViolation) continue;
      current_ = &r;
      for (auto& m : monitors_) m->OnRecord(r, trace.payload(r), *this);
    }
    current_ = nullptr;
    AppendViolationRecords();
  }

  void End() {
    current_ = nullptr;
    for (auto& m : monitors_) m->OnEnd(world_.now(), *this);
    AppendViolationRecords();
  }

  void Report(const Rule& rule, uint32_t device, uint16_t host,
              std::string explanation) override {
    Violation v;
    v.rule = &rule;
    v.device = device;
    v.host = host;
    v.time_ns = current_ != nullptr ? current_->time_ns : world_.now();
    v.action_index = current_ != nullptr ? current_->action_index : world_.action_index();
    v.record_index = current_ != nullptr ? cursor_ : world_.trace().count();
    v.explanation = std::move(explanation);
    pending_.push_back(std::move(v));
  }

 private:
  void AppendViolationRecords() {
    for (Violation& v : pending_) {
      const uint64_t index = world_.Record(kRecordViolation, v.host, v.device, 0,
                                           {RuleNumber(*v.rule), v.record_index});
      if (observer_ != nullptr) (*observer_)(world_.trace().at(index), {});
      auto& list = v.rule->owner == Owner::kDevice ? verdict_.device_violations
                                                   : verdict_.user_errors;
      list.push_back(std::move(v));
    }
    pending_.clear();
    cursor_ = world_.trace().count();  // violation records are not fed back
  }

  World& world_;
  Verdict& verdict_;
  std::vector<std::unique_ptr<Monitor>> monitors_;
  std::vector<Violation> pending_;
  uint64_t cursor_ = 0;
  const TraceRecord* current_ = nullptr;
  const RecordObserver* observer_;  // nullptr when unset: the fast path
};

}  // namespace

absl::StatusOr<JudgedRun> Judge(const proto::Scenario& scenario, const JudgeOptions& options) {
  absl::StatusOr<World> built = CreateWorld(scenario, options.device_override);
  if (!built.ok()) return built.status();
  JudgedRun run{*std::move(built), Verdict{}};
  World& world = run.world;
  Verdict& verdict = run.verdict;
  verdict.actions_total = scenario.actions_size();
  Feeder feeder(world, verdict, CreateMonitors(scenario), options.observer);
  feeder.FeedNew();  // records of the set-up (none today; models may add some)
  for (int i = 0; i < scenario.actions_size(); ++i) {
    world.set_action_index(i);
    const bool live = ApplyAction(world, scenario.actions(i));
    verdict.actions_run = i + 1;
    feeder.FeedNew();
    if (!options.keep_records) world.trace().Discard();
    if (!live) break;
    if (!options.keep_going && !verdict.device_violations.empty()) break;
  }
  world.set_action_index(kNoAction);
  feeder.End();
  verdict.liveness_failure = world.liveness_failure();
  verdict.trace_hash = world.trace().hash();
  verdict.records = world.trace().count();
  verdict.events = world.events_run();
  verdict.end_ns = world.now();
  MIGSIM_CHECK(verdict.actions_run <= verdict.actions_total);
  return run;
}

}  // namespace migsim
