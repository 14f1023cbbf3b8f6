// File: tests/tools/engine_process_test.cc
//
// Goal: an engine process gets exactly the environment given, its stdout and
// stderr arrive as lines, its exit status is reported, and Stop() ends its
// whole process group (workers included) even when the leader ignores
// SIGTERM. Method: /bin/sh scripts as stand-in engines.
#include "tools/engine_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "gtest/gtest.h"
#include "tests/tools/tool_test_util.h"

namespace migsim {
namespace {

// All lines until the output ends (bounded).
std::vector<std::string> AllLines(EngineProcess& p) {
  std::vector<std::string> lines;
  for (int i = 0; i < 500 && p.output_fd() >= 0; ++i) {
    for (std::string& l : p.ReadLines()) lines.push_back(std::move(l));
    usleep(10000);
  }
  return lines;
}

TEST(EngineProcessTest, OutputLinesEnvironmentAndExitStatus) {
  absl::StatusOr<EngineProcess> p = EngineProcess::Start(
      {"/bin/sh", "-c", "echo out $FOO; echo err >&2; printf tail; exit 3"}, {"FOO=bar"});
  ASSERT_TRUE(p.ok()) << p.status();
  const std::vector<std::string> lines = AllLines(*p);
  EXPECT_EQ(lines, (std::vector<std::string>{"out bar", "err", "tail"}));
  std::optional<int> status;
  for (int i = 0; i < 500 && !status; ++i, usleep(10000)) status = p->Poll();
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 3);
  EXPECT_EQ(p->Stop(0), *status) << "an ended child is not signalled again";
}

TEST(EngineProcessTest, StopEndsTheWholeGroup) {
  const std::string dir = testing::MakeTempDir();
  // The leader ignores SIGTERM and starts a worker that records its pid.
  absl::StatusOr<EngineProcess> p = EngineProcess::Start(
      {"/bin/sh", "-c",
       "trap '' TERM; (sleep 60 & echo $! > " + dir + "/worker; wait) & echo started; wait"},
      {});
  ASSERT_TRUE(p.ok()) << p.status();
  std::string worker;
  for (int i = 0; i < 500 && worker.empty(); ++i, usleep(10000)) {
    p->ReadLines();
    absl::StatusOr<std::string> text = ReadFile(dir + "/worker");
    if (text.ok() && !text->empty() && text->back() == '\n') worker = *text;
  }
  ASSERT_FALSE(worker.empty());
  EXPECT_FALSE(p->Poll().has_value()) << "still running";
  const int status = p->Stop(/*grace_ms=*/200);
  EXPECT_TRUE(WIFSIGNALED(status)) << "SIGKILL after the grace period";
  int worker_pid = 0;
  ASSERT_TRUE(absl::SimpleAtoi(worker.substr(0, worker.size() - 1), &worker_pid));
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i, usleep(10000)) gone = kill(worker_pid, 0) != 0;
  EXPECT_TRUE(gone) << "worker " << worker_pid << " survived";
}

TEST(EngineProcessTest, AProgramThatCannotRunIsAnError) {
  absl::StatusOr<EngineProcess> p = EngineProcess::Start({"/nonexistent/engine"}, {});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(std::string(p.status().message()).find("/nonexistent/engine: cannot start"),
            std::string::npos)
      << p.status();
  EXPECT_FALSE(EngineProcess::Start({}, {}).ok());
}

}  // namespace
}  // namespace migsim
