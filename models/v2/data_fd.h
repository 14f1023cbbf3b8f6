// File: models/v2/data_fd.h
//
// DataFd: one data_fd the v2 driver returned from VFIO_DEVICE_FEATURE(SET |
// MIG_DEVICE_STATE), with its data transfer session: the saving side
// (PRE_COPY, PRE_COPY_P2P, STOP_COPY share one) streams the device's
// internal state through a StreamWriter; the resuming side (RESUMING) parses
// what the user writes through a StreamReader. Pure logic: no World, no
// records; the driver (models/v2/v2_file_ops.cc) records what it does.
//
// The header (include/uapi/linux/vfio.h) and include/linux/vfio.h say:
//   - the driver "is responsible to ensure that FD reaches end of stream or
//     error whenever the migration FSM leaves a data transfer state"
//     (004_ca0a322ccd212e3d.txt): End() marks that, after which every
//     operation answers -ENODEV, as mtty's disabled files do;
//   - PRE_COPY reaches a temporary end of stream when initial_bytes and
//     dirty_bytes are both 0 (read() answers -ENOMSG); STOP_COPY reaches a
//     permanent one (read() answers 0 forever).
#ifndef MIGSIM_MODELS_V2_DATA_FD_H_
#define MIGSIM_MODELS_V2_DATA_FD_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "models/device/internal_state.h"
#include "models/device/migration_stream.h"

namespace migsim::v2 {

enum class DataFdKind : uint8_t { kSaving, kResuming };

// DataFd: value type.
class DataFd {
 public:
  // A saving session (entering the saving group). Marks every chunk of
  // `state` dirty so that the first copy carries all of it.
  static DataFd Saving(int32_t fd, uint64_t session, uint32_t model_id, InternalState& state,
                       bool precopy_logging);
  // A resuming session (STOP -> RESUMING) staging into a copy of `state`.
  static DataFd Resuming(int32_t fd, uint64_t session, uint32_t model_id,
                         const InternalState& state);

  int32_t fd() const { return fd_; }
  uint64_t session() const { return session_; }
  DataFdKind kind() const { return kind_; }
  bool ended() const { return ended_; }
  bool closed() const { return closed_; }
  void End() { ended_ = true; }
  void Close() { closed_ = true; }

  // Saving: up to `length` stream bytes appended to `out`; `final_phase` is
  // true in STOP_COPY. Returns the number appended (0: nothing available now
  // in PRE_COPY, end of stream in STOP_COPY). REQUIRES: kind() == kSaving.
  size_t Produce(InternalState& state, bool final_phase, uint64_t length,
                 std::vector<uint8_t>& out);
  // VFIO_MIG_GET_PRECOPY_INFO's two estimates, in bytes. Their sum is what
  // read() can return now in PRE_COPY. REQUIRES: kind() == kSaving.
  uint64_t initial_bytes() const { return initial_remaining_; }
  uint64_t dirty_bytes(const InternalState& state) const;
  // True once the END record has been handed out entirely.
  bool end_delivered(const InternalState& state) const;
  const StreamWriter& writer() const { return *writer_; }

  // Resuming: parses `size` bytes. Returns 0 or -EFAULT / -EINVAL (errors
  // stick). REQUIRES: kind() == kResuming.
  int Consume(const uint8_t* data, size_t size);
  const StreamReader& reader() const { return *reader_; }

  // The user's view: bytes moved through this fd and their running FNV-1a 64.
  void Observe(const uint8_t* data, size_t size);
  uint64_t observed_bytes() const { return observed_bytes_; }
  uint64_t observed_digest() const { return observed_digest_; }

  uint64_t Digest() const;

 private:
  DataFd(int32_t fd, uint64_t session, DataFdKind kind);

  int32_t fd_;
  uint64_t session_;
  DataFdKind kind_;
  bool ended_ = false;
  bool closed_ = false;
  std::optional<StreamWriter> writer_;
  std::optional<StreamReader> reader_;
  uint64_t initial_remaining_ = 0;  // bytes of the first copy not yet read
  uint64_t observed_bytes_ = 0;
  uint64_t observed_digest_;
};

}  // namespace migsim::v2

#endif  // MIGSIM_MODELS_V2_DATA_FD_H_
