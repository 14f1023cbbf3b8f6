// File: models/v1/v1_save_session.cc
#include "models/v1/v1_save_session.h"

#include "sim/check.h"
#include "sim/hash.h"

namespace migsim::v1 {

SaveSession::SaveSession(uint64_t session, uint32_t model_id, InternalState& state,
                         bool precopy_logging)
    : writer_(session, model_id, state.words(), precopy_logging) {
  state.MarkAllDirty();
}

uint64_t SaveSession::PendingBytes(const InternalState& state, bool final_phase) const {
  return writer_.PendingBytes(state, final_phase);
}

Segment SaveSession::Commit(InternalState& state, bool final_phase, uint64_t max_bytes,
                            std::vector<uint8_t>& window) {
  MIGSIM_CHECK(!segment_open_) << "a segment is already open";
  MIGSIM_CHECK(max_bytes > 0);
  std::vector<uint8_t> bytes;
  const uint64_t before = writer_.produced();
  const size_t n = writer_.Produce(state, final_phase, max_bytes, bytes);
  MIGSIM_CHECK(n == bytes.size() && n <= max_bytes) << "n=" << n;
  MIGSIM_CHECK(window.size() >= n) << "window of " << window.size() << " bytes, segment " << n;
  std::copy(bytes.begin(), bytes.end(), window.begin());
  Fnv1a64 fnv;
  for (uint8_t b : bytes) fnv.AddByte(b);
  segment_ = Segment{before, n, fnv.value(), false};
  // END is handed out in full once the writer emitted it and has nothing left.
  if (!end_handed_out_ && writer_.end_emitted() && writer_.PendingBytes(state, true) == 0) {
    end_handed_out_ = true;
    segment_.completes_stream = true;
  }
  segment_open_ = true;
  return segment_;
}

uint64_t SaveSession::Digest() const {
  uint64_t d = HashCombine(writer_.session(), writer_.produced());
  d = HashCombine(d, writer_.stream_digest());
  d = HashCombine(d, (segment_.length << 2) | (segment_open_ << 1) | end_handed_out_);
  return HashCombine(d, segment_.digest);
}

}  // namespace migsim::v1
