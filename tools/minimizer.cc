// File: tools/minimizer.cc
#include "tools/minimizer.h"

#include <numeric>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"
#include "sim/check.h"
#include "tools/delta_debug.h"
#include "tools/field_shrinker.h"
#include "tools/outcome.h"

namespace migsim {
namespace {

// Rounds of stages 1-3; each later round only helps when an earlier stage
// opened new room (a field cleared makes an action removable), which rarely
// takes more than two.
constexpr int kRoundsMax = 4;

// Judges candidates against the signature being kept, within the budget.
class Oracle {
 public:
  Oracle(const MinimizeOptions& options, std::string signature)
      : options_(options), signature_(std::move(signature)) {}

  // True when `candidate` fails with the kept signature. False once the
  // budget is spent, without judging.
  bool Keeps(const proto::Scenario& candidate) {
    if (spent()) return false;
    ++runs_;
    absl::StatusOr<Outcome> o = JudgeOutcome(candidate, options_.judge, options_.fail_on);
    return o.ok() && o->signature == signature_;
  }

  absl::StatusOr<Outcome> Judge(const proto::Scenario& scenario) {
    ++runs_;
    return JudgeOutcome(scenario, options_.judge, options_.fail_on);
  }

  bool spent() const { return runs_ >= options_.runs_max; }
  int64_t runs() const { return runs_; }

 private:
  const MinimizeOptions& options_;
  const std::string signature_;
  int64_t runs_ = 0;
};

proto::Scenario WithActions(const proto::Scenario& scenario, const std::vector<size_t>& keep) {
  proto::Scenario out = scenario;
  out.clear_actions();
  for (size_t i : keep) *out.add_actions() = scenario.actions(static_cast<int>(i));
  return out;
}

// Stage 1. Returns true when actions were removed.
bool ReduceActions(proto::Scenario& best, Oracle& oracle) {
  std::vector<size_t> all(static_cast<size_t>(best.actions_size()));
  std::iota(all.begin(), all.end(), size_t{0});
  const std::vector<size_t> kept = DeltaDebug(all, [&](const std::vector<size_t>& subset) {
    return oracle.Keeps(WithActions(best, subset));
  });
  if (kept.size() == all.size()) return false;
  best = WithActions(best, kept);
  return true;
}

// Stage 2: the fields of each action's set oneof member.
bool ShrinkActionFields(proto::Scenario& best, Oracle& oracle) {
  bool changed = false;
  auto keeps = [&](const proto::Scenario& c) { return oracle.Keeps(c); };
  for (int i = 0; i < best.actions_size() && !oracle.spent(); ++i) {
    MessageLocator locate = [i](proto::Scenario& s) -> google::protobuf::Message* {
      if (i >= s.actions_size()) return nullptr;
      proto::Action& action = *s.mutable_actions(i);
      const google::protobuf::FieldDescriptor* member =
          proto::Action::GetDescriptor()->FindFieldByNumber(static_cast<int>(action.kind_case()));
      if (member == nullptr) return nullptr;
      return action.GetReflection()->MutableMessage(&action, member);
    };
    changed |= ShrinkFields(best, locate, keeps);
  }
  return changed;
}

// Stage 3: the topology, the run bounds and the seed (0 when the failure
// does not need the simulator's other random choices).
bool PruneTopology(proto::Scenario& best, Oracle& oracle) {
  auto keeps = [&](const proto::Scenario& c) { return oracle.Keeps(c); };
  bool changed = ShrinkFields(
      best, [](proto::Scenario& s) { return s.mutable_topology(); }, keeps);
  if (best.seed() != 0) {
    proto::Scenario zero_seed = best;
    zero_seed.set_seed(0);
    if (oracle.Keeps(zero_seed)) {
      best = std::move(zero_seed);
      changed = true;
    }
  }
  if (best.has_bounds()) {
    proto::Scenario unbounded = best;
    unbounded.clear_bounds();
    if (oracle.Keeps(unbounded)) {
      best = std::move(unbounded);
      changed = true;
    }
  }
  if (best.has_bounds()) {
    changed |= ShrinkFields(
        best,
        [](proto::Scenario& s) -> google::protobuf::Message* {
          return s.has_bounds() ? s.mutable_bounds() : nullptr;
        },
        keeps);
  }
  return changed;
}

}  // namespace

absl::StatusOr<MinimizeResult> Minimize(const proto::Scenario& scenario,
                                        const MinimizeOptions& options) {
  if (options.runs_max < 3) {
    return absl::ResourceExhaustedError("runs_max must be at least 3 (one run and two to confirm)");
  }
  Oracle first(options, "");
  absl::StatusOr<Outcome> original = first.Judge(scenario);
  if (!original.ok()) return original.status();
  if (original->clean()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the scenario shows no violation under fail_on=", FailOnName(options.fail_on),
                     " (", original->Describe(), "): nothing to minimize"));
  }
  MinimizeResult result;
  result.signature = original->signature;
  result.rule = original->rule;
  result.actions_before = scenario.actions_size();
  // Two runs are kept back for the confirmation.
  MinimizeOptions search_options = options;
  search_options.runs_max = options.runs_max - 2;
  Oracle oracle(search_options, original->signature);
  oracle.Keeps(scenario);  // counts the first run; it keeps by construction
  proto::Scenario best = scenario;
  // Stage 0: actions after the stopping one never ran.
  if (original->actions_run < best.actions_size()) {
    proto::Scenario cut = best;
    cut.mutable_actions()->DeleteSubrange(original->actions_run,
                                          best.actions_size() - original->actions_run);
    if (oracle.Keeps(cut)) best = std::move(cut);
  }
  for (int round = 0; round < kRoundsMax && !oracle.spent(); ++round) {
    bool progress = ReduceActions(best, oracle);
    progress |= ShrinkActionFields(best, oracle);
    progress |= PruneTopology(best, oracle);
    if (!progress) break;
  }
  result.budget_spent = oracle.spent();
  // An empty bounds message means the defaults, as no bounds message does.
  if (best.has_bounds() && best.bounds().ByteSizeLong() == 0) best.clear_bounds();
  // The description is a label (printed, never simulated): say what this is.
  best.set_description(absl::StrCat("reproducer of ", original->signature));
  // Confirmation: two more runs must agree with each other and the signature.
  Oracle confirm(options, original->signature);
  absl::StatusOr<Outcome> a = confirm.Judge(best);
  absl::StatusOr<Outcome> b = confirm.Judge(best);
  MIGSIM_CHECK(a.ok() && b.ok()) << "a kept candidate stopped validating";
  result.confirmed = a->signature == result.signature && b->signature == result.signature &&
                     a->trace_hash == b->trace_hash;
  result.runs = oracle.runs() + confirm.runs();
  result.violation = a->violation;
  result.trace_hash = a->trace_hash;
  result.actions_after = best.actions_size();
  result.scenario = std::move(best);
  return result;
}

}  // namespace migsim
