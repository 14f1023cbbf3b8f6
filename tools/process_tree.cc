// File: tools/process_tree.cc
#include "tools/process_tree.h"

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace migsim {
namespace {

struct Stat {
  pid_t ppid = 0;
  uint64_t ticks = 0;  // utime + stime + cutime + cstime
};

// Parses /proc/PID/stat: "pid (comm) state ppid ..." where comm may hold
// spaces and parentheses, so fields are counted after the last ')'.
bool ReadStat(const std::string& pid, Stat& stat) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::stringstream text;
  text << in.rdbuf();
  const std::string line = text.str();
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return false;
  // After ')': state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
  const std::vector<absl::string_view> fields =
      absl::StrSplit(absl::string_view(line).substr(close + 1), ' ', absl::SkipEmpty());
  if (fields.size() < 15) return false;
  int64_t ppid = 0;
  if (!absl::SimpleAtoi(fields[1], &ppid)) return false;
  stat.ppid = static_cast<pid_t>(ppid);
  stat.ticks = 0;
  for (size_t i = 11; i <= 14; ++i) {
    int64_t ticks = 0;
    if (!absl::SimpleAtoi(fields[i], &ticks) || ticks < 0) return false;
    stat.ticks += static_cast<uint64_t>(ticks);
  }
  return true;
}

}  // namespace

double ProcessTreeCpuSeconds(pid_t root) {
  std::map<pid_t, Stat> stats;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    int64_t pid = 0;
    Stat stat;
    if (!absl::SimpleAtoi(name, &pid) || !ReadStat(name, stat)) continue;
    stats.emplace(static_cast<pid_t>(pid), stat);
  }
  std::multimap<pid_t, pid_t> children;
  for (const auto& [pid, stat] : stats) children.emplace(stat.ppid, pid);
  uint64_t ticks = 0;
  std::vector<pid_t> pending = {root};
  while (!pending.empty()) {
    const pid_t pid = pending.back();
    pending.pop_back();
    const auto it = stats.find(pid);
    if (it == stats.end()) continue;
    ticks += it->second.ticks;
    const auto [first, last] = children.equal_range(pid);
    for (auto c = first; c != last; ++c) pending.push_back(c->second);
  }
  const long hz = sysconf(_SC_CLK_TCK);
  return static_cast<double>(ticks) / static_cast<double>(hz > 0 ? hz : 100);
}

}  // namespace migsim
