// File: sim/dma_fabric.cc
#include "sim/dma_fabric.h"

#include <algorithm>
#include <cerrno>
#include <vector>

#include "sim/check.h"
#include "sim/hash.h"
#include "sim/limits.h"
#include "sim/world.h"

namespace migsim {
namespace {

// One translated piece of a DMA.
struct Chunk {
  uint64_t offset;   // bytes into the DMA
  uint64_t length;
  IommuTarget target;
};

// Translates the whole DMA; returns 0 or the first page's fault.
int TranslateAll(const Host& host, const DmaRequest& req, std::vector<Chunk>& chunks) {
  const uint32_t page = host.iommu.page_size();
  uint64_t offset = 0;
  while (offset < req.length) {
    const uint64_t iova = req.iova + offset;
    if (iova < req.iova) return -EFAULT;  // wrapped around the IOVA space
    const IommuTranslation t = host.iommu.Translate(iova, req.write);
    if (t.error != 0) return t.error;
    const uint64_t to_page_end = page - (iova & (page - 1));
    const uint64_t length = std::min({req.length - offset, t.contiguous, to_page_end});
    chunks.push_back(Chunk{offset, length, t.target});
    offset += length;
  }
  return 0;
}

}  // namespace

size_t DmaFabric::InFlight(uint32_t device) const {
  size_t n = 0;
  for (const auto& [id, t] : in_flight_) n += (t.device == device);
  return n;
}

uint64_t DmaFabric::Digest() const {
  uint64_t d = next_id_;
  for (const auto& [id, t] : in_flight_) {
    d = HashCombine(d, id);
    d = HashCombine(d, t.request.iova ^ (t.request.length << 1) ^ t.request.write);
    d = HashCombine(d, t.request.data_digest);
  }
  return d;
}

uint64_t IssueDma(World& world, uint32_t device, const DmaRequest& request) {
  MIGSIM_CHECK(request.length > 0 && request.length <= kDmaLengthMax)
      << "length=" << request.length;
  const SimDevice& dev = world.device(device);
  DmaFabric& fabric = world.fabric();
  DmaTransaction t;
  t.id = fabric.next_id_++;
  t.device = device;
  t.host = dev.host();
  t.request = request;
  t.issue_ns = world.now();
  fabric.in_flight_.emplace(t.id, t);
  world.Record(kRecordDmaIssue, t.host, device, 0,
               {t.id, request.iova, request.length, request.write ? kDmaFlagWrite : 0,
                request.write ? request.data_digest : 0});
  world.Schedule(world.host(t.host).dma_latency_ns, kEngineTarget, kEngineEventDmaComplete,
                 t.id, 0);
  return t.id;
}

void CompleteDma(World& world, uint64_t dma_id) {
  DmaFabric& fabric = world.fabric();
  auto it = fabric.in_flight_.find(dma_id);
  if (it == fabric.in_flight_.end()) return;
  const DmaTransaction t = it->second;
  fabric.in_flight_.erase(it);

  Host& host = world.host(t.host);
  const DmaRequest& req = t.request;
  std::vector<Chunk> chunks;
  const int error = TranslateAll(host, req, chunks);
  DmaCompletion done{t.id, req, error, 0};
  uint64_t flags = req.write ? kDmaFlagWrite : 0;
  uint64_t where = 0;
  if (error == 0) {
    uint64_t read_digest = HashCombine(req.iova, req.length);
    bool first = true;
    for (const Chunk& c : chunks) {
      const bool to_ram = c.target.kind == IommuTarget::kRam;
      if (!to_ram) flags |= kDmaFlagP2p;
      if (first) where = to_ram ? c.target.address / host.memory.page_size() : c.target.device;
      first = false;
      const uint64_t chunk_digest = HashCombine(req.data_digest, c.offset);
      if (to_ram) {
        MIGSIM_CHECK(host.memory.Contains(c.target.address, c.length))
            << "IOMMU maps outside guest RAM: gpa=" << c.target.address;
        if (req.write) {
          host.memory.Write(c.target.address, c.length, chunk_digest);
        } else {
          read_digest = HashCombine(read_digest, host.memory.Read(c.target.address, c.length));
        }
      } else {
        BarAccess access{req.write, true, t.device, c.target.address, c.length, chunk_digest};
        // The peer sees an MMIO access like any other (002_e161682a2f26ac74.txt:
        // "As Peer to Peer DMA is a MMIO touch like any other").
        world.Record(kRecordMmio, world.device(c.target.device).host(), c.target.device, 0,
                     {c.target.address, c.length,
                      kMmioFlagFromPeer | (req.write ? kMmioFlagWrite : 0), chunk_digest,
                      t.device});
        const uint64_t v = world.device(c.target.device).OnBarAccess(world, access);
        if (!req.write) read_digest = HashCombine(read_digest, v);
      }
    }
    if (req.write) host.iommu.MarkDmaWrite(req.iova, req.length);
    done.read_digest = req.write ? 0 : read_digest;
  }
  world.Record(kRecordDmaComplete, t.host, t.device, error,
               {t.id, req.iova, req.length, flags, where,
                req.write ? req.data_digest : done.read_digest});
  world.device(t.device).OnDmaDone(world, done);
}

size_t DrainDma(World& world, uint32_t device) {
  std::vector<uint64_t> ids;
  for (const auto& [id, t] : world.fabric().in_flight()) {
    if (t.device == device) ids.push_back(id);
  }
  for (uint64_t id : ids) CompleteDma(world, id);
  // OnDmaDone may issue new DMA; whether it may is the device's rule to keep.
  return ids.size();
}

void RaiseInterrupt(World& world, uint32_t device, uint64_t vector) {
  world.Record(kRecordInterrupt, world.device(device).host(), device, 0, {vector});
}

}  // namespace migsim
