// File: models/v2/dma_logging.h
//
// DmaLog: the v2 device's own log of its DMA writes, what the driver's
// vfio_log_ops (log_start, log_stop, log_read_and_clear) operate on for
// VFIO_DEVICE_FEATURE_DMA_LOGGING_START / STOP / REPORT. Pure logic: the
// core's argument checks live in models/v2/v2_core.cc, records in the
// driver.
//
// From include/uapi/linux/vfio.h and include/linux/vfio.h: only DMA writes
// are logged; the page_size START passes is a hint and the device writes
// back the granularity it chose; another START before STOP is refused
// ("rejecting subsequent calls to log_start without an intervening
// log_stop"); REPORT reads and clears the log of its range, at any power of
// two page size (bits are replicated when the device's granularity is
// coarser), and only ever sets bits in the user's bitmap.
#ifndef MIGSIM_MODELS_V2_DMA_LOGGING_H_
#define MIGSIM_MODELS_V2_DMA_LOGGING_H_

#include <cstdint>
#include <set>
#include <vector>

namespace migsim::v2 {

// A range of IOVA space: [iova, iova + length), bytes.
struct LoggedRange {
  uint64_t iova = 0;
  uint64_t length = 0;
};

// The granularities the device can log at, bytes.
inline constexpr uint64_t kLogPageSizeMin = 4096;
inline constexpr uint64_t kLogPageSizeMax = 65536;

// DmaLog: value type.
class DmaLog {
 public:
  // log_start: starts logging writes into `ranges` (already checked by the
  // core: non-empty, aligned, not overlapping). Sets *page_size to the
  // granularity chosen: `page_size_hint` rounded up to a power of two within
  // [kLogPageSizeMin, kLogPageSizeMax]. Returns 0, or -EBUSY when logging
  // is already on.
  int Start(uint64_t page_size_hint, std::vector<LoggedRange> ranges, uint64_t* page_size);
  // log_stop: stops logging and forgets the log. Stopping when not started
  // is handled gracefully (0), as include/linux/vfio.h asks.
  int Stop();
  // Logs one successful DMA write of the device: every log page of
  // [iova, iova + length) that meets a logged range. No-op when stopped.
  void LogWrite(uint64_t iova, uint64_t length);
  // log_read_and_clear for [iova, iova + length) at `page_size` (a power of
  // two >= 4096): appends to `pages` the indices (relative to iova, at
  // page_size) of every page holding a logged write, each once and
  // ascending, and clears the log pages lying entirely inside the range.
  // Returns 0, or -EINVAL when logging is off.
  int ReadAndClear(uint64_t iova, uint64_t length, uint64_t page_size,
                   std::vector<uint64_t>& pages);

  bool started() const { return started_; }
  uint64_t page_size() const { return page_size_; }
  uint64_t Digest() const;

 private:
  bool InRanges(uint64_t first, uint64_t last) const;

  bool started_ = false;
  uint64_t page_size_ = 0;
  std::vector<LoggedRange> ranges_;
  std::set<uint64_t> dirty_;  // log page numbers (iova / page_size_)
};

}  // namespace migsim::v2

#endif  // MIGSIM_MODELS_V2_DMA_LOGGING_H_
