// Error types shared by every layer: bad user input (exit code 2) versus failure at run time
// (exit code 1). Input errors carry the file, line and field they are about.
#pragma once

#include <stdexcept>
#include <string>

namespace tianmu {

/// Bad input from a user: a file, a flag or a request. The CLI prints what() and exits 2.
class InputError : public std::runtime_error {
 public:
  /// A plain message, used when no file or field is involved (e.g. a bad flag).
  explicit InputError(const std::string& message);
  /// "FILE:LINE: FIELD: expected EXPECTED"; line <= 0 and empty parts are left out.
  InputError(const std::string& file, int line, const std::string& field,
             const std::string& expected);

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& field() const { return field_; }

 private:
  std::string file_;
  int line_ = 0;
  std::string field_;
};

/// A failure at run time that is not the user's input (I/O, solver, simulation). Exit code 1.
class RuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tianmu
