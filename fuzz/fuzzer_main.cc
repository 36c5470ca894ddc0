// The libFuzzer entry point of one target: TIANMU_FUZZ_TARGET names its function
// (fuzz/CMakeLists.txt builds one binary per target from this file).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tianmu::fuzz::TIANMU_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
