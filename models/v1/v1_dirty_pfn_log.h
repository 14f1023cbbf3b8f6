// File: models/v1/v1_dirty_pfn_log.h
//
// DirtyPfnLog: the RFC's in-region dirty page reporting
// (003_c35130b7b7431c96.txt): the device logs the IOVA pages its own DMA
// writes while SAVING, and answers the user's query (start_pfn, page_size,
// total_pfns) one copied_pfns read at a time:
//   - VFIO_DEVICE_DIRTY_PFNS_NONE "if none of the pages are dirty in
//     requested range or rest of the range";
//   - VFIO_DEVICE_DIRTY_PFNS_ALL "to mark all pages dirty in the given range
//     or rest of the range" (a device configured with rfc_report_all, which
//     tracks nothing);
//   - else a pfn count, with "the bitmap with bits set only for pages to be
//     marked dirty" copied into the bitmap area.
// Reported pages are cleared from the log (QEMU syncs the log repeatedly and
// copies each reported page).
#ifndef MIGSIM_MODELS_V1_V1_DIRTY_PFN_LOG_H_
#define MIGSIM_MODELS_V1_V1_DIRTY_PFN_LOG_H_

#include <cstdint>
#include <vector>

#include "absl/container/btree_set.h"

namespace migsim::v1 {

// DirtyPfnLog: value type.
class DirtyPfnLog {
 public:
  // `bitmap_bytes`: the bitmap area's size (bounds one answer to 8x pfns).
  DirtyPfnLog(uint64_t bitmap_bytes, bool report_all);

  // A DMA write of `length` bytes at `iova` completed (the device logs it
  // only while logging is on).
  void LogWrite(uint64_t iova, uint64_t length);
  // SAVING starts (clears the log, logging on) / ends (logging off).
  void Start();
  void Stop() { logging_ = false; }

  // The user wrote start_pfn / page_size / total_pfns (a new query).
  void SetStartPfn(uint64_t v) { start_pfn_ = v, cursor_ = 0; }
  void SetPageSize(uint64_t v) { page_size_ = v, cursor_ = 0; }
  void SetTotalPfns(uint64_t v) { total_pfns_ = v, cursor_ = 0; }

  // Answers one copied_pfns read: 0 with `copied` set (NONE, ALL or a count
  // whose bits are now in bitmap()), or -EINVAL when the query is unusable
  // (page_size not a power of two of at least 4096, or a range that
  // overflows the IOVA space).
  int ReadCopiedPfns(uint64_t& copied);
  const std::vector<uint8_t>& bitmap() const { return bitmap_; }

  bool logging() const { return logging_; }
  size_t logged_granules() const { return granules_.size(); }
  uint64_t Digest() const;

 private:
  // The first granule (IOVA / kDirtyGranule) of `pfn` under the query's page_size.
  uint64_t GranuleOf(uint64_t pfn) const;

  uint64_t bitmap_bytes_;
  bool report_all_;
  bool logging_ = false;
  absl::btree_set<uint64_t> granules_;  // IOVA / kDirtyGranule of logged writes
  uint64_t start_pfn_ = 0;
  uint64_t page_size_ = 0;
  uint64_t total_pfns_ = 0;
  uint64_t cursor_ = 0;  // pfns of the query already answered
  std::vector<uint8_t> bitmap_;
};

}  // namespace migsim::v1

#endif  // MIGSIM_MODELS_V1_V1_DIRTY_PFN_LOG_H_
