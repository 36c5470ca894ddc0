// RAII ownership of HDF5 C-API identifiers (files, groups, datasets, dataspaces, types,
// attributes, property lists) plus the few typed helpers the episode writer and reader share.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tianmu::record {

/// Owns one HDF5 identifier and closes it with the matching H5?close on destruction. Move-only.
class H5Handle {
 public:
  using CloseFn = herr_t (*)(hid_t);
  H5Handle() = default;
  /// Takes ownership of `id` (negative ids are held as invalid and never closed).
  H5Handle(hid_t id, CloseFn close) : id_(id), close_(close) {}
  ~H5Handle() { Reset(); }
  H5Handle(H5Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  H5Handle& operator=(H5Handle&& other) noexcept;
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;

  /// The identifier (negative when invalid).
  hid_t get() const { return id_; }
  /// True when the identifier is valid.
  bool valid() const { return id_ >= 0; }
  /// Closes now; returns false when HDF5 reported an error while closing.
  bool Reset();

 private:
  hid_t id_ = -1;
  CloseFn close_ = nullptr;
};

/// Turns off HDF5's automatic printing of its error stack (errors are reported by value).
void SilenceHdf5Errors();

/// True when the deflate (gzip) filter is available for writing.
bool DeflateAvailable();

/// Writes a scalar UTF-8 string attribute on `object`; false on HDF5 failure.
bool WriteStringAttribute(hid_t object, const char* name, const std::string& value);
/// Writes a 1-D array of UTF-8 strings as an attribute.
bool WriteStringListAttribute(hid_t object, const char* name,
                              const std::vector<std::string>& values);
/// Writes a scalar float64 attribute.
bool WriteDoubleAttribute(hid_t object, const char* name, double value);
/// Writes a scalar int64 attribute.
bool WriteIntAttribute(hid_t object, const char* name, std::int64_t value);
/// Writes a boolean attribute as the enum {FALSE = 0, TRUE = 1} over int8 (h5py reads numpy bool).
bool WriteBoolAttribute(hid_t object, const char* name, bool value);

/// Reads a scalar string attribute (variable or fixed length); nullopt when absent or unreadable.
std::optional<std::string> ReadStringAttribute(hid_t object, const char* name);
/// Reads a 1-D string list attribute.
std::optional<std::vector<std::string>> ReadStringListAttribute(hid_t object, const char* name);
/// Reads a numeric scalar attribute as double.
std::optional<double> ReadDoubleAttribute(hid_t object, const char* name);
/// Reads a boolean (enum) attribute.
std::optional<bool> ReadBoolAttribute(hid_t object, const char* name);

}  // namespace tianmu::record
