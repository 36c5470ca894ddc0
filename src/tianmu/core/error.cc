#include "tianmu/core/error.h"

namespace tianmu {
namespace {

std::string Compose(const std::string& file, int line, const std::string& field,
                    const std::string& expected) {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
  }
  if (!field.empty()) out += field + ": ";
  out += expected;
  return out;
}

}  // namespace

InputError::InputError(const std::string& message) : std::runtime_error(message) {}

InputError::InputError(const std::string& file, int line, const std::string& field,
                       const std::string& expected)
    : std::runtime_error(Compose(file, line, field, expected)),
      file_(file),
      line_(line),
      field_(field) {}

}  // namespace tianmu
