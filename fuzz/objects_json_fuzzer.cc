// Object knowledge base JSON import (`tianmu objects import F.json`), then export of what it
// read.
#include <string>

#include "fuzz_targets.h"
#include "tianmu/core/error.h"
#include "tianmu/knowledge/object_io.h"

namespace tianmu::fuzz {

void FuzzObjectsJson(std::string_view input) {
  try {
    const auto objects = knowledge::ObjectsFromJsonText(std::string(input), "fuzz.json");
    (void)knowledge::ObjectsToJsonText(objects);
    (void)knowledge::ObjectsToCsv(objects);
  } catch (const InputError&) {
  }
}

}  // namespace tianmu::fuzz
