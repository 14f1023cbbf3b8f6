// File: spec/monitors/v2_data_fd_monitor.cc
#include "spec/monitors/v2_data_fd_monitor.h"

#include <algorithm>
#include <cerrno>

#include "absl/strings/str_cat.h"
#include "models/record_kinds.h"
#include "models/v2/v2_records.h"
#include "spec/rules/v2_data_fd_rules.h"

namespace migsim {
namespace {

using v2_oracle::HeaderStateName;
using v2_oracle::InSavingGroup;
using v2_oracle::kPreCopy;
using v2_oracle::kPreCopyP2P;
using v2_oracle::kResuming;
using v2_oracle::kStop;
using v2_oracle::kStopCopy;

constexpr uint32_t kFeatureMigDataSize = 9;
constexpr uint32_t kGet = 1u << 16;
constexpr uint32_t kSet = 1u << 17;
constexpr uint32_t kProbe = 1u << 18;
constexpr uint32_t kDataSizeArgsz = 16;

// The most read prefixes the monitor keeps, so that a run reading without
// end cannot make it grow without bound; past it the user's side of
// RESUMING -> STOP is no longer judged (never a false alarm).
constexpr size_t kReadPrefixesMax = size_t{1} << 18;

bool InPreCopy(uint32_t s) { return s == kPreCopy || s == kPreCopyP2P; }
// An answer that says the fd's session is over.
bool AnswersEnded(int32_t result) { return result == -ENODEV || result == -EBADF; }

}  // namespace

V2DataFdMonitor::V2DataFdMonitor(const proto::Scenario& scenario)
    : views_(v2_oracle::MakeViews(scenario)), devices_(views_.size()) {}

V2DataFdMonitor::Fd* V2DataFdMonitor::FdOf(uint32_t device, uint64_t fd) {
  auto it = devices_[device].fds.find(fd);
  return it == devices_[device].fds.end() ? nullptr : &it->second;
}

void V2DataFdMonitor::EndActive(Device& d) {
  if (d.active_fd) d.fds[*d.active_fd].active = false;
  d.active_fd.reset();
}

void V2DataFdMonitor::Catalogue(uint32_t device, uint64_t bytes, uint64_t digest) {
  const SavedStream s = {views_[device].state_words, bytes, digest};
  if (std::find(saved_.begin(), saved_.end(), s) == saved_.end()) saved_.push_back(s);
}

void V2DataFdMonitor::OnRecord(const TraceRecord& r, absl::Span<const uint64_t> payload,
                               ViolationSink& sink) {
  static_cast<void>(payload);
  v2_oracle::V2DeviceView* view = v2_oracle::ViewOf(views_, r);
  if (view == nullptr) return;
  Device& d = devices_[r.device];
  switch (r.kind) {
    case kRecordFailureFired:
      d.failure_fired = true;
      return;
    case kRecordInternalChange:
      for (auto& [number, fd] : d.fds) fd.info_valid = false;
      return;
    case kRecordStreamEnd:
      d.announced_end = r.arg[1];
      return;
    case v2::kV2RecordSetBegin:
      d.in_set = true;
      d.opened_in_set.reset();
      for (auto& [number, fd] : d.fds) fd.info_valid = false;
      return;
    case v2::kV2RecordArc:
      return OnArc(r.device, r, sink);
    case v2::kV2RecordSetReturn: {
      const uint64_t expected = d.opened_in_set.value_or(v2::kNoDataFd);
      if (d.in_set && r.result == 0 && r.arg[1] != expected) {
        sink.Report(rules::kV2DataFdNewOnEntry, r.device, r.host,
                    absl::StrCat("the SET returned data_fd ", static_cast<int32_t>(r.arg[1]),
                                 " but its arcs opened ", static_cast<int32_t>(expected)));
      }
      d.in_set = false;
      return;
    }
    case kRecordDeviceReset:
    case kRecordDeviceClose:
      if (r.result == 0) EndActive(d);
      v2_oracle::FollowState(*view, r);
      return;
    case v2::kV2RecordDataClose:
      if (Fd* fd = FdOf(r.device, r.arg[0]); fd != nullptr && r.result == 0) {
        fd->closed = true;
        if (d.active_fd == r.arg[0]) EndActive(d);
      }
      return;
    case v2::kV2RecordRead:
      OnRead(r.device, r, sink);
      break;
    case v2::kV2RecordWrite:
      OnWrite(r.device, r, sink);
      break;
    case v2::kV2RecordPrecopyInfo:
      OnPrecopyInfo(r.device, r, sink);
      break;
    case v2::kV2RecordFeature:
      OnFeature(r.device, r, sink);
      break;
    default:
      v2_oracle::FollowState(*view, r);
      return;
  }
  d.failure_fired = false;  // it explained (or not) the call just judged
}

void V2DataFdMonitor::OnArc(uint32_t device, const TraceRecord& r, ViolationSink& sink) {
  Device& d = devices_[device];
  const auto from = static_cast<uint32_t>(r.arg[0]);
  const auto to = static_cast<uint32_t>(r.arg[1]);
  const uint64_t fd = r.arg[3];
  const std::string arc = absl::StrCat(HeaderStateName(from), " -> ", HeaderStateName(to));
  if (from == kResuming && to == kStop) CheckResume(device, r, sink);
  if (r.result != 0) {
    if (r.arg[2] == v2_oracle::kError) EndActive(d);
    v2_oracle::FollowState(views_[device], r);
    return;
  }
  const bool entering = (InSavingGroup(to) && !InSavingGroup(from)) || to == kResuming;
  const bool inside = InSavingGroup(from) && InSavingGroup(to);
  const bool leaving =
      d.active_fd && (d.fds[*d.active_fd].resuming ? to != kResuming : !InSavingGroup(to));
  if (leaving) EndActive(d);
  // A number may come back once the user closed its previous fd (as
  // get_unused_fd_flags hands out the lowest free one), never before.
  const bool fd_in_use = d.fds.contains(fd) && !d.fds[fd].closed;
  if (entering && (fd == v2::kNoDataFd || fd_in_use)) {
    sink.Report(
        rules::kV2DataFdNewOnEntry, device, r.host,
        absl::StrCat("arc ", arc, " starts a session but returned ",
                     fd == v2::kNoDataFd ? "no data_fd" : absl::StrCat("data_fd ", fd, " again")));
  } else if (entering) {
    Fd info;
    info.host = r.host;
    info.resuming = to == kResuming;
    d.fds[fd] = info;
    d.active_fd = fd;
    d.opened_in_set = fd;
  } else if (fd != v2::kNoDataFd) {
    sink.Report(inside ? rules::kV2DataFdKeptInGroup : rules::kV2DataFdNewOnEntry, device, r.host,
                absl::StrCat("arc ", arc, " starts no session but returned data_fd ", fd));
  }
  v2_oracle::FollowState(views_[device], r);
}

void V2DataFdMonitor::CheckResume(uint32_t device, const TraceRecord& r, ViolationSink& sink) {
  Device& d = devices_[device];
  if (!d.active_fd || !d.fds[*d.active_fd].resuming) return;
  const Fd& fd = d.fds[*d.active_fd];
  const SavedStream written = {views_[device].state_words, fd.bytes, fd.digest};
  if (std::find(saved_.begin(), saved_.end(), written) != saved_.end()) return;
  const std::string bytes = absl::StrCat("the ", fd.bytes, " bytes written into data_fd ",
                                         *d.active_fd, " (FNV-1a 0x", absl::Hex(fd.digest), ")");
  if (!read_prefixes_full_ && !read_prefixes_.contains(written)) {
    sink.Report(
        rules::kUserV2ResumeSingleFd, device, r.host,
        absl::StrCat(bytes, " are not the output, whole or cut where a read ended, of ",
                     "one saving data_fd of a device with ", written.state_words, " state words"));
  }
  if (r.result == 0) {
    sink.Report(rules::kV2ResumeValidates, device, r.host,
                absl::StrCat("RESUMING -> STOP succeeded although ", bytes,
                             " are not a whole stream saved by a device with ", written.state_words,
                             " state words"));
  }
}

void V2DataFdMonitor::OnRead(uint32_t device, const TraceRecord& r, ViolationSink& sink) {
  Device& d = devices_[device];
  Fd* fd = FdOf(device, r.arg[0]);
  if (fd == nullptr || fd->resuming) return;
  const uint32_t state = views_[device].state;
  const std::string read = absl::StrCat("read() on data_fd ", r.arg[0], " in ",
                                        HeaderStateName(state), " returned ", r.result);
  if (!fd->active || fd->closed) {
    if (r.result > 0) {
      sink.Report(rules::kV2DataFdEndsOnLeave, device, r.host,
                  read + " although its session ended");
    }
    return;
  }
  if (AnswersEnded(r.result) && !d.failure_fired) {
    sink.Report(rules::kV2DataFdKeptInGroup, device, r.host, read + " while its session is active");
  } else if (InPreCopy(state) && r.result == 0) {
    sink.Report(rules::kV2PrecopyTempEndEnomsg, device, r.host,
                read + ": a temporary end of stream is -ENOMSG");
  } else if (state == kStopCopy && (r.result == -ENOMSG || (fd->saw_end && r.result > 0))) {
    sink.Report(rules::kV2StopCopyEndPermanent, device, r.host,
                read + (fd->saw_end ? " after it had returned 0" : ""));
  }
  if (fd->info_valid && InPreCopy(state) &&
      ((fd->info_total == 0 && r.result > 0) || (fd->info_total > 0 && r.result == -ENOMSG))) {
    sink.Report(
        rules::kV2PrecopyInfoConsistent, device, r.host,
        absl::StrCat(read, " right after PRECOPY_INFO reported ", fd->info_total, " bytes"));
  }
  fd->info_valid = false;
  if (state == kStopCopy && r.result == 0) fd->saw_end = true;
  fd->bytes = r.arg[4];
  fd->digest = r.arg[3];
  if (r.result > 0 && !read_prefixes_full_) {
    read_prefixes_.insert({views_[device].state_words, fd->bytes, fd->digest});
    read_prefixes_full_ = read_prefixes_.size() >= kReadPrefixesMax;
  }
  if ((d.announced_end && fd->bytes == *d.announced_end) || (fd->saw_end && fd->bytes > 0)) {
    Catalogue(device, fd->bytes, fd->digest);
    d.announced_end.reset();
  }
}

void V2DataFdMonitor::OnWrite(uint32_t device, const TraceRecord& r, ViolationSink& sink) {
  Fd* fd = FdOf(device, r.arg[0]);
  if (fd == nullptr || !fd->resuming) return;
  if (!fd->active || fd->closed) {
    if (r.result > 0) {
      sink.Report(rules::kV2DataFdEndsOnLeave, device, r.host,
                  absl::StrCat("write() on data_fd ", r.arg[0], " accepted ", r.result,
                               " bytes although its session ended"));
    }
    return;
  }
  if (AnswersEnded(r.result) && !devices_[device].failure_fired) {
    sink.Report(rules::kV2DataFdKeptInGroup, device, r.host,
                absl::StrCat("write() on data_fd ", r.arg[0], " returned ", r.result,
                             " while its session is active"));
  }
  if (r.result > 0) {
    fd->bytes = r.arg[4];
    fd->digest = r.arg[3];
  }
}

void V2DataFdMonitor::OnPrecopyInfo(uint32_t device, const TraceRecord& r, ViolationSink& sink) {
  Fd* fd = FdOf(device, r.arg[0]);
  if (fd == nullptr || fd->resuming) return;
  const uint32_t state = views_[device].state;
  const std::string call =
      absl::StrCat("PRECOPY_INFO on data_fd ", r.arg[0], " in ", HeaderStateName(state));
  if (r.result != 0) {
    if (fd->active && !fd->closed && InPreCopy(state) && AnswersEnded(r.result) &&
        !devices_[device].failure_fired) {
      sink.Report(rules::kV2DataFdKeptInGroup, device, r.host,
                  absl::StrCat(call, " returned ", r.result, " while its session is active"));
    }
    return;
  }
  if (!fd->active || fd->closed) {
    sink.Report(rules::kV2DataFdEndsOnLeave, device, r.host,
                call + " succeeded although its session ended");
  } else if (!InPreCopy(state)) {
    sink.Report(rules::kV2PrecopyInfoState, device, r.host, call + " succeeded");
  } else {
    if (fd->last_initial && r.arg[1] > *fd->last_initial) {
      sink.Report(
          rules::kV2PrecopyInfoConsistent, device, r.host,
          absl::StrCat(call, ": initial_bytes rose from ", *fd->last_initial, " to ", r.arg[1]));
    }
    fd->last_initial = r.arg[1];
    fd->info_valid = true;
    fd->info_total = r.arg[1] + r.arg[2];
  }
}

void V2DataFdMonitor::OnFeature(uint32_t device, const TraceRecord& r, ViolationSink& sink) {
  const auto flags = static_cast<uint32_t>(r.arg[0]);
  const bool well_formed = (flags & ~(0xffffu | kGet | kSet | kProbe)) == 0 &&
                           (flags & (kSet | kProbe)) == 0 && (flags & kGet) != 0 &&
                           r.arg[1] >= kDataSizeArgsz;
  if ((flags & 0xffff) != kFeatureMigDataSize || !well_formed || r.result == 0) return;
  if (!views_[device].opened || devices_[device].failure_fired) return;
  sink.Report(rules::kV2DataSizeAnyState, device, r.host,
              absl::StrCat("MIG_DATA_SIZE failed (", r.result, ") in ",
                           HeaderStateName(views_[device].state)));
}

void V2DataFdMonitor::OnEnd(SimTime end_ns, ViolationSink& sink) {
  static_cast<void>(end_ns);
  for (uint32_t device = 0; device < devices_.size(); ++device) {
    for (const auto& [number, fd] : devices_[device].fds) {
      if (fd.closed) continue;
      sink.Report(rules::kUserV2CloseDataFd, device, fd.host,
                  absl::StrCat("data_fd ", number, " was never closed"));
    }
  }
}

}  // namespace migsim
