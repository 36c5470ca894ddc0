// Self-contained SVG line plots (axes, ticks, labels, several series, event markers) for
// reports and the demo's output: no scripts, no network, readable in any browser.
#pragma once

#include <string>
#include <vector>

namespace tianmu::report {

/// One line of a plot.
struct Series {
  std::string label;
  std::string colour = "#1f77b4";  ///< any SVG colour
  std::vector<double> x;
  std::vector<double> y;
};

/// A vertical marker with a label (e.g. "push").
struct Marker {
  double x = 0;
  std::string label;
};

/// A plot panel.
struct LinePlot {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<Series> series;
  std::vector<Marker> markers;
};

/// Renders panels stacked vertically into one SVG document `width_px` wide.
std::string RenderSvg(const std::vector<LinePlot>& panels, int width_px = 800,
                      int panel_height_px = 260);

}  // namespace tianmu::report
