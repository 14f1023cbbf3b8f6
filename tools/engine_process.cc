// File: tools/engine_process.cc
#include "tools/engine_process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "sim/check.h"

namespace migsim {
namespace {

void SleepMs(int ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

// Makes the child's signal state plain whatever ours is: an empty mask and
// the default action for the signals `migsim fuzz` catches or ignores.
void PlainSignals(posix_spawnattr_t& attr) {
  sigset_t empty;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&attr, &empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attr, &defaults);
}

}  // namespace

absl::StatusOr<EngineProcess> EngineProcess::Start(const std::vector<std::string>& argv,
                                                   const std::vector<std::string>& env) {
  if (argv.empty()) return absl::InvalidArgumentError("no engine command");
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);  // a new group led by the child
  PlainSignals(attr);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0].c_str(), &actions, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(pipe_fds[1]);
  if (spawned != 0) {
    close(pipe_fds[0]);
    return absl::InternalError(
        absl::StrCat(argv[0], ": cannot start (", std::strerror(spawned), ")"));
  }
  MIGSIM_CHECK(pid > 0);
  fcntl(pipe_fds[0], F_SETFL, fcntl(pipe_fds[0], F_GETFL) | O_NONBLOCK);
  return EngineProcess(pid, pipe_fds[0]);
}

EngineProcess::EngineProcess(EngineProcess&& other) noexcept { *this = std::move(other); }

EngineProcess& EngineProcess::operator=(EngineProcess&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0 && !status_) Stop(0);
    Close();
    pid_ = std::exchange(other.pid_, -1);
    fd_ = std::exchange(other.fd_, -1);
    partial_ = std::move(other.partial_);
    status_ = std::exchange(other.status_, std::nullopt);
  }
  return *this;
}

EngineProcess::~EngineProcess() {
  if (pid_ > 0 && !status_) Stop(0);
  Close();
}

void EngineProcess::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

std::vector<std::string> EngineProcess::ReadLines() {
  std::vector<std::string> lines;
  char buffer[4096];
  while (fd_ >= 0) {
    const ssize_t n = read(fd_, buffer, sizeof(buffer));
    if (n > 0) {
      partial_.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    Close();  // end of output (n == 0) or a read error
  }
  size_t start = 0;
  for (size_t nl = partial_.find('\n'); nl != std::string::npos; nl = partial_.find('\n', start)) {
    lines.push_back(partial_.substr(start, nl - start));
    start = nl + 1;
  }
  partial_.erase(0, start);
  if (fd_ < 0 && !partial_.empty()) lines.push_back(std::exchange(partial_, ""));
  return lines;
}

std::optional<int> EngineProcess::Poll() {
  if (status_ || pid_ <= 0) return status_;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) status_ = status;
  return status_;
}

int EngineProcess::Stop(int grace_ms) {
  if (pid_ <= 0) return status_.value_or(0);
  // A child reaped before this call is left alone: its pid may be reused.
  if (Poll()) return *status_;
  kill(-pid_, SIGTERM);
  for (int waited = 0; waited < grace_ms && !Poll(); waited += 50) SleepMs(50);
  // Until the leader is reaped (below) its pid names this group alone, so
  // the workers (libFuzzer's fork mode) that outlive it can be killed.
  kill(-pid_, SIGKILL);
  if (!status_) {
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    status_ = status;
  }
  return *status_;
}

}  // namespace migsim
