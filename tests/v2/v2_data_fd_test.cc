// Goal: the data_fd rules (spec/rules/v2_data_fd_rules.h) fire on a driver
// that breaks them and stay silent on the reference driver: which SET opens a
// session and returns a new fd, that moves inside the saving group keep it,
// that leaving ends it, the two kinds of end of stream, PRECOPY_INFO's state
// and its agreement with read(), the final check on RESUMING -> STOP,
// MIG_DATA_SIZE in every state, and the user's duties (resume what one fd
// saved, close every fd).
// Method: test-only V2Device subclasses overriding one arc or one file
// operation, run under every monitor; the reference runs the same scenario.
#include <cerrno>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "models/v2/v2_records.h"
#include "tests/v2/v2_test_util.h"

namespace migsim::v2 {
namespace {

using v2_testing::Distinct;
using v2_testing::Has;
using v2_testing::RecordsOf;
using v2_testing::RunV2;
using v2_testing::Scenario;

std::string Set(uint32_t device, uint32_t state) {
  return absl::StrCat("actions { v2_set_state { device: ", device, " state: ", state, " } } ");
}
std::string Read(uint32_t slot, uint64_t length) {
  return absl::StrCat("actions { v2_read { device: 0 fd: ", slot, " length: ", length, " } } ");
}
std::string Close(uint32_t device, uint32_t slot) {
  return absl::StrCat("actions { v2_close_fd { device: ", device, " fd: ", slot, " } } ");
}
const std::string kSaveToEnd = "actions { v2_save_to_end { device: 0 read_bytes: 500 } } ";
const std::string kInfo = "actions { v2_precopy_info { device: 0 } } ";
const std::string kFull = "devices { kind: V2_DEVICE host: 0 v2 { p2p: true pre_copy: true } } ";
const std::string kTwoFull = kFull + kFull;

class NoFdForStopCopy : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(NoFdForStopCopy)
 protected:
  ArcStatus ArcStopToStopCopy(World&) override { return {}; }
};

class EndsOnP2pQuiesce : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(EndsOnP2pQuiesce)
 protected:
  ArcStatus ArcPreCopyToPreCopyP2P(World& world) override {
    EndSession(world, kEndLeftState);
    return V2Device::ArcPreCopyToPreCopyP2P(world);
  }
};

class KeepsSessionInStop : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(KeepsSessionInStop)
 protected:
  ArcStatus ArcStopCopyToStop(World&) override { return {}; }
  ArcStatus ArcStopToStopCopy(World& world) override {
    EndSession(world, kEndLeftState);  // only so the next session can start
    return V2Device::ArcStopToStopCopy(world);
  }
};

// mtty's behaviour: 0 at a temporary end of stream.
class ZeroAtPreCopyEnd : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(ZeroAtPreCopyEnd)
 protected:
  int64_t SaveRead(World& world, DataFd& fd, uint64_t length, std::vector<uint8_t>& out) override {
    const int64_t r = V2Device::SaveRead(world, fd, length, out);
    return r == -ENOMSG ? 0 : r;
  }
};

class EnomsgAtStopCopyEnd : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(EnomsgAtStopCopyEnd)
 protected:
  int64_t SaveRead(World& world, DataFd& fd, uint64_t length, std::vector<uint8_t>& out) override {
    const int64_t r = V2Device::SaveRead(world, fd, length, out);
    return r == 0 ? -ENOMSG : r;
  }
};

class InfoInAnyState : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(InfoInAnyState)
 protected:
  int PrecopyInfo(World&, DataFd& fd, uint64_t* initial, uint64_t* dirty) override {
    *initial = fd.initial_bytes();
    *dirty = 0;
    return 0;
  }
};

class InfoAlwaysFull : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(InfoAlwaysFull)
 protected:
  int PrecopyInfo(World& world, DataFd& fd, uint64_t* initial, uint64_t* dirty) override {
    const int r = V2Device::PrecopyInfo(world, fd, initial, dirty);
    *initial = 4096;
    return r;
  }
};

// initial_bytes counts what was read instead of what is left.
class InfoCountsUp : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(InfoCountsUp)
 protected:
  int PrecopyInfo(World& world, DataFd& fd, uint64_t* initial, uint64_t* dirty) override {
    const int r = V2Device::PrecopyInfo(world, fd, initial, dirty);
    *initial = fd.observed_bytes() + 1;
    return r;
  }
};

// Says "end of stream" once in STOP_COPY before streaming.
class EarlyZeroInStopCopy : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(EarlyZeroInStopCopy)
 protected:
  int64_t SaveRead(World& world, DataFd& fd, uint64_t length, std::vector<uint8_t>& out) override {
    if (mig_state_ == kStateStopCopy && !said_end_) {
      said_end_ = true;
      return 0;
    }
    return V2Device::SaveRead(world, fd, length, out);
  }

 private:
  bool said_end_ = false;
};

class AcceptsAnyStream : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(AcceptsAnyStream)
 protected:
  ArcStatus ArcResumingToStop(World& world) override {
    EndSession(world, kEndLeftState);
    return {};
  }
};

class NoDataSizeInStop : public V2Device {
 public:
  MIGSIM_V2_TEST_DRIVER(NoDataSizeInStop)
  int GetDataSize(uint64_t* length) const override {
    return mig_state_ == kStateStop ? -EIO : V2Device::GetDataSize(length);
  }
};

TEST(V2DataFdTest, NoFdOnEntryFires) {
  const std::string text = Scenario(kFull, Set(0, kStateStopCopy) + Close(0, 0));
  EXPECT_EQ(Distinct(RunV2<NoFdForStopCopy>(text).device),
            std::set<std::string>{"V2-DATAFD-NEW-ON-ENTRY"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty() && ok.user.empty());
  const auto returns = RecordsOf(*ok.world, kV2RecordSetReturn);
  ASSERT_EQ(returns.size(), 1u);
  EXPECT_EQ(returns[0].arg[1], 100u);
}

TEST(V2DataFdTest, SessionEndedInsideGroupFires) {
  const std::string text =
      Scenario(kFull, Set(0, kStatePreCopy) + Read(0, 100) + Set(0, kStatePreCopyP2P) +
                          Read(0, 100) + Close(0, 0));
  EXPECT_EQ(RunV2<EndsOnP2pQuiesce>(text).device,
            std::vector<std::string>{"V2-DATAFD-KEPT-IN-GROUP"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  const auto reads = RecordsOf(*ok.world, kV2RecordRead);
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[1].result, 100);
  EXPECT_EQ(reads[1].arg[4], 200u);  // one stream across the move
}

TEST(V2DataFdTest, StaleFdStillReadsFires) {
  const std::string text =
      Scenario(kFull, Set(0, kStateStopCopy) + Read(0, 100) + Set(0, kStateStop) + Read(0, 100) +
                          Set(0, kStateStopCopy) + Read(1, 100) + Close(0, 0) + Close(0, 1));
  EXPECT_EQ(Distinct(RunV2<KeepsSessionInStop>(text).device),
            std::set<std::string>{"V2-DATAFD-ENDS-ON-LEAVE"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty() && ok.user.empty());
  const auto reads = RecordsOf(*ok.world, kV2RecordRead);
  ASSERT_EQ(reads.size(), 3u);
  EXPECT_EQ(reads[1].result, -ENODEV);  // after STOP_COPY -> STOP
  EXPECT_EQ(reads[2].result, -ENODEV);  // the old fd in the next session
}

TEST(V2DataFdTest, ZeroInPreCopyFires) {
  const std::string text = Scenario(kFull, Set(0, kStatePreCopy) + kSaveToEnd + Close(0, 0));
  EXPECT_EQ(RunV2<ZeroAtPreCopyEnd>(text).device,
            std::vector<std::string>{"V2-PRECOPY-TEMP-END-ENOMSG"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  EXPECT_EQ(RecordsOf(*ok.world, kV2RecordRead).back().result, -ENOMSG);
}

TEST(V2DataFdTest, EnomsgInStopCopyFires) {
  const std::string text =
      Scenario(kFull, Set(0, kStateStopCopy) + kSaveToEnd + Read(0, 10) + Close(0, 0));
  EXPECT_EQ(Distinct(RunV2<EnomsgAtStopCopyEnd>(text).device),
            std::set<std::string>{"V2-STOPCOPY-END-PERMANENT"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  EXPECT_EQ(RecordsOf(*ok.world, kV2RecordRead).back().result, 0);
}

TEST(V2DataFdTest, PrecopyInfoInStopCopyFires) {
  const std::string text =
      Scenario(kFull, Set(0, kStatePreCopy) + kInfo + Set(0, kStateStopCopy) + kInfo + Close(0, 0));
  EXPECT_EQ(RunV2<InfoInAnyState>(text).device, std::vector<std::string>{"V2-PRECOPY-INFO-STATE"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  const auto infos = RecordsOf(*ok.world, kV2RecordPrecopyInfo);
  ASSERT_EQ(infos.size(), 2u);
  EXPECT_EQ(infos[0].result, 0);
  EXPECT_EQ(infos[0].arg[1], 24u + 8u * 144u);  // header and every chunk
  EXPECT_EQ(infos[1].result, -EINVAL);
}

TEST(V2DataFdTest, InfoDisagreeingWithReadFires) {
  const std::string text =
      Scenario(kFull, Set(0, kStatePreCopy) + kSaveToEnd + kInfo + Read(0, 100) + Close(0, 0));
  EXPECT_EQ(RunV2<InfoAlwaysFull>(text).device,
            std::vector<std::string>{"V2-PRECOPY-INFO-CONSISTENT"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  const auto infos = RecordsOf(*ok.world, kV2RecordPrecopyInfo);
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].arg[1] + infos[0].arg[2], 0u);
}

TEST(V2DataFdTest, InitialBytesRisingFires) {
  const std::string text = Scenario(
      kFull, Set(0, kStatePreCopy) + kInfo + Read(0, 100) + kInfo + kSaveToEnd + Close(0, 0));
  EXPECT_EQ(RunV2<InfoCountsUp>(text).device,
            std::vector<std::string>{"V2-PRECOPY-INFO-CONSISTENT"});
  EXPECT_TRUE(RunV2(text).device.empty());
}

TEST(V2DataFdTest, DataAfterEndOfStreamFires) {
  const std::string text =
      Scenario(kFull, Set(0, kStateStopCopy) + Read(0, 100) + Read(0, 100) + Close(0, 0));
  EXPECT_EQ(RunV2<EarlyZeroInStopCopy>(text).device,
            std::vector<std::string>{"V2-STOPCOPY-END-PERMANENT"});
  EXPECT_TRUE(RunV2(text).device.empty());
}

// d0 saves; d1 resumes `written` (the saved stream, or part of it).
std::string Resume(const std::string& written) {
  return Scenario(kTwoFull, Set(0, kStateStopCopy) + kSaveToEnd + Set(1, kStateResuming) + written +
                                Set(1, kStateStop) + Close(0, 0) + Close(1, 0));
}
const std::string kPushAll = "actions { v2_push { source_device: 0 target_device: 1 } } ";
const std::string kPushPart =
    "actions { v2_write { device: 1 from_saved: true source_device: 0 length: 1000 } } ";
const std::string kGarbage = "actions { v2_write { device: 1 length: 64 pattern: 3 } } ";

// kPushPart is the first two 500-byte reads of d0's one saving fd: taken
// from "the data transfer output of a single FD during saving", but cut short
// (as when a migration ends early). That is no user error; the device must
// refuse it ("If the data is incomplete or invalid it" must fail SET_STATE),
// so a device accepting it is caught alone (zoo issue 5: the rule used to
// fire only together with USER-V2-RESUME-SINGLE-FD).
TEST(V2DataFdTest, AcceptingTruncatedStreamFires) {
  const v2_testing::Outcome bad = RunV2<AcceptsAnyStream>(Resume(kPushPart));
  EXPECT_EQ(bad.device, std::vector<std::string>{"V2-RESUME-VALIDATES"});
  EXPECT_TRUE(bad.user.empty()) << bad.user.front();
  const v2_testing::Outcome ok = RunV2(Resume(kPushPart));
  EXPECT_TRUE(ok.device.empty());
  EXPECT_TRUE(ok.user.empty()) << ok.user.front();
  EXPECT_EQ(RecordsOf(*ok.world, kV2RecordSetReturn, 1).back().result, -EINVAL);
  const v2_testing::Outcome whole = RunV2<AcceptsAnyStream>(Resume(kPushAll));
  EXPECT_TRUE(whole.device.empty() && whole.user.empty());
}

TEST(V2DataFdTest, UserResumingGarbageFires) {
  const v2_testing::Outcome bad = RunV2(Resume(kGarbage));
  EXPECT_TRUE(bad.device.empty());
  EXPECT_EQ(bad.user, std::vector<std::string>{"USER-V2-RESUME-SINGLE-FD"});
  EXPECT_EQ(RecordsOf(*bad.world, kV2RecordWrite).back().result, -EFAULT);
  const v2_testing::Outcome ok = RunV2(Resume(kPushAll));
  EXPECT_TRUE(ok.device.empty() && ok.user.empty());
  EXPECT_EQ(v2_testing::DeviceAt(*ok.world, 1).state(), v2_testing::DeviceAt(*ok.world, 0).state());
}

TEST(V2DataFdTest, DataSizeFailingInStopFires) {
  const std::string text =
      Scenario(kFull, "actions { v2_data_size { device: 0 } } " + Set(0, kStateStop) +
                          "actions { v2_data_size { device: 0 } } ");
  EXPECT_EQ(RunV2<NoDataSizeInStop>(text).device,
            std::vector<std::string>{"V2-DATA-SIZE-ANY-STATE"});
  const v2_testing::Outcome ok = RunV2(text);
  EXPECT_TRUE(ok.device.empty());
  const auto sizes = RecordsOf(*ok.world, kV2RecordDataSize);
  ASSERT_EQ(sizes.size(), 2u);
  EXPECT_EQ(sizes[1].arg[0], 24u + 8u * 144u + 24u);
}

TEST(V2DataFdTest, UnclosedFdFires) {
  EXPECT_EQ(RunV2(Scenario(kFull, Set(0, kStateStopCopy))).user,
            std::vector<std::string>{"USER-V2-CLOSE-DATA-FD"});
  EXPECT_TRUE(RunV2(Scenario(kFull, Set(0, kStateStopCopy) + Close(0, 0))).user.empty());
}

}  // namespace
}  // namespace migsim::v2
