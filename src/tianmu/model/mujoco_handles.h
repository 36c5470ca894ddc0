// RAII owners for MuJoCo's C objects: every mjModel and mjData in Tianmu lives in one of these,
// so nothing is freed twice or leaked on an error path.
#pragma once

#include <mujoco/mujoco.h>

#include <filesystem>
#include <memory>

namespace tianmu::model {

struct MjModelDeleter {
  void operator()(mjModel* m) const { mj_deleteModel(m); }
};
struct MjDataDeleter {
  void operator()(mjData* d) const { mj_deleteData(d); }
};

/// Owning pointer to an mjModel.
using MjModelPtr = std::unique_ptr<mjModel, MjModelDeleter>;
/// Owning pointer to an mjData.
using MjDataPtr = std::unique_ptr<mjData, MjDataDeleter>;

/// Compiles an MJCF file; raises InputError "FILE: MuJoCo: <message>" on failure.
MjModelPtr LoadMjcf(const std::filesystem::path& path);
/// A fresh mjData for `m`; raises RuntimeError if MuJoCo cannot allocate it.
MjDataPtr MakeData(const mjModel* m);
/// A deep copy of `m` (to change its parameters without touching the original); raises
/// RuntimeError if MuJoCo cannot allocate it.
MjModelPtr CopyModel(const mjModel* m);

}  // namespace tianmu::model
