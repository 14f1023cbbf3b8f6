// File: models/zoo/rfc_mutants.cc
//
// The zoo's V1_RFC mutants: the reference v1 driver (models/v1/v1_device.h)
// following the RFC (003_c35130b7b7431c96.txt), with one defect each in its
// device_state checks or in the in-region dirty page bitmap.
#include <cstdint>

#include "models/device/device_work.h"
#include "models/v1/v1_device.h"
#include "models/v1/v1_uapi.h"
#include "models/zoo/mutant.h"

namespace migsim::zoo::internal {
namespace {

using v1::V1Device;

// 003: "_SAVING and _RESUMING bits set at the same time is invalid state."
// The driver refuses reserved bits and RESUMING | RUNNING (which it does not
// support) but forgets the RFC's one invalid combination, so a write of
// SAVING | RESUMING succeeds and the device sits in a state that must not be
// reachable.
class RfcAcceptsSavingResuming : public Mutant<RfcAcceptsSavingResuming, V1Device> {
 public:
  static constexpr absl::string_view kName = "rfc_accepts_saving_resuming";
  using Mutant::Mutant;

 protected:
  int RefuseTransition(uint32_t from, uint32_t to) const override {
    static_cast<void>(from);
    if ((to & ~v1::DefinedBits(variant(), false)) != 0) return -EINVAL;
    if ((to & v1::kResuming) != 0 && (to & v1::kRunning) != 0) return -EINVAL;
    return 0;  // the defect: SAVING | RESUMING passes
  }
};

// 003: "Vendor driver should copy the bitmap with bits set only for pages to
// be marked dirty in migration region." The driver logs the page of a DMA
// write's first byte only, so a write crossing a page boundary loses the
// pages after it and their bits read 0 although the device wrote them.
class RfcBitmapFirstPageOnly : public Mutant<RfcBitmapFirstPageOnly, V1Device> {
 public:
  static constexpr absl::string_view kName = "rfc_bitmap_first_page_only";
  using Mutant::Mutant;

  void OnDmaDone(World& world, const DmaCompletion& completion) override {
    if (completion.result == 0 && completion.request.write) {
      dirty_.LogWrite(completion.request.iova, 1);  // the defect: one byte's page
    }
    MigratableDevice::OnDmaDone(world, completion);
  }
};

// 003: "Vendor driver should return VFIO_DEVICE_DIRTY_PFNS_NONE if none of
// the pages are dirty in requested range or rest of the range." The driver
// tracks the pages its own ring DMA writes but not those of DMA the guest's
// driver asks for through a doorbell (a second DMA path that bypasses the
// tracker), so a range the guest's DMA dirtied reads NONE.
class RfcUntrackedGuestDma : public Mutant<RfcUntrackedGuestDma, V1Device> {
 public:
  static constexpr absl::string_view kName = "rfc_untracked_guest_dma";
  using Mutant::Mutant;

  void OnDmaDone(World& world, const DmaCompletion& completion) override {
    if (completion.result == 0 && completion.request.write &&
        completion.request.tag != kTagGuestRequest) {  // the defect
      dirty_.LogWrite(completion.request.iova, completion.request.length);
    }
    MigratableDevice::OnDmaDone(world, completion);
  }
};

constexpr uint32_t kRfc = VariantOf(proto::V1_RFC);

constexpr ZooEntry kEntries[] = {
    {.name = RfcAcceptsSavingResuming::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kRfc,
     .description = "a device_state write of SAVING | RESUMING succeeds",
     .clause = "003_c35130b7b7431c96.txt: \"_SAVING and _RESUMING bits set at the same time is "
               "invalid state.\"",
     .expected_rule = "V1RFC-INVALID-UNREACHABLE",
     .make_device = &MakeV1<RfcAcceptsSavingResuming>},
    {.name = RfcBitmapFirstPageOnly::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kRfc,
     .description = "the dirty bitmap misses the later pages of a DMA write crossing a page",
     .clause = "003_c35130b7b7431c96.txt: \"Vendor driver should copy the bitmap with bits set "
               "only for pages to be marked dirty in migration region.\"",
     .expected_rule = "V1RFC-BITMAP-EXACT",
     .make_device = &MakeV1<RfcBitmapFirstPageOnly>},
    {.name = RfcUntrackedGuestDma::kName,
     .target = Target::kDevice,
     .kind = proto::V1_DEVICE,
     .variants = kRfc,
     .description = "pages written by guest-requested DMA are not tracked: copied_pfns reads NONE",
     .clause = "003_c35130b7b7431c96.txt: \"Vendor driver should return "
               "VFIO_DEVICE_DIRTY_PFNS_NONE if none of the pages are dirty in requested range or "
               "rest of the range.\"",
     .expected_rule = "V1RFC-PFNS-NONE",
     .make_device = &MakeV1<RfcUntrackedGuestDma>},
};

}  // namespace

absl::Span<const ZooEntry> RfcMutants() { return kEntries; }

}  // namespace migsim::zoo::internal
