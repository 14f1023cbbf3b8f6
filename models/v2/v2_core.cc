// File: models/v2/v2_core.cc
// After drivers/vfio/vfio_main.c (vfio_ioctl_device_feature and the
// vfio_ioctl_device_feature_* handlers) and include/linux/vfio.h
// (vfio_check_feature); written from their described behaviour, not copied.
#include "models/v2/v2_core.h"

#include <algorithm>
#include <cerrno>

#include "models/v2/v2_device.h"
#include "models/v2/v2_records.h"
#include "sim/check.h"

namespace migsim::v2 {
namespace {

uint64_t FdArg(int32_t fd) { return fd >= 0 ? static_cast<uint32_t>(fd) : kNoDataFd; }

// vfio_check_feature(): 1 when the handler should execute the GET or SET, 0
// when a PROBE was answered, else -EINVAL. `payload` excludes the header.
int CheckFeature(uint32_t flags, uint32_t payload, uint32_t supported_ops, uint32_t minsz) {
  if ((flags & (kFeatureGet | kFeatureSet)) & ~supported_ops) return -EINVAL;
  if (flags & kFeatureProbe) return 0;
  if ((flags & (kFeatureGet | kFeatureSet)) == 0) return -EINVAL;
  if (payload < minsz) return -EINVAL;
  return 1;
}

FeatureReply Migration(const V2Device& d, const FeatureCall& c, uint32_t payload) {
  FeatureReply reply;
  reply.result = CheckFeature(c.flags, payload, kFeatureGet, kMigrationBytes);
  if (reply.result != 1) return reply;
  reply.result = 0;
  reply.value = d.flags();
  return reply;
}

FeatureReply MigDeviceState(World& world, V2Device& d, const FeatureCall& c,
                            uint32_t payload) {
  FeatureReply reply;
  reply.result = CheckFeature(c.flags, payload, kFeatureGet | kFeatureSet, kMigStateBytes);
  if (reply.result != 1) return reply;
  if (c.flags & kFeatureGet) {
    const MigState state = d.GetState();
    world.Record(kV2RecordGetState, d.host(), d.index(), 0, {state});
    reply.result = 0;
    reply.value = state;
    return reply;
  }
  world.Record(kV2RecordSetBegin, d.host(), d.index(), 0, {c.device_state, d.mig_state()});
  const SetStateResult s = d.SetState(world, c.device_state);
  reply.result = s.error;
  // The core copies the caller's own struct back, with data_fd = -1 unless
  // the driver returned a file: the caller's device_state even on failure.
  reply.value = c.device_state;
  reply.data_fd = s.error == 0 ? s.data_fd : -1;
  world.Record(kV2RecordSetReturn, d.host(), d.index(), reply.result,
               {reply.value, FdArg(reply.data_fd), static_cast<uint64_t>(s.arcs)});
  return reply;
}

// The core's checks of DMA_LOGGING_START's ranges, in vfio_main.c's order.
int CheckRanges(const FeatureCall& c) {
  if (c.ranges.empty()) return -EINVAL;
  if (c.ranges.size() > kLogRangesMax) return -E2BIG;
  const uint64_t mask = c.page_size - 1;  // IS_ALIGNED(x, 0) holds only for 0
  for (size_t i = 0; i < c.ranges.size(); ++i) {
    const LoggedRange& r = c.ranges[i];
    if ((r.iova & mask) != 0 || (r.length & mask) != 0) return -EINVAL;
    if (r.iova + r.length < r.iova) return -EOVERFLOW;
    for (size_t j = 0; j < i && r.length != 0; ++j) {
      const LoggedRange& o = c.ranges[j];
      if (o.length != 0 && r.iova < o.iova + o.length && o.iova < r.iova + r.length) {
        return -EINVAL;
      }
    }
  }
  return 0;
}

FeatureReply LogStart(World& world, V2Device& d, const FeatureCall& c, uint32_t payload) {
  FeatureReply reply;
  reply.result = CheckFeature(c.flags, payload, kFeatureSet, kLogControlBytes);
  if (reply.result != 1) return reply;
  uint64_t chosen = 0;
  reply.result = CheckRanges(c);
  if (reply.result == 0) reply.result = d.LogStart(world, c.page_size, c.ranges, &chosen);
  if (reply.result != 0) chosen = 0;
  reply.value = chosen;
  std::vector<uint64_t> ranges;
  for (const LoggedRange& r : c.ranges) {
    ranges.push_back(r.iova);
    ranges.push_back(r.length);
  }
  world.Record(kV2RecordLogStart, d.host(), d.index(), reply.result,
               {c.page_size, chosen, c.ranges.size()}, ranges);
  return reply;
}

FeatureReply LogStop(World& world, V2Device& d, const FeatureCall& c, uint32_t payload) {
  FeatureReply reply;
  reply.result = CheckFeature(c.flags, payload, kFeatureSet, 0);
  if (reply.result != 1) return reply;
  reply.result = d.LogStop(world);
  world.Record(kV2RecordLogStop, d.host(), d.index(), reply.result, {});
  return reply;
}

FeatureReply LogReport(World& world, V2Device& d, const FeatureCall& c, uint32_t payload) {
  FeatureReply reply;
  reply.result = CheckFeature(c.flags, payload, kFeatureGet, kLogReportBytes);
  if (reply.result != 1) return reply;
  reply.bitmap = c.bitmap_preset;  // the user's buffer, as the user left it
  if (c.page_size < 4096 || (c.page_size & (c.page_size - 1)) != 0) {
    reply.result = -EINVAL;
  } else if (c.iova + c.length < c.iova) {
    reply.result = -EOVERFLOW;
  } else {
    reply.result = d.LogReadAndClear(world, c.iova, c.length, c.page_size, reply.bitmap);
  }
  std::sort(reply.bitmap.begin(), reply.bitmap.end());
  reply.bitmap.erase(std::unique(reply.bitmap.begin(), reply.bitmap.end()), reply.bitmap.end());
  std::vector<uint64_t> payload_words = c.bitmap_preset;
  std::sort(payload_words.begin(), payload_words.end());
  payload_words.erase(std::unique(payload_words.begin(), payload_words.end()),
                      payload_words.end());
  const uint64_t preset_count = payload_words.size();
  payload_words.insert(payload_words.end(), reply.bitmap.begin(), reply.bitmap.end());
  world.Record(kV2RecordLogReport, d.host(), d.index(), reply.result,
               {c.iova, c.length, c.page_size, preset_count, reply.bitmap.size()},
               payload_words);
  return reply;
}

FeatureReply DataSize(World& world, V2Device& d, const FeatureCall& c, uint32_t payload) {
  FeatureReply reply;
  reply.result = CheckFeature(c.flags, payload, kFeatureGet, kMigDataSizeBytes);
  if (reply.result != 1) return reply;
  uint64_t length = 0;
  reply.result = d.GetDataSize(&length);
  if (reply.result != 0) length = 0;
  reply.value = length;
  world.Record(kV2RecordDataSize, d.host(), d.index(), reply.result, {length});
  return reply;
}

FeatureReply Dispatch(World& world, V2Device& d, const FeatureCall& c) {
  FeatureReply reply;
  constexpr uint32_t kKnownBits = kFeatureMask | kFeatureGet | kFeatureSet | kFeatureProbe;
  if (c.argsz < kFeatureHeaderBytes || (c.flags & ~kKnownBits) != 0 ||
      ((c.flags & kFeatureProbe) == 0 && (c.flags & kFeatureGet) && (c.flags & kFeatureSet))) {
    reply.result = -EINVAL;
    return reply;
  }
  const uint32_t payload = c.argsz - kFeatureHeaderBytes;
  switch (c.flags & kFeatureMask) {
    case kFeatureMigration: return Migration(d, c, payload);
    case kFeatureMigDeviceState: return MigDeviceState(world, d, c, payload);
    case kFeatureDmaLoggingStart: return LogStart(world, d, c, payload);
    case kFeatureDmaLoggingStop: return LogStop(world, d, c, payload);
    case kFeatureDmaLoggingReport: return LogReport(world, d, c, payload);
    case kFeatureMigDataSize: return DataSize(world, d, c, payload);
    default:
      // The driver's device_feature op knows no other feature (-ENOTTY, as
      // vfio-pci-core answers; v6.2's core without the op said -EINVAL).
      reply.result = -ENOTTY;
      return reply;
  }
}

uint32_t PayloadBytes(uint32_t feature) {
  switch (feature) {
    case kFeatureMigration: return kMigrationBytes;
    case kFeatureMigDeviceState: return kMigStateBytes;
    case kFeatureMigDataSize: return kMigDataSizeBytes;
    case kFeatureDmaLoggingStart: return kLogControlBytes;
    case kFeatureDmaLoggingReport: return kLogReportBytes;
    default: return 0;
  }
}

}  // namespace

FeatureCall GetCall(uint32_t feature) {
  FeatureCall c;
  c.flags = kFeatureGet | feature;
  c.argsz = kFeatureHeaderBytes + PayloadBytes(feature);
  return c;
}

FeatureCall SetCall(uint32_t feature) {
  FeatureCall c;
  c.flags = kFeatureSet | feature;
  c.argsz = kFeatureHeaderBytes + PayloadBytes(feature);
  return c;
}

FeatureReply DeviceFeature(World& world, uint32_t device, const FeatureCall& call) {
  MIGSIM_CHECK(device < world.device_count()) << "device=" << device;
  SimDevice& sim = world.device(device);
  auto* v2 = dynamic_cast<V2Device*>(&sim);
  FeatureReply reply;
  if (v2 == nullptr) {
    reply.result = -ENOTTY;  // no mig_ops
  } else if (!v2->opened()) {
    reply.result = -EBADF;   // no device fd to issue the ioctl on
  } else {
    reply = Dispatch(world, *v2, call);
  }
  world.Record(kV2RecordFeature, sim.host(), device, reply.result,
               {call.flags, call.argsz, reply.value, FdArg(reply.data_fd)});
  return reply;
}

}  // namespace migsim::v2
