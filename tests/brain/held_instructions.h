// The held set of instructions over the hall (tests/brain/data/hall.json): 26 in English and 26
// in Chinese, each with the goal it must give (facts in the order the instruction names them).
#pragma once

#include <vector>

namespace tianmu::brain::testing {

/// One instruction and its expected goal ("; "-separated facts).
struct HeldInstruction {
  const char* text;
  const char* goal;
};

/// The English half.
inline const std::vector<HeldInstruction>& EnglishHeldSet() {
  static const std::vector<HeldInstruction> kSet = {
      {"Go to the table", "at(robot,table)"},
      {"walk to waypoint 2", "at(robot,wp2)"},
      {"Please walk over to the entrance.", "at(robot,entrance)"},
      {"head to the dock", "at(robot,dock)"},
      {"go to gauge 3", "at(robot,wp3)"},
      {"move to wp1", "at(robot,wp1)"},
      {"look at the red cup", "looking_at(cup_red)"},
      {"Look at gauge 1", "looking_at(gauge_1)"},
      {"look at the blue mug", "looking_at(cup_blue)"},
      {"inspect gauge_2", "inspected(gauge_2)"},
      {"check the valve", "inspected(valve_1)"},
      {"read gauge 3", "inspected(gauge_3)"},
      {"inspect the three gauges", "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3)"},
      {"check all gauges", "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3)"},
      {"inspect every meter", "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3)"},
      {"check gauge 1 and gauge 3", "inspected(gauge_1); inspected(gauge_3)"},
      {"look at the cups", "inspected(cup_red); inspected(cup_blue)"},
      {"turn to the visitor", "facing(visitor)"},
      {"face the red cup", "facing(cup_red)"},
      {"wave", "waved(robot)"},
      {"wave hello", "waved(robot)"},
      {"wave to the visitor", "greeted(visitor)"},
      {"greet the guest", "greeted(visitor)"},
      {"welcome", "greeted(visitor)"},
      {"go to the table then look at the blue cup", "at(robot,table); looking_at(cup_blue)"},
      {"Could you check gauge 2, and then wave?", "inspected(gauge_2); waved(robot)"},
  };
  return kSet;
}

/// The Chinese half.
inline const std::vector<HeldInstruction>& ChineseHeldSet() {
  static const std::vector<HeldInstruction> kSet = {
      {"去桌子", "at(robot,table)"},
      {"走到桌子那里", "at(robot,table)"},
      {"请前往入口。", "at(robot,entrance)"},
      {"去2号巡检点", "at(robot,wp2)"},
      {"回到充电桩", "at(robot,dock)"},
      {"走到仪表3旁边", "at(robot,wp3)"},
      {"看红色的杯子", "looking_at(cup_red)"},
      {"看一下蓝色杯子", "looking_at(cup_blue)"},
      {"看看1号仪表", "looking_at(gauge_1)"},
      {"检查仪表2", "inspected(gauge_2)"},
      {"检查阀门", "inspected(valve_1)"},
      {"巡检所有仪表", "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3)"},
      {"巡检全部仪表", "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3)"},
      {"检查三个仪表", "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3)"},
      {"查看仪表一和仪表三", "inspected(gauge_1); inspected(gauge_3)"},
      {"读取3号仪表", "inspected(gauge_3)"},
      {"转向访客", "facing(visitor)"},
      {"面向红色杯子", "facing(cup_red)"},
      {"挥手", "waved(robot)"},
      {"向访客挥手", "greeted(visitor)"},
      {"跟客人打招呼", "greeted(visitor)"},
      {"打招呼", "greeted(visitor)"},
      {"迎宾", "greeted(visitor)"},
      {"欢迎来宾", "greeted(visitor)"},
      {"去桌子，然后看红色杯子", "at(robot,table); looking_at(cup_red)"},
      {"巡检所有仪表然后挥手",
       "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3); "
       "waved(robot)"},
  };
  return kSet;
}

}  // namespace tianmu::brain::testing
