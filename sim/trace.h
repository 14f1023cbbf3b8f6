// File: sim/trace.h
//
// Trace: the append-only record of every observable event of a run (region
// access, DMA, interrupt, state change, IOMMU operation, violation), and a
// running 64-bit hash over a canonical byte encoding of every record.
//
// The canonical encoding of one record, all integers little-endian:
//   time_ns u64 | kind u16 | host u16 | device u32 | action_index i32 (as u32)
//   | result i32 (as u32) | arg[0..5] u64 x 6 | payload_size u32
//   | payload words u64 x payload_size
// The trace hash is FNV-1a 64 (sim/hash.h) over the concatenated encodings of
// all records in order, starting from the FNV offset basis. It is what
// `migsim run` prints and what determinism tests compare.
//
// The engine does not know VFIO: it defines the engine record kinds below
// (kinds 1..255); models define theirs from kModelRecordKindFirst up. Each
// kind documents the meaning of arg[0..5], result and payload.
#ifndef MIGSIM_SIM_TRACE_H_
#define MIGSIM_SIM_TRACE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "sim/event_queue.h"

namespace migsim {

// Device index used in records that concern no device.
inline constexpr uint32_t kNoDevice = 0xFFFFFFFFu;
// Action index used in records not caused by a scenario action (timers).
inline constexpr int32_t kNoAction = -1;
// The first record kind a model may define.
inline constexpr uint16_t kModelRecordKindFirst = 256;

// Engine record kinds. Arguments per kind:
enum EngineRecordKind : uint16_t {
  kRecordNone = 0,
  // arg0 = ns advanced, arg1 = new time.
  kRecordTimeAdvance = 1,
  // IOMMU map: arg0 = iova, arg1 = size, arg2 = target kind (0 RAM, 1 BAR),
  // arg3 = gpa or bar offset, arg4 = target device (BAR) , arg5 = writable.
  // result = 0 or -errno.
  kRecordIommuMap = 2,
  // IOMMU unmap: arg0 = iova, arg1 = size, arg2 = bytes unmapped. result.
  kRecordIommuUnmap = 3,
  // VFIO_IOMMU_DIRTY_PAGES START / STOP: result.
  kRecordDirtyStart = 4,
  kRecordDirtyStop = 5,
  // GET_BITMAP (atomic read and clear): arg0 = iova, arg1 = size, arg2 = pgsize,
  // arg3 = pages reported dirty. payload = the bitmap words (bit i of word w is
  // page iova + (64 w + i) * pgsize). result.
  kRecordDirtyGetBitmap = 6,
  // A device's DMA request entered the fabric: arg0 = dma id, arg1 = iova,
  // arg2 = length, arg3 = flags (bit0 write), arg4 = data digest (writes).
  kRecordDmaIssue = 7,
  // A DMA completed: arg0 = dma id, arg1 = iova, arg2 = length, arg3 = flags
  // (bit0 write, bit1 peer-to-peer), arg4 = peer device (P2P) or first GPA
  // page, arg5 = data digest. result = 0 or -EFAULT (IOMMU fault) / -EPERM
  // (write to a read-only mapping).
  kRecordDmaComplete = 8,
  // A device raised an interrupt: arg0 = vector.
  kRecordInterrupt = 9,
  // MMIO into a device BAR (a vCPU access, or a peer's DMA arriving; the peer
  // case precedes that DMA's kRecordDmaComplete): arg0 = offset, arg1 = width or length, arg2 =
  // flags (bit0 write, bit1 from a peer device), arg3 = value or digest,
  // arg4 = initiator (vCPU index, or peer device index when bit1).
  kRecordMmio = 10,
  // vCPU run / stop: arg0 = vcpu.
  kRecordVcpuRun = 11,
  kRecordVcpuStop = 12,
  // A vCPU store to guest RAM: arg0 = vcpu, arg1 = gpa, arg2 = length,
  // arg3 = data digest. result = 0, or -EBUSY when the vCPU is stopped (no effect).
  kRecordGuestWrite = 13,
  // An oracle violation: arg0 = rule number (index in the rule registry),
  // arg1 = record index that triggered it.
  kRecordViolation = 14,
  kEngineRecordKindEnd = 15,
};

// Bits of the kRecordDmaIssue / kRecordDmaComplete flags argument.
inline constexpr uint64_t kDmaFlagWrite = 1u << 0;
inline constexpr uint64_t kDmaFlagP2p = 1u << 1;
// Bits of the kRecordMmio flags argument.
inline constexpr uint64_t kMmioFlagWrite = 1u << 0;
inline constexpr uint64_t kMmioFlagFromPeer = 1u << 1;

// TraceRecord: one observable event. Plain value.
struct TraceRecord {
  SimTime time_ns = 0;
  uint16_t kind = kRecordNone;
  uint16_t host = 0;
  uint32_t device = kNoDevice;
  int32_t action_index = kNoAction;
  int32_t result = 0;
  uint64_t arg[6] = {0, 0, 0, 0, 0, 0};
  uint32_t payload_begin = 0;  // index into Trace's payload words (not hashed)
  uint32_t payload_size = 0;   // number of payload words
};

// Trace: records plus payload words plus the running hash. Value type.
// Records are indexed from 0 over the whole run; Discard() drops stored
// records (keeping the hash and the count) so a long or fuzzing run does not
// grow without bound once monitors have consumed them.
class Trace {
 public:
  // Appends `record` (its payload fields are filled in from `payload`),
  // updates the hash and returns the record's index.
  uint64_t Append(TraceRecord record, absl::Span<const uint64_t> payload = {});

  // The running FNV-1a 64 hash over every record appended so far.
  uint64_t hash() const { return hash_; }
  // Total records appended since the start of the run.
  uint64_t count() const { return first_index_ + records_.size(); }
  // Index of the first record still stored.
  uint64_t first_stored() const { return first_index_; }

  // The stored record with run-wide index `index`.
  // REQUIRES: first_stored() <= index < count().
  const TraceRecord& at(uint64_t index) const;
  absl::Span<const uint64_t> payload(const TraceRecord& record) const;

  // Drops every stored record and payload word; count() and hash() remain.
  void Discard();

 private:
  std::vector<TraceRecord> records_;
  std::vector<uint64_t> payload_;
  uint64_t first_index_ = 0;
  uint64_t hash_ = 0xcbf29ce484222325ull;  // FNV-1a 64 offset basis
};

// Hashes one record's canonical encoding into `hash` (exposed for tests).
uint64_t HashRecord(uint64_t hash, const TraceRecord& record,
                    absl::Span<const uint64_t> payload);

}  // namespace migsim

#endif  // MIGSIM_SIM_TRACE_H_
