// File: models/zoo/v1_mutants.cc
//
// The zoo's V1 mutants (some also apply to V1_RFC, whose text states the
// same requirement): the reference v1 driver (models/v1/v1_device.h) with one
// defect each in the header fields, device_state handling, the SAVING and
// RESUMING window protocols, or what the device does while !RUNNING.
#include <algorithm>
#include <cerrno>
#include <cstdint>

#include "models/device/migration_stream.h"
#include "models/record_kinds.h"
#include "models/v1/v1_device.h"
#include "models/v1/v1_uapi.h"
#include "models/zoo/mutant.h"
#include "sim/hash.h"
#include "sim/world.h"

namespace migsim::zoo::internal {
namespace {

using v1::BitAction;
using v1::Step;
using v1::V1Device;

// 001: "Reads on this field return zero and writes are ignored." The driver
// backs the reserved field with a plain register, so a read returns what
// was last written there.
class V1ReservedEchoesWrites : public Mutant<V1ReservedEchoesWrites, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1_reserved_echoes_writes";
  using Mutant::Mutant;

 protected:
  int ReadReserved(World& world, uint64_t& value) override {
    static_cast<void>(world);
    value = reserved_;
    return 0;
  }
  int WriteReserved(World& world, uint64_t value) override {
    static_cast<void>(world);
    reserved_ = value;  // the defect: the write is kept
    return 0;
  }
  uint64_t ModelDigest() const override { return HashCombine(V1Device::ModelDigest(), reserved_); }

 private:
  uint64_t reserved_ = 0;
};

// 001: "The vendor driver should return previous state of the device unless
// the vendor driver has encountered an internal error". On a failing
// device_state write the driver carries on with the transition and commits
// the value written, returning only the error code of the failed step, so
// device_state reads the new state after a write that failed.
class V1FailedWriteStillCommits : public Mutant<V1FailedWriteStillCommits, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1_failed_write_still_commits";
  using Mutant::Mutant;

 protected:
  int WriteDeviceState(World& world, uint32_t value) override {
    requested_ = value;
    return V1Device::WriteDeviceState(world, value);
  }
  int FailWrite(World& world, uint32_t from, int result, bool to_error) override {
    if (to_error) return V1Device::FailWrite(world, from, result, to_error);
    // The defect: finish the transition anyway (the remaining actions, so the
    // device is consistently in the new state) and report only the errno.
    for (BitAction a : PlanActions(state_bits_, requested_)) DoAction(world, a);
    CommitState(world, from, requested_);
    return result;
  }

 private:
  uint32_t requested_ = 0;  // the value of the write in progress
};

// 001: "When the device state is changed to _STOP, driver should stop the
// device before write() returns." The driver stops the device's DMA and
// interrupts for stop-and-copy (SAVING without RUNNING) but leaves its
// internal scheduler running, so the internal state keeps changing.
class V1StopCopyKeepsTicking : public Mutant<V1StopCopyKeepsTicking, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1_stop_copy_keeps_ticking";
  using Mutant::Mutant;

  Activity CurrentActivity() const override {
    const uint32_t s = device_state();
    if (is_open() && s == v1::kSaving) return Activity{.advance = true};  // the defect
    return V1Device::CurrentActivity();
  }
};

// 001: "001b => Device running, which is the default state". The driver
// brings a freshly opened device up stopped (its power-on state) and expects
// the user to write RUNNING first.
class V1OpenStartsStopped : public Mutant<V1OpenStartsStopped, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1_open_starts_stopped";
  using Mutant::Mutant;

  void Open(World& world) override {
    if (open_) {
      world.Record(kRecordDeviceOpen, host(), index(), -EBUSY, {state_bits_});
      return;
    }
    open_ = true;
    DiscardSessions();
    state_bits_ = v1::kStop;  // the defect: not RUNNING
    ReinitState(world);
    world.Record(kRecordDeviceOpen, host(), index(), 0, {state_bits_});
  }
};

// 003: "Number of pending bytes yet to be migrated from vendor driver". The
// driver computes pending_bytes as the size of one full copy of the device
// state, taken when SAVING started, minus the bytes handed out since. State
// re-sent because it changed during pre-copy is not counted, so once enough
// was re-sent pending_bytes reads 0 in stop-and-copy before the stream ended.
class V1PendingFromStaleTotal : public Mutant<V1PendingFromStaleTotal, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1_pending_from_stale_total";
  using Mutant::Mutant;

 protected:
  int ReadPendingBytes(World& world, uint64_t& value, Step& step) override {
    const int r = V1Device::ReadPendingBytes(world, value, step);
    if (r == 0 && step != Step::kNone && saving_) {
      const uint64_t total = kStreamHeaderBytes +
                             uint64_t{state_.chunk_count()} * kStreamChunkRecordBytes +
                             kStreamEndBytes;
      const uint64_t produced = saving_->writer().produced();
      value = produced < total ? total - produced : 0;  // the defect
    }
    return r;
  }
};

// 003: "c. write data_size which indicates vendor driver that data is
// written in staging buffer." The driver copies at most one 256-byte staging
// buffer per data_size write and returns success for the whole segment, so
// the tail of a longer segment is never consumed.
class V1ResumeTruncatesSegment : public Mutant<V1ResumeTruncatesSegment, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1_resume_truncates_segment";
  static constexpr uint64_t kStagingBytes = 256;
  using Mutant::Mutant;

 protected:
  int WriteDataSize(World& world, uint64_t value, Step& step) override {
    return V1Device::WriteDataSize(world, std::min(value, kStagingBytes), step);  // the defect
  }
};

// 000: RESUMING restores "the device from a migration data stream captured
// from a SAVING session with a compatible device." The stream carries every
// register, but the driver's restore path does not write one back: the
// interrupt mask register (BAR0 offset 0x18) keeps the destination's value.
class V1ResumeDropsRegister : public Mutant<V1ResumeDropsRegister, V1Device> {
 public:
  static constexpr absl::string_view kName = "v1_resume_drops_register";
  static constexpr uint64_t kDroppedRegisterOffset = 0x18;
  using Mutant::Mutant;

 protected:
  int FinishResuming(World& world, bool& to_error) override {
    if (!resuming_) return V1Device::FinishResuming(world, to_error);
    const uint64_t kept = state_.ReadRegister(kDroppedRegisterOffset);
    int r = resuming_->Finish();
    bool armed_to_error = false;
    if (auto fired = failures_.Hit(world, index(), proto::RESUME_LOAD)) {
      r = -fired->errno_value;
      armed_to_error = fired->to_error;
    }
    if (r == 0) {
      state_ = resuming_->staged();
      SetRegister(state_, kDroppedRegisterOffset, kept);  // the defect
      RecordInternalChange(world, index(), state_, 0, kChangeResumeLoad);
    }
    world.Record(kRecordResumeLoaded, host(), index(), r,
                 {resuming_->session(), resuming_->stream_digest(), state_.Digest()});
    to_error = variant() == proto::V1_NDMA || armed_to_error;
    return r;
  }
};

constexpr uint32_t kRfc = VariantOf(proto::V1_RFC);
constexpr uint32_t kV1 = VariantOf(proto::V1);
constexpr uint32_t kNdma = VariantOf(proto::V1_NDMA);

constexpr ZooEntry kEntries[] = {
    {.name = V1FailedWriteStillCommits::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kV1,
     .description = "a failed device_state write still commits the state written",
     .clause = "001_272879756ae3d4ee.txt: \"The vendor driver should return previous state of "
               "the device\"",
     .expected_rule = "V1-FAILED-WRITE-STATE",
     .make_device = &MakeV1<V1FailedWriteStillCommits>},
    {.name = V1OpenStartsStopped::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kV1,
     .description = "a freshly opened device is in STOP, not the default RUNNING",
     .clause = "001_272879756ae3d4ee.txt: \"001b => Device running, which is the default "
               "state\"",
     .expected_rule = "V1-DEFAULT-RUNNING",
     .make_device = &MakeV1<V1OpenStartsStopped>},
    {.name = V1PendingFromStaleTotal::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kRfc | kV1,
     .description = "pending_bytes is a stale total minus bytes read: 0 before a re-sent stream "
                    "ends",
     .clause = "003_c35130b7b7431c96.txt: \"Number of pending bytes yet to be migrated from "
               "vendor driver\"",
     .expected_rule = "V1-PENDING-ZERO-IS-END",
     .make_device = &MakeV1<V1PendingFromStaleTotal>},
    {.name = V1ReservedEchoesWrites::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kRfc | kV1 | kNdma,
     .description = "the reserved field reads back the last value written to it",
     .clause = "001_272879756ae3d4ee.txt: \"Reads on this field return zero and writes are "
               "ignored.\"",
     .expected_rule = "V1-RESERVED-FIELD",
     .make_device = &MakeV1<V1ReservedEchoesWrites>},
    {.name = V1ResumeDropsRegister::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kRfc | kV1 | kNdma,
     .description = "resume does not restore one register: the state diverges after migration",
     .clause = "000_fc85d4adbcac4363.txt: \"restoring the device from a migration data stream "
               "captured from a SAVING session with a compatible device.\"",
     .expected_rule = "STREAM-RESUME-EXACT",
     .make_device = &MakeV1<V1ResumeDropsRegister>},
    {.name = V1ResumeTruncatesSegment::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kRfc | kV1 | kNdma,
     .description = "a data_size write consumes at most 256 bytes of the segment yet succeeds",
     .clause = "003_c35130b7b7431c96.txt: \"c. write data_size which indicates vendor driver "
               "that data is written in staging buffer.\"",
     .expected_rule = "V1-RESUME-CONSUMES-SEGMENT",
     .make_device = &MakeV1<V1ResumeTruncatesSegment>},
    {.name = V1StopCopyKeepsTicking::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kRfc | kV1,
     .description = "in stop-and-copy the device's internal state keeps advancing",
     .clause = "001_272879756ae3d4ee.txt: \"When the device state is changed to _STOP, driver "
               "should stop the device before write() returns.\"",
     .expected_rule = "V1-STOP-STOPS",
     .make_device = &MakeV1<V1StopCopyKeepsTicking>},
};

}  // namespace

absl::Span<const ZooEntry> V1Mutants() { return kEntries; }

}  // namespace migsim::zoo::internal
