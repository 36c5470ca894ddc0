#include "tianmu/record/episode_file.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <system_error>

#include "tianmu/core/error.h"
#include "tianmu/record/hdf5_handle.h"

#ifndef TIANMU_VERSION
#define TIANMU_VERSION "unknown"
#endif

namespace tianmu::record {
namespace fs = std::filesystem;
namespace {

// Rows per chunk: 5 s at 50 Hz; large enough for gzip to work, small enough for short episodes.
constexpr hsize_t kChunkRows = 256;

// One dataset of the layout: its path, the shape of one row and how a frame fills it.
struct ColumnSpec {
  std::string path;
  std::vector<hsize_t> row_shape;  ///< empty for a scalar per frame (/time)
  std::function<void(const EpisodeFrame&, double*)> fill;
};

template <typename Container>
void CopyTo(const Container& c, double* out) {
  std::copy(c.begin(), c.end(), out);
}

std::vector<ColumnSpec> Columns(int nj, int nt) {
  const hsize_t j = static_cast<hsize_t>(nj);
  std::vector<ColumnSpec> c = {
      {"/observations/qpos", {j}, [](const EpisodeFrame& f, double* o) { CopyTo(f.q_rad, o); }},
      {"/observations/qvel", {j}, [](const EpisodeFrame& f, double* o) { CopyTo(f.dq_radps, o); }},
      {"/observations/effort", {j}, [](const EpisodeFrame& f, double* o) { CopyTo(f.tau_Nm, o); }},
      {"/observations/imu/orientation_wxyz",
       {4},
       [](const EpisodeFrame& f, double* o) { CopyTo(f.imu_orientation_wxyz, o); }},
      {"/observations/imu/angular_velocity",
       {3},
       [](const EpisodeFrame& f, double* o) { CopyTo(f.imu_angular_velocity_radps, o); }},
      {"/observations/imu/linear_acceleration",
       {3},
       [](const EpisodeFrame& f, double* o) { CopyTo(f.imu_linear_acceleration_mps2, o); }},
      {"/observations/base_estimate/position",
       {3},
       [](const EpisodeFrame& f, double* o) { CopyTo(f.base_position_m, o); }},
      {"/observations/base_estimate/orientation_wxyz",
       {4},
       [](const EpisodeFrame& f, double* o) { CopyTo(f.base_orientation_wxyz, o); }},
      {"/observations/base_estimate/linear_velocity",
       {3},
       [](const EpisodeFrame& f, double* o) { CopyTo(f.base_linear_velocity_mps, o); }},
      {"/observations/foot_wrench",
       {2, 6},
       [](const EpisodeFrame& f, double* o) {
         CopyTo(f.foot_wrench[0], o);
         CopyTo(f.foot_wrench[1], o + 6);
       }},
  };
  if (nt > 0) {
    c.push_back({"/observations/touch",
                 {static_cast<hsize_t>(nt)},
                 [](const EpisodeFrame& f, double* o) { CopyTo(f.touch_N, o); }});
  }
  const std::vector<ColumnSpec> rest = {
      {"/action", {j}, [](const EpisodeFrame& f, double* o) { CopyTo(f.q_des_rad, o); }},
      {"/action_full/q_des", {j}, [](const EpisodeFrame& f, double* o) { CopyTo(f.q_des_rad, o); }},
      {"/action_full/dq_des",
       {j},
       [](const EpisodeFrame& f, double* o) { CopyTo(f.dq_des_radps, o); }},
      {"/action_full/kp",
       {j},
       [](const EpisodeFrame& f, double* o) { CopyTo(f.kp_Nm_per_rad, o); }},
      {"/action_full/kd",
       {j},
       [](const EpisodeFrame& f, double* o) { CopyTo(f.kd_Nms_per_rad, o); }},
      {"/action_full/tau_ff",
       {j},
       [](const EpisodeFrame& f, double* o) { CopyTo(f.tau_ff_Nm, o); }},
      {"/command/velocity",
       {3},
       [](const EpisodeFrame& f, double* o) { CopyTo(f.command_velocity, o); }},
      {"/time", {}, [](const EpisodeFrame& f, double* o) { *o = f.time_s; }},
  };
  c.insert(c.end(), rest.begin(), rest.end());
  return c;
}

hsize_t RowSize(const std::vector<hsize_t>& row_shape) {
  hsize_t n = 1;
  for (hsize_t d : row_shape) n *= d;
  return n;
}

}  // namespace

const std::vector<std::string>& EpisodeDatasetPaths() {
  static const std::vector<std::string> kPaths = [] {
    std::vector<std::string> out;
    for (const ColumnSpec& c : Columns(1, 1)) out.push_back(c.path);
    return out;
  }();
  return kPaths;
}

// ---------------------------------------------------------------- writer

struct EpisodeWriter::Impl {
  struct Column {
    ColumnSpec spec;
    hsize_t row_size = 0;
    H5Handle dataset;
    std::vector<double> buffer;  ///< rows not yet written
    hsize_t rows_written = 0;
  };
  H5Handle file;
  std::vector<H5Handle> groups;
  std::vector<Column> columns;
  int num_joints = 0;
  int num_touch = 0;

  void Flush() {
    for (Column& c : columns) {
      if (c.buffer.empty()) continue;
      const hsize_t rows = c.buffer.size() / c.row_size;
      const int rank = static_cast<int>(c.spec.row_shape.size()) + 1;
      std::vector<hsize_t> dims = {c.rows_written + rows};
      dims.insert(dims.end(), c.spec.row_shape.begin(), c.spec.row_shape.end());
      if (H5Dset_extent(c.dataset.get(), dims.data()) < 0) {
        throw RuntimeError("HDF5: cannot extend " + c.spec.path);
      }
      H5Handle file_space(H5Dget_space(c.dataset.get()), H5Sclose);
      std::vector<hsize_t> start(rank, 0), count = dims;
      start[0] = c.rows_written;
      count[0] = rows;
      H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                          nullptr);
      H5Handle memory_space(H5Screate_simple(rank, count.data(), nullptr), H5Sclose);
      if (H5Dwrite(c.dataset.get(), H5T_NATIVE_DOUBLE, memory_space.get(), file_space.get(),
                   H5P_DEFAULT, c.buffer.data()) < 0) {
        throw RuntimeError("HDF5: cannot write " + c.spec.path);
      }
      c.rows_written += rows;
      c.buffer.clear();
    }
  }
};

EpisodeWriter::EpisodeWriter(fs::path file, int num_joints, int num_touch)
    : impl_(std::make_unique<Impl>()), path_(std::move(file)) {
  SilenceHdf5Errors();
  temp_path_ = path_;
  temp_path_ += ".tmp";
  impl_->num_joints = num_joints;
  impl_->num_touch = num_touch;
  impl_->file =
      H5Handle(H5Fcreate(temp_path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
  if (!impl_->file.valid()) throw RuntimeError("cannot create " + temp_path_.string());
  for (const char* group : {"/observations", "/observations/imu", "/observations/base_estimate",
                            "/action_full", "/command"}) {
    impl_->groups.emplace_back(
        H5Gcreate2(impl_->file.get(), group, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    if (!impl_->groups.back().valid()) throw RuntimeError(std::string("HDF5: group ") + group);
  }
  const bool deflate = DeflateAvailable();
  for (ColumnSpec& spec : Columns(num_joints, num_touch)) {
    Impl::Column c;
    c.row_size = RowSize(spec.row_shape);
    const int rank = static_cast<int>(spec.row_shape.size()) + 1;
    std::vector<hsize_t> dims = {0}, max_dims = {H5S_UNLIMITED}, chunk = {kChunkRows};
    for (hsize_t d : spec.row_shape) {
      dims.push_back(d);
      max_dims.push_back(d);
      chunk.push_back(d);
    }
    H5Handle space(H5Screate_simple(rank, dims.data(), max_dims.data()), H5Sclose);
    H5Handle properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    H5Pset_chunk(properties.get(), rank, chunk.data());
    if (deflate) {
      H5Pset_shuffle(properties.get());
      H5Pset_deflate(properties.get(), 1);
    }
    c.dataset = H5Handle(H5Dcreate2(impl_->file.get(), spec.path.c_str(), H5T_IEEE_F64LE,
                                    space.get(), H5P_DEFAULT, properties.get(), H5P_DEFAULT),
                         H5Dclose);
    if (!c.dataset.valid()) throw RuntimeError("HDF5: cannot create " + spec.path);
    c.buffer.reserve(kChunkRows * c.row_size);
    c.spec = std::move(spec);
    impl_->columns.push_back(std::move(c));
  }
}

EpisodeWriter::~EpisodeWriter() {
  if (finished_) return;
  impl_.reset();  // closes every handle before the file is removed
  std::error_code ec;
  fs::remove(temp_path_, ec);
}

void EpisodeWriter::Append(const EpisodeFrame& frame) {
  const std::size_t nj = static_cast<std::size_t>(impl_->num_joints);
  for (const std::vector<double>* v :
       {&frame.q_rad, &frame.dq_radps, &frame.tau_Nm, &frame.q_des_rad, &frame.dq_des_radps,
        &frame.kp_Nm_per_rad, &frame.kd_Nms_per_rad, &frame.tau_ff_Nm}) {
    if (v->size() != nj) throw RuntimeError("episode frame: joint array of the wrong size");
  }
  if (frame.touch_N.size() != static_cast<std::size_t>(impl_->num_touch)) {
    throw RuntimeError("episode frame: touch array of the wrong size");
  }
  for (Impl::Column& c : impl_->columns) {
    const std::size_t at = c.buffer.size();
    c.buffer.resize(at + c.row_size);
    c.spec.fill(frame, c.buffer.data() + at);
  }
  if (frames_ == 0) first_time_s_ = frame.time_s;
  last_time_s_ = frame.time_s;
  ++frames_;
  if (impl_->columns.front().buffer.size() >= kChunkRows * impl_->columns.front().row_size) {
    impl_->Flush();
  }
}

void EpisodeWriter::Finish(const EpisodeAttributes& a) {
  if (finished_) return;
  impl_->Flush();
  const hid_t root = impl_->file.get();
  const double period_s = a.fps > 0 ? 1.0 / a.fps : 0;
  const double duration_s = frames_ > 0 ? last_time_s_ - first_time_s_ + period_s : 0;
  bool ok =
      WriteBoolAttribute(root, "sim", a.sim) && WriteStringAttribute(root, "robot", a.robot) &&
      WriteStringAttribute(root, "scene", a.scene) && WriteStringAttribute(root, "task", a.task) &&
      WriteStringAttribute(root, "instruction", a.instruction) &&
      WriteIntAttribute(root, "seed", static_cast<std::int64_t>(a.seed)) &&
      WriteDoubleAttribute(root, "fps", a.fps) && WriteBoolAttribute(root, "success", a.success) &&
      WriteIntAttribute(root, "episode_index", a.episode_index) &&
      WriteIntAttribute(root, "num_frames", frames_) &&
      WriteDoubleAttribute(root, "duration_s", duration_s) &&
      WriteStringListAttribute(root, "joint_names", a.joint_names) &&
      WriteStringListAttribute(root, "touch_names", a.touch_names) &&
      WriteStringAttribute(root, "tianmu_version", TIANMU_VERSION);
  ok = ok && H5Fflush(root, H5F_SCOPE_GLOBAL) >= 0;
  impl_->columns.clear();
  impl_->groups.clear();
  ok = impl_->file.Reset() && ok;
  if (!ok) throw RuntimeError("HDF5: cannot finish " + temp_path_.string());
  std::error_code ec;
  fs::rename(temp_path_, path_, ec);
  if (ec) throw RuntimeError("cannot rename " + temp_path_.string() + ": " + ec.message());
  finished_ = true;
}

// ---------------------------------------------------------------- reader

namespace {

// Reads dataset `path` of `file` fully; empty optional with `reason` set on failure.
std::optional<ArrayData> ReadArray(hid_t file, const std::string& path, std::string* reason) {
  if (H5Lexists(file, path.c_str(), H5P_DEFAULT) <= 0) {
    // H5Lexists fails on a missing parent group; both mean "missing".
    *reason = "missing dataset " + path;
    return std::nullopt;
  }
  H5Handle dataset(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid()) {
    *reason = "cannot open dataset " + path;
    return std::nullopt;
  }
  H5Handle space(H5Dget_space(dataset.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 1 || rank > 4) {
    *reason = path + ": unexpected rank";
    return std::nullopt;
  }
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  ArrayData out;
  hsize_t n = 1;
  for (hsize_t d : dims) {
    out.shape.push_back(d);
    if (d != 0 && n > std::numeric_limits<hsize_t>::max() / d) {
      *reason = path + ": impossible shape (corrupt file)";
      return std::nullopt;
    }
    n *= d;
  }
  // A forged file can declare what its stored data does not hold, and libhdf5 (1.10) trusts it:
  // an element type of a non-standard size makes its conversion copy past its own buffers
  // (found by fuzzing), a shape larger than the stored data risks the same, and a forged extent
  // would make the reader allocate without bound. So: standard IEEE or integer element types
  // only, and a stored size that fits the shape (chunked data may be compressed, but deflate
  // never expands more than about 1032:1).
  H5Handle type(H5Dget_type(dataset.get()), H5Tclose);
  bool standard_type = false;
  for (const hid_t standard : {H5T_IEEE_F64LE, H5T_IEEE_F64BE, H5T_IEEE_F32LE, H5T_IEEE_F32BE,
                               H5T_STD_I64LE, H5T_STD_I64BE, H5T_STD_I32LE, H5T_STD_I32BE}) {
    standard_type = standard_type || (type.valid() && H5Tequal(type.get(), standard) > 0);
  }
  if (!standard_type) {
    *reason = path + ": not a standard number type (expected IEEE floating point or integers)";
    return std::nullopt;
  }
  const hsize_t element_bytes = H5Tget_size(type.get());
  H5Handle create_plist(H5Dget_create_plist(dataset.get()), H5Pclose);
  const H5D_layout_t layout =
      create_plist.valid() ? H5Pget_layout(create_plist.get()) : H5D_LAYOUT_ERROR;
  const hsize_t stored_bytes = H5Dget_storage_size(dataset.get());
  constexpr hsize_t kMaxExpansion = 1100;
  const bool size_plausible =
      n <= std::numeric_limits<hsize_t>::max() / sizeof(double) &&
      (layout == H5D_CHUNKED
           ? n * sizeof(double) <= stored_bytes * kMaxExpansion + (hsize_t{1} << 20)
           : (layout == H5D_COMPACT || layout == H5D_CONTIGUOUS) &&
                 stored_bytes == n * element_bytes);
  if (!size_plausible) {
    *reason = path + ": stored data does not match its shape (corrupt or truncated)";
    return std::nullopt;
  }
  out.values.resize(n);
  if (n > 0 && H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                       out.values.data()) < 0) {
    *reason = path + ": data unreadable (corrupt or truncated)";
    return std::nullopt;
  }
  return out;
}

}  // namespace

ArrayData ReadEpisodeArray(const fs::path& file, const std::string& dataset) {
  SilenceHdf5Errors();
  H5Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!f.valid()) throw RuntimeError(file.string() + ": cannot open as HDF5");
  std::string reason;
  std::optional<ArrayData> data = ReadArray(f.get(), dataset, &reason);
  if (!data) throw RuntimeError(file.string() + ": " + reason);
  return *data;
}

EpisodeCheck ValidateEpisode(const fs::path& file) {
  SilenceHdf5Errors();
  EpisodeCheck check;
  std::error_code ec;
  const std::uintmax_t bytes = fs::file_size(file, ec);
  if (ec) {
    check.reason = "cannot read the file (" + ec.message() + ")";
    return check;
  }
  if (H5Fis_hdf5(file.c_str()) <= 0) {
    check.reason = "not an HDF5 file (no valid signature)";
    return check;
  }
  H5Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!f.valid()) {
    check.reason =
        "cannot open as HDF5 (truncated or corrupt: " + std::to_string(bytes) + " bytes)";
    return check;
  }
  const hid_t root = f.get();
  EpisodeSummary s;
  s.bytes = bytes;
  EpisodeAttributes& a = s.attributes;
  const auto robot = ReadStringAttribute(root, "robot");
  const auto scene = ReadStringAttribute(root, "scene");
  const auto task = ReadStringAttribute(root, "task");
  const auto instruction = ReadStringAttribute(root, "instruction");
  const auto version = ReadStringAttribute(root, "tianmu_version");
  const auto seed = ReadDoubleAttribute(root, "seed");
  const auto fps = ReadDoubleAttribute(root, "fps");
  const auto num_frames = ReadDoubleAttribute(root, "num_frames");
  const auto index = ReadDoubleAttribute(root, "episode_index");
  const auto success = ReadBoolAttribute(root, "success");
  const auto sim = ReadBoolAttribute(root, "sim");
  const auto joints = ReadStringListAttribute(root, "joint_names");
  const auto touch = ReadStringListAttribute(root, "touch_names");
  const std::pair<const char*, bool> required[] = {{"robot", robot.has_value()},
                                                   {"scene", scene.has_value()},
                                                   {"task", task.has_value()},
                                                   {"instruction", instruction.has_value()},
                                                   {"seed", seed.has_value()},
                                                   {"fps", fps.has_value()},
                                                   {"num_frames", num_frames.has_value()},
                                                   {"success", success.has_value()},
                                                   {"sim", sim.has_value()},
                                                   {"joint_names", joints.has_value()},
                                                   {"touch_names", touch.has_value()},
                                                   {"tianmu_version", version.has_value()}};
  for (const auto& [name, present] : required) {
    if (!present) {
      check.reason = std::string("missing or unreadable root attribute '") + name + "'";
      return check;
    }
  }
  if (!(*fps > 0)) {
    check.reason = "attribute fps must be positive";
    return check;
  }
  // Converting an out-of-range double to an integer is undefined: check the range first.
  if (!(*seed >= 0 && *seed < 0x1p64)) {
    check.reason = "attribute seed must be a non-negative 64-bit integer";
    return check;
  }
  if (index && !(*index >= -0x1p63 && *index < 0x1p63)) {
    check.reason = "attribute episode_index must be a 64-bit integer";
    return check;
  }
  a.robot = *robot;
  a.scene = *scene;
  a.task = *task;
  a.instruction = *instruction;
  a.seed = static_cast<std::uint64_t>(*seed);
  a.fps = *fps;
  a.success = *success;
  a.sim = *sim;
  a.episode_index = index ? static_cast<std::int64_t>(*index) : 0;
  a.joint_names = *joints;
  a.touch_names = *touch;
  s.tianmu_version = *version;
  const hsize_t nj = joints->size(), nt = touch->size();
  std::optional<hsize_t> rows;
  std::vector<double> time;
  for (const ColumnSpec& spec : Columns(static_cast<int>(nj), static_cast<int>(nt))) {
    std::string reason;
    std::optional<ArrayData> data = ReadArray(root, spec.path, &reason);
    if (!data) {
      check.reason = reason;
      return check;
    }
    std::vector<std::uint64_t> expected = {data->shape[0]};
    expected.insert(expected.end(), spec.row_shape.begin(), spec.row_shape.end());
    if (data->shape != expected) {
      check.reason = spec.path + ": shape does not match joint_names/touch_names";
      return check;
    }
    if (rows && *rows != data->shape[0]) {
      check.reason = spec.path + ": " + std::to_string(data->shape[0]) + " rows, expected " +
                     std::to_string(*rows);
      return check;
    }
    rows = data->shape[0];
    for (double v : data->values) {
      if (!std::isfinite(v)) {
        check.reason = spec.path + ": non-finite value";
        return check;
      }
    }
    if (spec.path == "/time") time = std::move(data->values);
  }
  if (*rows == 0) {
    check.reason = "no frames";
    return check;
  }
  if (static_cast<double>(*rows) != *num_frames) {
    check.reason = "num_frames attribute says " + std::to_string(*num_frames) + ", datasets hold " +
                   std::to_string(*rows);
    return check;
  }
  for (std::size_t i = 1; i < time.size(); ++i) {
    if (!(time[i] > time[i - 1])) {
      check.reason = "/time is not strictly increasing at row " + std::to_string(i);
      return check;
    }
  }
  s.frames = static_cast<std::int64_t>(*rows);
  s.duration_s = time.back() - time.front() + 1.0 / a.fps;
  check.summary = s;
  return check;
}

}  // namespace tianmu::record
