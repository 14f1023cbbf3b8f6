// File: models/v1/v1_save_session.h
//
// SaveSession: the saving side of one v1 SAVING session as the data window
// presents it: a StreamWriter (models/device/migration_stream.h) plus the
// segment currently made available in the data section. It implements the
// SAVING protocol of 000_fc85d4adbcac4363.txt:
//   a) pending_bytes: PendingBytes() (an estimate; repeated reads have no
//      side effects);
//   b) data_offset: Commit() makes the next segment of up to segment_bytes
//      available ("This action commits the user to collect the data
//      segment"); re-reading data_offset before e) returns the same segment;
//   c) data_size: segment_size();
//   d) the user reads the data section;
//   e) pending_bytes again: Collect() ("indicate to the migration driver
//      that the provided data has been collected").
// Pre-copy vs stop-and-copy is `final_phase` (the device is !RUNNING): only
// then does the stream end (002: "during SAVING | !RUNNING the data window
// should transfer the dirtied state and conclude the migration data").
#ifndef MIGSIM_MODELS_V1_V1_SAVE_SESSION_H_
#define MIGSIM_MODELS_V1_V1_SAVE_SESSION_H_

#include <cstdint>
#include <vector>

#include "models/device/internal_state.h"
#include "models/device/migration_stream.h"

namespace migsim::v1 {

// What Commit() made available.
struct Segment {
  uint64_t stream_offset = 0;     // bytes of the stream before this segment
  uint64_t length = 0;            // bytes; 0 = nothing available now
  uint64_t digest = 0;            // FNV-1a 64 of the bytes
  bool completes_stream = false;  // the stream's END record is now fully handed out
};

// SaveSession: value type. The session starts a "first copy" of every chunk
// of `state` (002: "The entire data from the start of SAVING to the end of
// stream is transfered to the other side").
class SaveSession {
 public:
  SaveSession(uint64_t session, uint32_t model_id, InternalState& state, bool precopy_logging);

  // Bytes left to hand out (000: "an estimate of the remaining data size").
  uint64_t PendingBytes(const InternalState& state, bool final_phase) const;
  // Encodes up to `max_bytes` of stream into `window` (resized to hold them)
  // and opens the segment. REQUIRES: !segment_open().
  Segment Commit(InternalState& state, bool final_phase, uint64_t max_bytes,
                 std::vector<uint8_t>& window);
  // The user collected the open segment.
  void Collect() { segment_open_ = false; }

  bool segment_open() const { return segment_open_; }
  uint64_t segment_size() const { return segment_open_ ? segment_.length : 0; }
  const Segment& segment() const { return segment_; }
  const StreamWriter& writer() const { return writer_; }
  uint64_t Digest() const;

 private:
  StreamWriter writer_;
  Segment segment_;
  bool segment_open_ = false;
  bool end_handed_out_ = false;
};

}  // namespace migsim::v1

#endif  // MIGSIM_MODELS_V1_V1_SAVE_SESSION_H_
