// Numbers as text that reads back as the same double: configuration files and reports written
// by one command and read by another must not drift in the last digit.
#pragma once

#include <string>

namespace tianmu {

/// The shortest decimal form of `value` that parses back to exactly `value` ("0.5", "1e-06",
/// "0.30000000000000004"); "inf", "-inf" and "nan" for non-finite values.
std::string ShortestNumber(double value);

}  // namespace tianmu
