// File: models/zoo/v2_data_mutants.cc
//
// The zoo's V2 mutants of the data path: the reference v2 driver
// (models/v2/v2_device.h) with one defect each in the data_fd session's
// lifetime, the PRE_COPY read and VFIO_MIG_GET_PRECOPY_INFO answers, loading
// a resumed stream, or the device's DMA logging (vfio_log_ops).
#include <cerrno>
#include <cstdint>
#include <vector>

#include "models/device/migration_stream.h"
#include "models/record_kinds.h"
#include "models/v2/data_fd.h"
#include "models/v2/v2_device.h"
#include "models/v2/v2_records.h"
#include "models/zoo/mutant.h"
#include "sim/world.h"

namespace migsim::zoo::internal {
namespace {

using v2::ArcStatus;
using v2::DataFd;
using v2::V2Device;

// 004: the driver must ensure "that FD reaches end of stream or error
// whenever the migration FSM leaves a data transfer state". The STOP_COPY ->
// STOP arc forgets to end the session, so its fd keeps handing out the rest
// of the stream (the header's own example, KeepsSession).
class V2StopCopyKeepsSession : public Mutant<V2StopCopyKeepsSession, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_stop_copy_keeps_session";
  using Mutant::Mutant;

 protected:
  ArcStatus ArcStopCopyToStop(World& world) override {
    static_cast<void>(world);
    return {};  // the defect: no EndSession()
  }
};

// The header: at the temporary end of stream in PRE_COPY "it is reached
// when both fields are 0" and read() "should return ENOMSG". The driver
// answers 0, as a plain file at its end would.
class V2PrecopyReadReturnsZero : public Mutant<V2PrecopyReadReturnsZero, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_precopy_read_returns_zero";
  using Mutant::Mutant;

 protected:
  int64_t SaveRead(World& world, DataFd& fd, uint64_t length, std::vector<uint8_t>& out) override {
    const int64_t r = V2Device::SaveRead(world, fd, length, out);
    return r == -ENOMSG ? 0 : r;  // the defect
  }
};

// The header: initial_bytes "should start non-zero and fall as data is
// read." The driver computes initial_bytes once, as the size of the whole
// first copy, and never lowers it as the user reads.
class V2PrecopyInfoIgnoresReads : public Mutant<V2PrecopyInfoIgnoresReads, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_precopy_info_ignores_reads";
  using Mutant::Mutant;

 protected:
  int PrecopyInfo(World& world, DataFd& fd, uint64_t* initial_bytes,
                  uint64_t* dirty_bytes) override {
    const int r = V2Device::PrecopyInfo(world, fd, initial_bytes, dirty_bytes);
    if (r == 0) {
      *initial_bytes =  // the defect: the first copy's full size, every time
          kStreamHeaderBytes + uint64_t{state_.chunk_count()} * kStreamChunkRecordBytes;
    }
    return r;
  }
};

// 000: RESUMING restores "the device from a migration data stream captured
// from a SAVING session with a compatible device." The stream carries every
// register, but the restore path does not write one back: the interrupt
// mask register (BAR0 offset 0x18) keeps the destination's own value.
class V2ResumeDropsRegister : public Mutant<V2ResumeDropsRegister, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_resume_drops_register";
  static constexpr uint64_t kDroppedRegisterOffset = 0x18;
  using Mutant::Mutant;

 protected:
  ArcStatus ArcResumingToStop(World& world) override {
    DataFd* fd = ActiveSession();
    if (fd == nullptr || fd->kind() != v2::DataFdKind::kResuming) {
      return V2Device::ArcResumingToStop(world);
    }
    const uint64_t kept = state_.ReadRegister(kDroppedRegisterOffset);
    const StreamReader& reader = fd->reader();
    ArcStatus status;
    if (auto f = failures_.Hit(world, index(), proto::RESUME_LOAD)) {
      status = {-f->errno_value, f->to_error};
    } else {
      status.error = reader.Finish();
    }
    if (status.error == 0) {
      state_ = reader.staged();
      SetRegister(state_, kDroppedRegisterOffset, kept);  // the defect
      state_.ClearDirty();
      RecordInternalChange(world, index(), state_, 0, kChangeResumeLoad);
    }
    world.Record(kRecordResumeLoaded, host(), index(), status.error,
                 {reader.session(), reader.stream_digest(), state_.Digest()});
    if (status.error == 0) EndSession(world, v2::kEndLeftState);
    return status;
  }
};

// The header: REPORT "will only set bits… never clear or perform any
// initialization of the user provided bitmap". The driver clears the user's
// bitmap before writing the pages it logged.
class V2LogReportClearsBitmap : public Mutant<V2LogReportClearsBitmap, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_log_report_clears_bitmap";
  using Mutant::Mutant;

  int LogReadAndClear(World& world, uint64_t iova, uint64_t length, uint64_t page_size,
                      std::vector<uint64_t>& pages) override {
    pages.clear();  // the defect
    return V2Device::LogReadAndClear(world, iova, length, page_size, pages);
  }
};

// include/linux/vfio.h asks for "rejecting subsequent calls to log_start
// without an intervening log_stop" (the header: "Another start is not
// allowed in the meantime"). The driver restarts logging instead.
class V2LogRestartAccepted : public Mutant<V2LogRestartAccepted, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_log_restart_accepted";
  using Mutant::Mutant;

  int LogStart(World& world, uint64_t page_size_hint, std::vector<v2::LoggedRange> ranges,
               uint64_t* page_size) override {
    if (log_.started()) log_.Stop();  // the defect
    return V2Device::LogStart(world, page_size_hint, std::move(ranges), page_size);
  }
};

// The header: "Only DMA **writes** are logged" - all of them. The device's
// page tracker marks only the page of a write's first byte, so a DMA write
// crossing a page boundary loses the pages after it.
class V2LogFirstPageOnly : public Mutant<V2LogFirstPageOnly, V2Device> {
 public:
  static constexpr absl::string_view kName = "v2_log_first_page_only";
  using Mutant::Mutant;

  void OnDmaDone(World& world, const DmaCompletion& completion) override {
    if (completion.result == 0 && completion.request.write) {
      log_.LogWrite(completion.request.iova, 1);  // the defect: one byte's page
    }
    MigratableDevice::OnDmaDone(world, completion);
  }
};

constexpr uint32_t kV2 = VariantOf(proto::V2);

constexpr ZooEntry kEntries[] = {
    {.name = V2LogFirstPageOnly::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "DMA logging misses the later pages of a write crossing a page",
     .clause = "../reference/kernel-v2-uapi.md: \"Only DMA **writes** are logged,\"",
     .expected_rule = "V2-LOG-REPORTS-WRITES",
     .make_device = &MakeV2<V2LogFirstPageOnly>},
    {.name = V2LogReportClearsBitmap::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "DMA_LOGGING_REPORT clears the bits the user's bitmap already had",
     .clause = "../reference/kernel-v2-uapi.md: \"never clear or perform any initialization "
               "of the user\"",
     .expected_rule = "V2-LOG-REPORT-ONLY-SETS",
     .make_device = &MakeV2<V2LogReportClearsBitmap>},
    {.name = V2LogRestartAccepted::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "a second DMA_LOGGING_START without STOP restarts logging",
     .clause = "../reference/kernel-v2-uapi.md: \"Another start is not allowed in the\"",
     .expected_rule = "V2-LOG-SECOND-START",
     .make_device = &MakeV2<V2LogRestartAccepted>},
    {.name = V2PrecopyInfoIgnoresReads::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "PRECOPY_INFO's initial_bytes never falls as the first copy is read",
     .clause = "../reference/kernel-v2-uapi.md: \"should start non-zero and fall as data is "
               "read.\"",
     .expected_rule = "V2-PRECOPY-INFO-CONSISTENT",
     .needs = {.v2_flags_set = kNeedPreCopy},
     .make_device = &MakeV2<V2PrecopyInfoIgnoresReads>},
    {.name = V2PrecopyReadReturnsZero::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "read() at PRE_COPY's temporary end of stream returns 0, not -ENOMSG",
     .clause = "../reference/kernel-v2-uapi.md: \"it is reached when both fields are 0.\"",
     .expected_rule = "V2-PRECOPY-TEMP-END-ENOMSG",
     .needs = {.v2_flags_set = kNeedPreCopy},
     .make_device = &MakeV2<V2PrecopyReadReturnsZero>},
    {.name = V2ResumeDropsRegister::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "resume does not restore one register: the state diverges after migration",
     .clause = "000_fc85d4adbcac4363.txt: \"restoring the device from a migration data stream "
               "captured from a SAVING session with a compatible device.\"",
     .expected_rule = "STREAM-RESUME-EXACT",
     .make_device = &MakeV2<V2ResumeDropsRegister>},
    {.name = V2StopCopyKeepsSession::kName,
     .target = Target::kDevice,
     .kind = proto::V2_DEVICE,
     .variants = kV2,
     .description = "STOP_COPY -> STOP does not end the session: its fd keeps reading data",
     .clause = "004_ca0a322ccd212e3d.txt: \"FD reaches end of stream or error\"",
     .expected_rule = "V2-DATAFD-ENDS-ON-LEAVE",
     .make_device = &MakeV2<V2StopCopyKeepsSession>},
};

}  // namespace

absl::Span<const ZooEntry> V2DataMutants() { return kEntries; }

}  // namespace migsim::zoo::internal
