// File: tests/tools/process_tree_test.cc
//
// Goal: the detection benchmark charges a trial the CPU time of its whole
// process tree: the process itself and a child that ran and was reaped
// (its time moves into the parent's cutime) both count; a process that
// does not exist costs nothing. Method: a forked child burns CPU (measured
// by its own clock()) and exits; the parent's tree time grows by at least
// that much once it reaped the child. No wall-clock timing.
#include "tools/process_tree.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <ctime>

#include "gtest/gtest.h"

namespace migsim {
namespace {

// Spins until this process used `seconds` of CPU.
void BurnCpu(double seconds) {
  volatile uint64_t sink = 0;
  while (static_cast<double>(std::clock()) / CLOCKS_PER_SEC < seconds) {
    for (int i = 0; i < 100000; ++i) sink = sink + i;
  }
}

TEST(ProcessTreeTest, ChildrenReapedCountInTheTree) {
  const double before = ProcessTreeCpuSeconds(getpid());
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    BurnCpu(0.3);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  const double after = ProcessTreeCpuSeconds(getpid());
  EXPECT_GE(after - before, 0.25) << before << " -> " << after;
}

TEST(ProcessTreeTest, NoSuchProcessCostsNothing) {
  // Pids are below /proc/sys/kernel/pid_max (at most 2^22).
  EXPECT_EQ(ProcessTreeCpuSeconds(1 << 23), 0.0);
}

}  // namespace
}  // namespace migsim
