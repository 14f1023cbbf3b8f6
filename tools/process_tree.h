// File: tools/process_tree.h
//
// ProcessTreeCpuSeconds: the CPU time a process and all its descendants
// have used so far, read from /proc (Linux proc(5): utime, stime, cutime
// and cstime of /proc/PID/stat). The detection benchmark's budget is CPU
// seconds, not wall-clock seconds, so that trials keep their budget on a
// machine shared with builds and other trials: afl-fuzz's target runs in
// its fork server's children, libFuzzer in one process, and both are
// charged whole. A live process's time counts in utime/stime; a descendant
// that ended and was reaped counts in its parent's cutime/cstime, so every
// tick is counted once. Descendants that ended without being reaped by a
// live member of the tree (orphans adopted by init) are lost: engines reap
// their children.
#ifndef MIGSIM_TOOLS_PROCESS_TREE_H_
#define MIGSIM_TOOLS_PROCESS_TREE_H_

#include <sys/types.h>

namespace migsim {

// CPU seconds (user + system) of `root` and its live descendants, their
// reaped children included; 0 when `root` is gone. Reads every
// /proc/PID/stat once (a few milliseconds on a busy machine).
double ProcessTreeCpuSeconds(pid_t root);

}  // namespace migsim

#endif  // MIGSIM_TOOLS_PROCESS_TREE_H_
