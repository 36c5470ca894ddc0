// InputErrorOf: runs a callable that must raise tianmu::InputError and returns its message, so a
// test can assert what the message names (file, line, field, what was expected).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "tianmu/core/error.h"

namespace tianmu::testing {

/// Runs `fn`, which must raise InputError, and returns its message ("" and a test failure if it
/// raised nothing).
template <typename Fn>
std::string InputErrorOf(Fn fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

}  // namespace tianmu::testing
