// Goal: the mutator knows no action kind by name. A message type it has
// never seen, built at run time from a FileDescriptorProto (a scenario with
// an action oneof holding a brand-new kind, nested messages, a repeated
// field, an enum and a bool), is generated and mutated with no mutator
// change: the new kind appears, every one of its fields takes several
// values, roles come from field names (a field called `state` gets v2
// states, `device` stays within the topology), and the result always
// parses.
// Method: a DynamicMessageFactory over a private DescriptorPool; the
// Mutator's message-level entry run many times from a one-action input.
#include <map>
#include <memory>
#include <set>
#include <string>

#include "fuzz/field_roles.h"
#include "fuzz/mutator.h"
#include "fuzz/operator_registry.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "models/v2/mig_fsm.h"

namespace migsim {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::DynamicMessageFactory;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptorProto;
using google::protobuf::Message;

constexpr char kNewLanguage[] = R"pb(
  name: "new_language.proto"
  package: "newlang"
  syntax: "proto3"
  enum_type {
    name: "Mode"
    value { name: "MODE_UNSPECIFIED" number: 0 }
    value { name: "FAST" number: 1 }
    value { name: "SLOW" number: 2 }
  }
  message_type {
    name: "Old"
    field { name: "ns" number: 1 type: TYPE_UINT64 label: LABEL_OPTIONAL }
  }
  message_type {
    name: "Range"
    field { name: "iova" number: 1 type: TYPE_UINT64 label: LABEL_OPTIONAL }
    field { name: "length" number: 2 type: TYPE_UINT64 label: LABEL_OPTIONAL }
  }
  message_type {
    name: "BrandNew"
    field { name: "device" number: 1 type: TYPE_UINT32 label: LABEL_OPTIONAL }
    field { name: "state" number: 2 type: TYPE_UINT32 label: LABEL_OPTIONAL }
    field { name: "weird_count" number: 3 type: TYPE_INT64 label: LABEL_OPTIONAL }
    field { name: "enabled" number: 4 type: TYPE_BOOL label: LABEL_OPTIONAL }
    field {
      name: "mode"
      number: 5
      type: TYPE_ENUM
      type_name: ".newlang.Mode"
      label: LABEL_OPTIONAL
    }
    field {
      name: "ranges"
      number: 6
      type: TYPE_MESSAGE
      type_name: ".newlang.Range"
      label: LABEL_REPEATED
    }
  }
  message_type {
    name: "Act"
    field {
      name: "old"
      number: 1
      type: TYPE_MESSAGE
      type_name: ".newlang.Old"
      label: LABEL_OPTIONAL
      oneof_index: 0
    }
    field {
      name: "brand_new"
      number: 2
      type: TYPE_MESSAGE
      type_name: ".newlang.BrandNew"
      label: LABEL_OPTIONAL
      oneof_index: 0
    }
    oneof_decl { name: "kind" }
  }
  message_type {
    name: "Host"
    field { name: "vcpus" number: 1 type: TYPE_UINT32 label: LABEL_OPTIONAL }
  }
  message_type {
    name: "Dev"
    field { name: "kind" number: 1 type: TYPE_INT32 label: LABEL_OPTIONAL }
  }
  message_type {
    name: "Topo"
    field {
      name: "hosts"
      number: 1
      type: TYPE_MESSAGE
      type_name: ".newlang.Host"
      label: LABEL_REPEATED
    }
    field {
      name: "devices"
      number: 2
      type: TYPE_MESSAGE
      type_name: ".newlang.Dev"
      label: LABEL_REPEATED
    }
  }
  message_type {
    name: "Scen"
    field { name: "seed" number: 1 type: TYPE_UINT64 label: LABEL_OPTIONAL }
    field {
      name: "topology"
      number: 2
      type: TYPE_MESSAGE
      type_name: ".newlang.Topo"
      label: LABEL_OPTIONAL
    }
    field {
      name: "actions"
      number: 3
      type: TYPE_MESSAGE
      type_name: ".newlang.Act"
      label: LABEL_REPEATED
    }
  }
  message_type {
    name: "Input"
    field {
      name: "scenario"
      number: 1
      type: TYPE_MESSAGE
      type_name: ".newlang.Scen"
      label: LABEL_OPTIONAL
    }
  }
)pb";

class NewLanguage : public ::testing::Test {
 protected:
  void SetUp() override {
    FileDescriptorProto file;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kNewLanguage, &file));
    ASSERT_NE(pool_.BuildFile(file), nullptr);
    input_type_ = pool_.FindMessageTypeByName("newlang.Input");
    ASSERT_NE(input_type_, nullptr);
  }

  // An input with three devices, one host and two `old` actions.
  std::unique_ptr<Message> NewInput() {
    std::unique_ptr<Message> input(factory_.GetPrototype(input_type_)->New());
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
        "scenario { seed: 1 topology { hosts { vcpus: 2 } devices {} devices {} devices {} } "
        "actions { old { ns: 5 } } actions { old { ns: 7 } } }",
        input.get()));
    return input;
  }

  DescriptorPool pool_;
  DynamicMessageFactory factory_{&pool_};
  const Descriptor* input_type_ = nullptr;
};

TEST_F(NewLanguage, NewKindIsGeneratedAndEveryFieldMutated) {
  Mutator mutator;
  std::unique_ptr<Message> input = NewInput();
  std::map<std::string, std::set<uint64_t>> values;  // BrandNew field -> values seen
  int new_kind_actions = 0;
  Prng prng(11);
  for (int step = 0; step < 3000; ++step) {
    if (step % 100 == 0) input = NewInput();  // keep it small and varied
    ASSERT_TRUE(mutator.Mutate(*input, prng)) << "step " << step;
    std::string bytes;
    ASSERT_TRUE(input->SerializeToString(&bytes));
    std::unique_ptr<Message> reparsed(input->New());
    ASSERT_TRUE(reparsed->ParseFromString(bytes));
    const Message& scen =
        input->GetReflection()->GetMessage(*input, input_type_->FindFieldByName("scenario"));
    const FieldDescriptor* actions = scen.GetDescriptor()->FindFieldByName("actions");
    for (int i = 0; i < scen.GetReflection()->FieldSize(scen, actions); ++i) {
      const Message& act = scen.GetReflection()->GetRepeatedMessage(scen, actions, i);
      const FieldDescriptor* brand_new = act.GetDescriptor()->FindFieldByName("brand_new");
      if (!act.GetReflection()->HasField(act, brand_new)) continue;
      ++new_kind_actions;
      const Message& b = act.GetReflection()->GetMessage(act, brand_new);
      const auto& r = *b.GetReflection();
      const Descriptor& d = *b.GetDescriptor();
      const uint32_t device = r.GetUInt32(b, d.FindFieldByName("device"));
      EXPECT_LT(device, 3u) << "device index not repaired into the topology";
      values["device"].insert(device);
      values["state"].insert(r.GetUInt32(b, d.FindFieldByName("state")));
      values["weird_count"].insert(
          static_cast<uint64_t>(r.GetInt64(b, d.FindFieldByName("weird_count"))));
      values["enabled"].insert(r.GetBool(b, d.FindFieldByName("enabled")));
      values["mode"].insert(static_cast<uint64_t>(r.GetEnumValue(b, d.FindFieldByName("mode"))));
      values["ranges"].insert(static_cast<uint64_t>(r.FieldSize(b, d.FindFieldByName("ranges"))));
    }
  }
  EXPECT_GT(new_kind_actions, 100);
  for (const char* field : {"device", "state", "weird_count", "enabled", "mode", "ranges"}) {
    EXPECT_GE(values[field].size(), 2u) << field;
  }
  EXPECT_EQ(values["device"], (std::set<uint64_t>{0, 1, 2}));
  // `state` is a v2 state by its name: every state of the FSM shows up.
  for (uint64_t s = 0; s < v2::kMigStateCount; ++s) EXPECT_EQ(values["state"].count(s), 1u) << s;
  EXPECT_GE(values["weird_count"].size(), 5u);
}

TEST_F(NewLanguage, RolesComeFromFieldNames) {
  const Descriptor* brand_new = pool_.FindMessageTypeByName("newlang.BrandNew");
  ASSERT_NE(brand_new, nullptr);
  EXPECT_EQ(RoleOf(*brand_new->FindFieldByName("device")), FieldRole::kDeviceIndex);
  EXPECT_EQ(RoleOf(*brand_new->FindFieldByName("state")), FieldRole::kV2State);
  EXPECT_EQ(RoleOf(*brand_new->FindFieldByName("weird_count")), FieldRole::kAny);
  const Descriptor* range = pool_.FindMessageTypeByName("newlang.Range");
  EXPECT_EQ(RoleOf(*range->FindFieldByName("length")), FieldRole::kBytes);
  EXPECT_EQ(RoleOf(*range->FindFieldByName("iova")), FieldRole::kAddress);
}

TEST_F(NewLanguage, EveryOperatorWorksOnTheNewTypeOrDeclinesCleanly) {
  std::unique_ptr<Message> donor = NewInput();
  for (const MutationOperator& op : Operators()) {
    int applied = 0;
    for (uint64_t trial = 0; trial < 50; ++trial) {
      std::unique_ptr<Message> input = NewInput();
      Prng prng(trial);
      MutationContext context{prng, {3, 3, 2, 0}, donor.get()};
      const std::string before = input->SerializeAsString();
      if (op.fn(*input, context)) {
        ++applied;
        EXPECT_NE(input->SerializeAsString(), before) << op.name;
      } else {
        EXPECT_EQ(input->SerializeAsString(), before) << op.name;
      }
    }
    // No swarm field, no topology flags, and no kind with a role
    // (fuzz/kind_roles.h: races need DMA and state changes) in this
    // language; every other operator applies.
    if (op.name == "MutateSwarm" || op.name == "MutateTopologyFlag" ||
        op.name == "InsertRacingAction") {
      EXPECT_EQ(applied, 0) << op.name;
    } else {
      EXPECT_GT(applied, 0) << op.name;
    }
  }
}

}  // namespace
}  // namespace migsim
