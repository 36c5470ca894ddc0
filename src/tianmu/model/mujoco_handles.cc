#include "tianmu/model/mujoco_handles.h"

#include <string>

#include "tianmu/core/error.h"

namespace tianmu::model {

MjModelPtr LoadMjcf(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path)) {
    throw InputError(path.string(), 0, "", "MJCF file not found (expected an existing .xml file)");
  }
  char error[1024] = "";
  MjModelPtr m(mj_loadXML(path.c_str(), nullptr, error, sizeof(error)));
  if (!m) {
    std::string message(error);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    for (char& c : message) {
      if (c == '\n') c = ' ';
    }
    throw InputError(path.string(), 0, "", "MuJoCo could not load the model: " + message);
  }
  return m;
}

MjDataPtr MakeData(const mjModel* m) {
  MjDataPtr d(mj_makeData(m));
  if (!d) throw RuntimeError("MuJoCo could not allocate mjData");
  return d;
}

MjModelPtr CopyModel(const mjModel* m) {
  MjModelPtr copy(mj_copyModel(nullptr, m));
  if (!copy) throw RuntimeError("MuJoCo could not copy the model");
  return copy;
}

}  // namespace tianmu::model
