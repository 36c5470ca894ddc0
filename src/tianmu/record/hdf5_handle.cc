#include "tianmu/record/hdf5_handle.h"

#include <cstring>

namespace tianmu::record {
namespace {

H5Handle BoolType() {
  H5Handle type(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose);
  std::int8_t value = 0;
  H5Tenum_insert(type.get(), "FALSE", &value);
  value = 1;
  H5Tenum_insert(type.get(), "TRUE", &value);
  return type;
}

H5Handle Utf8VariableString() {
  H5Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

H5Handle OpenAttribute(hid_t object, const char* name) {
  if (H5Aexists(object, name) <= 0) return {};
  return H5Handle(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
}

bool WriteScalar(hid_t object, const char* name, hid_t type, const void* value) {
  if (H5Aexists(object, name) > 0) H5Adelete(object, name);
  H5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  H5Handle attr(H5Acreate2(object, name, type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  return attr.valid() && H5Awrite(attr.get(), type, value) >= 0;
}

}  // namespace

H5Handle& H5Handle::operator=(H5Handle&& other) noexcept {
  if (this != &other) {
    Reset();
    id_ = other.id_;
    close_ = other.close_;
    other.id_ = -1;
  }
  return *this;
}

bool H5Handle::Reset() {
  bool ok = true;
  if (id_ >= 0 && close_ != nullptr) ok = close_(id_) >= 0;
  id_ = -1;
  return ok;
}

void SilenceHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

bool DeflateAvailable() {
  if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0) return false;
  unsigned int info = 0;
  return H5Zget_filter_info(H5Z_FILTER_DEFLATE, &info) >= 0 &&
         (info & H5Z_FILTER_CONFIG_ENCODE_ENABLED) != 0;
}

bool WriteStringAttribute(hid_t object, const char* name, const std::string& value) {
  const H5Handle type = Utf8VariableString();
  const char* text = value.c_str();
  return WriteScalar(object, name, type.get(), &text);
}

bool WriteStringListAttribute(hid_t object, const char* name,
                              const std::vector<std::string>& values) {
  if (H5Aexists(object, name) > 0) H5Adelete(object, name);
  const H5Handle type = Utf8VariableString();
  const hsize_t n = values.size();
  H5Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  H5Handle attr(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose);
  if (!attr.valid()) return false;
  if (values.empty()) return true;  // an empty list: the attribute with a zero-length extent
  std::vector<const char*> pointers;
  for (const std::string& v : values) pointers.push_back(v.c_str());
  return H5Awrite(attr.get(), type.get(), pointers.data()) >= 0;
}

bool WriteDoubleAttribute(hid_t object, const char* name, double value) {
  return WriteScalar(object, name, H5T_NATIVE_DOUBLE, &value);
}

bool WriteIntAttribute(hid_t object, const char* name, std::int64_t value) {
  return WriteScalar(object, name, H5T_NATIVE_INT64, &value);
}

bool WriteBoolAttribute(hid_t object, const char* name, bool value) {
  const H5Handle type = BoolType();
  const std::int8_t v = value ? 1 : 0;
  return WriteScalar(object, name, type.get(), &v);
}

std::optional<std::string> ReadStringAttribute(hid_t object, const char* name) {
  const H5Handle attr = OpenAttribute(object, name);
  if (!attr.valid()) return std::nullopt;
  const H5Handle file_type(H5Aget_type(attr.get()), H5Tclose);
  if (H5Tget_class(file_type.get()) != H5T_STRING) return std::nullopt;
  if (H5Tis_variable_str(file_type.get()) > 0) {
    const H5Handle type = Utf8VariableString();
    char* text = nullptr;
    if (H5Aread(attr.get(), type.get(), &text) < 0 || text == nullptr) return std::nullopt;
    std::string out(text);
    H5free_memory(text);
    return out;
  }
  const std::size_t size = H5Tget_size(file_type.get());
  std::string out(size, '\0');
  if (H5Aread(attr.get(), file_type.get(), out.data()) < 0) return std::nullopt;
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::vector<std::string>> ReadStringListAttribute(hid_t object, const char* name) {
  const H5Handle attr = OpenAttribute(object, name);
  if (!attr.valid()) return std::nullopt;
  const H5Handle file_type(H5Aget_type(attr.get()), H5Tclose);
  if (H5Tget_class(file_type.get()) != H5T_STRING || H5Tis_variable_str(file_type.get()) <= 0) {
    return std::nullopt;
  }
  const H5Handle space(H5Aget_space(attr.get()), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0) return std::nullopt;
  if (n == 0) return std::vector<std::string>{};
  std::vector<char*> pointers(static_cast<std::size_t>(n), nullptr);
  const H5Handle type = Utf8VariableString();
  if (H5Aread(attr.get(), type.get(), pointers.data()) < 0) return std::nullopt;
  std::vector<std::string> out;
  for (char* p : pointers) {
    out.emplace_back(p != nullptr ? p : "");
    H5free_memory(p);
  }
  return out;
}

std::optional<double> ReadDoubleAttribute(hid_t object, const char* name) {
  const H5Handle attr = OpenAttribute(object, name);
  if (!attr.valid()) return std::nullopt;
  const H5Handle file_type(H5Aget_type(attr.get()), H5Tclose);
  const H5T_class_t cls = H5Tget_class(file_type.get());
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) return std::nullopt;
  double value = 0;
  if (H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value) < 0) return std::nullopt;
  return value;
}

std::optional<bool> ReadBoolAttribute(hid_t object, const char* name) {
  const H5Handle attr = OpenAttribute(object, name);
  if (!attr.valid()) return std::nullopt;
  const H5Handle type = BoolType();
  std::int8_t value = 0;
  if (H5Aread(attr.get(), type.get(), &value) < 0) return std::nullopt;
  return value != 0;
}

}  // namespace tianmu::record
