// File: sim/check.h
//
// MIGSIM_CHECK: the bench's own invariant check, on in every build type.
// A failed check is a bug in migsim itself (never in the device under test,
// never bad input): it prints the condition, file, line and any streamed
// context to stderr and aborts. Debian 12's Abseil (20220623) has no absl/log,
// hence this macro.
//
// Example:
//   MIGSIM_CHECK(page < page_count_) << "page=" << page;
#ifndef MIGSIM_SIM_CHECK_H_
#define MIGSIM_SIM_CHECK_H_

#include <sstream>

namespace migsim::check_internal {

// Collects the streamed context of a failed check; its destructor aborts.
class CheckFailure {
 public:
  CheckFailure(const char* file, int line, const char* condition);
  CheckFailure(const CheckFailure&) = delete;
  CheckFailure& operator=(const CheckFailure&) = delete;
  [[noreturn]] ~CheckFailure();
  std::ostream& stream() { return stream_; }

 private:
  std::ostringstream stream_;
};

}  // namespace migsim::check_internal

#define MIGSIM_CHECK(condition)                                                 \
  if (static_cast<bool>(condition)) {                                           \
  } else                                                                        \
    ::migsim::check_internal::CheckFailure(__FILE__, __LINE__, #condition).stream()

// Documents a condition that may legitimately be true or false (TigerBeetle's
// `maybe`). It evaluates nothing at run time.
#define MIGSIM_MAYBE(condition) static_cast<void>(sizeof(static_cast<bool>(condition)))

#endif  // MIGSIM_SIM_CHECK_H_
