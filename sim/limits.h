// File: sim/limits.h
//
// Every size a scenario can state has a limit here. Exceeding one is bad input
// (a clear error naming the field), never a crash or a silent clamp. The
// limits are chosen to keep one run within a laptop's memory and a fuzz
// input's run within milliseconds, while still allowing the benchmarks'
// largest topologies (64 devices, 1 Mi guest pages).
#ifndef MIGSIM_SIM_LIMITS_H_
#define MIGSIM_SIM_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace migsim {

inline constexpr uint32_t kFormatVersion = 1;

inline constexpr size_t kHostsMax = 8;
inline constexpr size_t kDevicesMax = 64;
inline constexpr size_t kVcpusMax = 64;
inline constexpr size_t kP2pWindowsMax = 256;
inline constexpr size_t kActionsMax = 100000;
inline constexpr uint64_t kGuestPagesMax = uint64_t{1} << 20;     // pages
inline constexpr uint32_t kPageSizeMin = 4096;                    // bytes
inline constexpr uint32_t kPageSizeMax = 65536;                   // bytes
inline constexpr uint32_t kPageSizeDefault = 4096;                // bytes
inline constexpr uint64_t kBarSizeMax = uint64_t{1} << 30;        // bytes
inline constexpr uint64_t kBarSizeDefault = 4096;                 // bytes
inline constexpr uint64_t kDmaLengthMax = uint64_t{1} << 20;      // bytes
inline constexpr uint64_t kLatencyNsMax = 1'000'000'000;          // ns
inline constexpr uint64_t kDmaLatencyNsDefault = 500;             // ns
inline constexpr uint64_t kVcpuPeriodNsMin = 100;                 // ns
inline constexpr uint64_t kAdvanceNsMax = 10'000'000'000;         // ns in one action
inline constexpr uint64_t kEventsMaxDefault = 1'000'000;          // events per run
inline constexpr uint64_t kEventsMaxLimit = 100'000'000;          // events per run
inline constexpr uint64_t kTimeNsMaxDefault = 100'000'000'000;    // ns per run
inline constexpr size_t kEventQueueCapacity = 1u << 16;           // pending events
inline constexpr size_t kNameLengthMax = 64;                      // bytes

}  // namespace migsim

#endif  // MIGSIM_SIM_LIMITS_H_
