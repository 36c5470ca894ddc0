#include "tianmu/service/clip_player.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tianmu/core/error.h"

namespace tianmu::service {
namespace {

// Minimum-jerk ramp 0 -> 1 over u in [0, 1].
double MinimumJerk(double u) {
  const double s = std::clamp(u, 0.0, 1.0);
  return s * s * s * (10 - 15 * s + 6 * s * s);
}

}  // namespace

ClipPlayer::ClipPlayer(const model::RobotSpec& spec, motion::RobotClip clip,
                       ClipPlayerOptions options)
    : clip_(std::move(clip)), options_(options), nominal_rad_(spec.NominalPosture()) {
  if (clip_.robot != spec.name) {
    throw InputError("clip '" + clip_.name + "' is for robot " + clip_.robot + ", not " +
                     spec.name);
  }
  if (clip_.frames.empty() || !(clip_.fps > 0)) {
    throw InputError("clip '" + clip_.name + "' has no frames");
  }
  column_.assign(spec.joints.size(), -1);
  for (std::size_t c = 0; c < clip_.joint_names.size(); ++c) {
    const int j = spec.JointIndex(clip_.joint_names[c]);
    if (j < 0) {
      throw InputError("clip '" + clip_.name + "' names joint '" + clip_.joint_names[c] +
                       "', which " + spec.name + " lacks");
    }
    // The legs keep balance: the service never hands them to a clip.
    const std::string& group = spec.joints[static_cast<std::size_t>(j)].group;
    if (group == "left_leg" || group == "right_leg") continue;
    column_[static_cast<std::size_t>(j)] = static_cast<int>(c);
    ++driven_joints_;
  }
  if (driven_joints_ == 0) {
    throw InputError("clip '" + clip_.name + "' drives no joint above the legs");
  }
}

double ClipPlayer::total_s() const {
  return 2 * options_.blend_s + clip_.duration_s() + options_.hold_s;
}

double ClipPlayer::ClipValue(int joint, double clip_t_s) const {
  const double x =
      std::clamp(clip_t_s * clip_.fps, 0.0, static_cast<double>(clip_.num_frames() - 1));
  const auto i0 = static_cast<std::size_t>(std::floor(x));
  const std::size_t i1 = std::min(i0 + 1, clip_.frames.size() - 1);
  const double s = x - static_cast<double>(i0);
  const auto c = static_cast<std::size_t>(column_[static_cast<std::size_t>(joint)]);
  return clip_.frames[i0].q_rad[c] + s * (clip_.frames[i1].q_rad[c] - clip_.frames[i0].q_rad[c]);
}

void ClipPlayer::Sample(double t_s, Eigen::VectorXd* q_rad) const {
  const int nj = static_cast<int>(column_.size());
  if (q_rad->size() != nj) q_rad->resize(nj);
  const double clip_end_s = options_.blend_s + clip_.duration_s();
  const double out_start_s = clip_end_s + options_.hold_s;
  for (int j = 0; j < nj; ++j) {
    if (column_[static_cast<std::size_t>(j)] < 0) {
      (*q_rad)[j] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    const double nominal = nominal_rad_[static_cast<std::size_t>(j)];
    if (t_s < options_.blend_s) {
      const double first = ClipValue(j, 0);
      (*q_rad)[j] = nominal + MinimumJerk(t_s / options_.blend_s) * (first - nominal);
    } else if (t_s < out_start_s) {
      (*q_rad)[j] = ClipValue(j, t_s - options_.blend_s);
    } else {
      const double last = ClipValue(j, clip_.duration_s());
      const double u = options_.blend_s > 0 ? (t_s - out_start_s) / options_.blend_s : 1;
      (*q_rad)[j] = last + MinimumJerk(u) * (nominal - last);
    }
  }
}

}  // namespace tianmu::service
