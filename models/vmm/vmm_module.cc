// File: models/vmm/vmm_module.cc
//
// The whole-VM family's entry points: its World components (the migration
// channel and the Migration VMM, added when the topology has a migration)
// and the execution of actions 300..399. Validation is in
// vmm_validation.cc, record rendering in vmm_format.cc.
#include "models/vmm/vmm_module.h"

#include <cerrno>
#include <memory>

#include "models/vmm/migration.h"
#include "models/vmm/migration_channel.h"
#include "models/vmm/vmm_records.h"
#include "sim/check.h"

namespace migsim::vmm {

void AddComponents(const proto::Scenario& scenario, World& world) {
  if (!scenario.topology().has_migration()) return;
  const proto::MigrationTopology& m = scenario.topology().migration();
  const auto source = static_cast<uint16_t>(m.source_host());
  auto channel = std::make_unique<MigrationChannel>(m.channel(), source,
                                                    world.host(source).memory.page_size());
  MigrationChannel* raw = channel.get();
  raw->set_index(world.AddComponent(std::move(channel)));
  world.AddComponent(std::make_unique<Migration>(m));
}

// Answers a migration action in a World without topology.migration: the
// VMM has nothing to migrate, so the call fails with -ENODEV and changes
// nothing (not bad input, so that fuzzed action lists stay runnable on any
// topology, as v1/v2 actions aimed at another device kind do).
void RefuseWithoutMigration(World& world, const proto::Action& a) {
  switch (a.kind_case()) {
    case proto::Action::kVmmMigrate:
      world.Record(kRecordMigrationStart, 0, kNoDevice, -ENODEV, {0, 0, 0, 0, 0, 0});
      break;
    case proto::Action::kArmChannelFault:
      world.Record(kRecordChannelFaultArmed, 0, kNoDevice, -ENODEV,
                   {static_cast<uint64_t>(a.arm_channel_fault().channel_fault()),
                    static_cast<uint64_t>(a.arm_channel_fault().message_kind()),
                    a.arm_channel_fault().skip(), a.arm_channel_fault().delay_ns()});
      break;
    default:  // vmm_step, vmm_run
      world.Record(kRecordFlowStep, 0, kNoDevice, -ENODEV, {0, 0, 0, 0, kNoDevice});
      break;
  }
}

bool ApplyAction(World& world, const proto::Action& a) {
  MIGSIM_CHECK(IsAction(a)) << "kind=" << a.kind_case();
  if (Migration::Find(world) == nullptr) {
    RefuseWithoutMigration(world, a);
    return world.liveness_failure().empty();
  }
  switch (a.kind_case()) {
    case proto::Action::kVmmMigrate: {
      Migration* m = Migration::Find(world);
      m->Start(world, a.vmm_migrate());
      if (a.vmm_migrate().run_to_end()) m->RunToEnd(world);
      break;
    }
    case proto::Action::kVmmStep: {
      Migration* m = Migration::Find(world);
      m->RunSteps(world, a.vmm_step().steps());
      break;
    }
    case proto::Action::kVmmRun: {
      Migration* m = Migration::Find(world);
      m->RunToEnd(world);
      break;
    }
    case proto::Action::kArmChannelFault: {
      MigrationChannel* c = MigrationChannel::Find(world);
      MIGSIM_CHECK(c != nullptr);
      c->Arm(world, a.arm_channel_fault());
      break;
    }
    default:
      MIGSIM_CHECK(false) << "not a whole-VM action: " << a.kind_case();
  }
  return world.liveness_failure().empty();
}

}  // namespace migsim::vmm
