// File: sim/trace.cc
#include "sim/trace.h"

#include "sim/check.h"
#include "sim/hash.h"

namespace migsim {

uint64_t HashRecord(uint64_t hash, const TraceRecord& record,
                    absl::Span<const uint64_t> payload) {
  Fnv1a64 fnv(hash);
  fnv.AddU64(record.time_ns);
  fnv.AddU16(record.kind);
  fnv.AddU16(record.host);
  fnv.AddU32(record.device);
  fnv.AddU32(static_cast<uint32_t>(record.action_index));
  fnv.AddU32(static_cast<uint32_t>(record.result));
  for (uint64_t a : record.arg) fnv.AddU64(a);
  fnv.AddU32(static_cast<uint32_t>(payload.size()));
  for (uint64_t w : payload) fnv.AddU64(w);
  return fnv.value();
}

uint64_t Trace::Append(TraceRecord record, absl::Span<const uint64_t> payload) {
  MIGSIM_CHECK(record.kind != kRecordNone);
  MIGSIM_CHECK(payload.size() < (uint64_t{1} << 32));
  record.payload_begin = static_cast<uint32_t>(payload_.size());
  record.payload_size = static_cast<uint32_t>(payload.size());
  MIGSIM_CHECK(payload_.size() + payload.size() < (uint64_t{1} << 32))
      << "payload words stored=" << payload_.size();
  payload_.insert(payload_.end(), payload.begin(), payload.end());
  hash_ = HashRecord(hash_, record, payload);
  records_.push_back(record);
  return count() - 1;
}

const TraceRecord& Trace::at(uint64_t index) const {
  MIGSIM_CHECK(index >= first_index_ && index < count())
      << "index=" << index << " first=" << first_index_ << " count=" << count();
  return records_[index - first_index_];
}

absl::Span<const uint64_t> Trace::payload(const TraceRecord& record) const {
  MIGSIM_CHECK(uint64_t{record.payload_begin} + record.payload_size <= payload_.size());
  return absl::MakeConstSpan(payload_.data() + record.payload_begin, record.payload_size);
}

void Trace::Discard() {
  first_index_ += records_.size();
  records_.clear();
  payload_.clear();
}

}  // namespace migsim
