// File: tools/engine_process.h
//
// EngineProcess: one fuzz engine process `migsim fuzz` runs (migsim_libfuzzer,
// or one afl-fuzz instance), started with posix_spawn in a process group of
// its own (so a Ctrl-C at the terminal reaches `migsim fuzz` alone, which
// then stops the whole group: libFuzzer's fork-mode workers included), with
// stdin from /dev/null and stdout and stderr merged into one pipe that
// `migsim fuzz` reads line by line for the progress line and copies to
// DIR/engine.log.
#ifndef MIGSIM_TOOLS_ENGINE_PROCESS_H_
#define MIGSIM_TOOLS_ENGINE_PROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace migsim {

// EngineProcess: owns the child and the read end of its output pipe. Not
// copyable; thread-compatible. The destructor stops a running child.
class EngineProcess {
 public:
  // Starts `argv[0]` (an absolute or relative path, not searched in PATH)
  // with `argv` and exactly the environment `env` ("NAME=value" strings).
  // Errors: InvalidArgumentError for an empty argv; InternalError naming
  // argv[0] when the pipe or the spawn fails (e.g. not executable).
  static absl::StatusOr<EngineProcess> Start(const std::vector<std::string>& argv,
                                             const std::vector<std::string>& env);

  EngineProcess(EngineProcess&& other) noexcept;
  EngineProcess& operator=(EngineProcess&& other) noexcept;
  EngineProcess(const EngineProcess&) = delete;
  EngineProcess& operator=(const EngineProcess&) = delete;
  ~EngineProcess();

  // The read end of the output pipe (non-blocking), for poll(); -1 once the
  // child closed its end and everything was read.
  int output_fd() const { return fd_; }

  // Reads what is available without blocking and returns the complete lines
  // (without '\n'); at end of output also the unterminated rest.
  std::vector<std::string> ReadLines();

  // The exit status once the child has ended (as from waitpid: use
  // WIFEXITED/WEXITSTATUS), else nullopt. Never blocks.
  std::optional<int> Poll();

  // Sends SIGTERM to the child's process group, waits up to `grace_ms` for
  // the child, then sends SIGKILL to the group and reaps the child. Returns
  // its wait status. A child that already ended is not signalled (its pid
  // may have been reused). Idempotent.
  int Stop(int grace_ms);

  pid_t pid() const { return pid_; }

 private:
  EngineProcess(pid_t pid, int fd) : pid_(pid), fd_(fd) {}
  void Close();

  pid_t pid_ = -1;
  int fd_ = -1;
  std::string partial_;  // output after the last '\n'
  std::optional<int> status_;
};

}  // namespace migsim

#endif  // MIGSIM_TOOLS_ENGINE_PROCESS_H_
