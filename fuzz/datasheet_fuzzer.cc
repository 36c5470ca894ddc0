// Component datasheets (`--component GROUP=SHEET.yaml`, assets/components): one file loaded into
// the library of the assets' components, then every derived figure of every joint.
#include "fuzz_targets.h"
#include "scratch_files.h"
#include "tianmu/actuators/datasheet.h"
#include "tianmu/core/assets.h"
#include "tianmu/core/error.h"

namespace tianmu::fuzz {

void FuzzDatasheet(std::string_view input) {
  static const actuators::ComponentLibrary kAssetComponents =
      actuators::LoadComponentLibrary(AssetsDir() / "components");
  actuators::ComponentLibrary library = kAssetComponents;
  try {
    actuators::LoadComponentFile(WriteScratchFile("sheet.yaml", input), &library);
  } catch (const InputError&) {
    return;
  }
  for (const auto& [id, joint] : library.joints) {
    (void)joint.PeakTorqueNm();
    (void)joint.ContinuousTorqueNm();
    (void)joint.NoLoadSpeedRadps();
    (void)joint.ReflectedInertiaKgm2();
    (void)joint.ShortCircuitDampingNmsPerRad();
    (void)joint.EncoderResolutionRad();
  }
}

}  // namespace tianmu::fuzz
