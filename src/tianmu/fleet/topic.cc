#include "tianmu/fleet/topic.h"

#include <vector>

namespace tianmu::fleet {

const char* MessageKindName(MessageKind kind) {
  switch (kind) {
    case MessageKind::kOrder:
      return "order";
    case MessageKind::kInstantActions:
      return "instantActions";
    case MessageKind::kState:
      return "state";
    case MessageKind::kVisualization:
      return "visualization";
    case MessageKind::kConnection:
      return "connection";
    case MessageKind::kFactsheet:
      return "factsheet";
  }
  return "state";
}

std::string Topic(const std::string& manufacturer, const std::string& serial_number,
                  MessageKind kind) {
  return std::string(kTopicPrefix) + "/" + manufacturer + "/" + serial_number + "/" +
         MessageKindName(kind);
}

std::string TopicFilter(MessageKind kind) {
  return std::string(kTopicPrefix) + "/+/+/" + MessageKindName(kind);
}

std::optional<TopicParts> ParseTopic(const std::string& topic) {
  const std::string prefix = std::string(kTopicPrefix) + "/";
  if (topic.rfind(prefix, 0) != 0) return std::nullopt;
  std::vector<std::string> levels;
  std::size_t start = prefix.size();
  while (true) {
    const std::size_t slash = topic.find('/', start);
    levels.push_back(topic.substr(start, slash == std::string::npos ? slash : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (levels.size() != 3 || levels[0].empty() || levels[1].empty()) return std::nullopt;
  for (MessageKind kind :
       {MessageKind::kOrder, MessageKind::kInstantActions, MessageKind::kState,
        MessageKind::kVisualization, MessageKind::kConnection, MessageKind::kFactsheet}) {
    if (levels[2] == MessageKindName(kind)) return TopicParts{levels[0], levels[1], kind};
  }
  return std::nullopt;
}

}  // namespace tianmu::fleet
