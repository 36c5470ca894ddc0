#include "tianmu/report/svg_plot.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tianmu::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

LinePlot Ramp() {
  LinePlot plot;
  plot.title = "height <m> & tilt";
  plot.x_label = "time (s)";
  plot.y_label = "value";
  Series s;
  s.label = "ramp";
  for (int i = 0; i <= 10; ++i) {
    s.x.push_back(i * 0.5);
    s.y.push_back(i * 2.0);
  }
  plot.series.push_back(s);
  plot.markers.push_back({2.0, "push"});
  return plot;
}

TEST(SvgPlot, RendersAStandaloneDocumentWithEscapedText) {
  const std::string svg = RenderSvg({Ramp()}, 800, 260);
  EXPECT_THAT(svg, HasSubstr("<svg xmlns='http://www.w3.org/2000/svg' width='800' height='260'"));
  EXPECT_THAT(svg, HasSubstr("height &lt;m&gt; &amp; tilt"));
  EXPECT_THAT(svg, HasSubstr("<polyline"));
  EXPECT_THAT(svg, HasSubstr(">push</text>"));
  EXPECT_THAT(svg, Not(HasSubstr("<script")));
  EXPECT_THAT(svg, HasSubstr("</svg>"));
}

TEST(SvgPlot, MapsDataToThePlotArea) {
  // x from 0 to 5 spans the plot width (70 px left margin, 20 px right): x = 0 -> 70, x = 5 -> 780.
  const std::string svg = RenderSvg({Ramp()}, 800, 260);
  EXPECT_THAT(svg, HasSubstr("points='70,"));
  EXPECT_THAT(svg, HasSubstr(" 780,"));
}

TEST(SvgPlot, StacksPanelsAndSurvivesEmptyOrConstantSeries) {
  LinePlot flat = Ramp();
  flat.series[0].y.assign(flat.series[0].x.size(), 1.0);
  LinePlot empty;
  const std::string svg = RenderSvg({flat, empty}, 600, 200);
  EXPECT_THAT(svg, HasSubstr("height='400'"));
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
  EXPECT_THAT(svg, Not(HasSubstr("inf")));
}

}  // namespace
}  // namespace tianmu::report
