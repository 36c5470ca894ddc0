#include "tianmu/fleet/transport.h"

namespace tianmu::fleet {

bool TopicMatches(const std::string& filter, const std::string& topic) {
  std::size_t f = 0, t = 0;
  while (true) {
    const std::size_t f_end = filter.find('/', f);
    const std::size_t t_end = topic.find('/', t);
    const std::string level = filter.substr(f, f_end == std::string::npos ? f_end : f_end - f);
    if (level == "#") return true;
    const std::string part = topic.substr(t, t_end == std::string::npos ? t_end : t_end - t);
    if (level != "+" && level != part) return false;
    if (f_end == std::string::npos || t_end == std::string::npos) {
      return f_end == std::string::npos && t_end == std::string::npos;
    }
    f = f_end + 1;
    t = t_end + 1;
  }
}

}  // namespace tianmu::fleet
