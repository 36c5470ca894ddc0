// Object knowledge base CSV import (`tianmu objects import F.csv`), then export of what it read.
#include <string>

#include "fuzz_targets.h"
#include "tianmu/core/error.h"
#include "tianmu/knowledge/object_io.h"

namespace tianmu::fuzz {

void FuzzObjectsCsv(std::string_view input) {
  try {
    const auto objects = knowledge::ObjectsFromCsv(std::string(input), "fuzz.csv");
    (void)knowledge::ObjectsToCsv(objects);
    (void)knowledge::ObjectsToJsonText(objects);
  } catch (const InputError&) {
  }
}

}  // namespace tianmu::fuzz
