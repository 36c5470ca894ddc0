#include "tianmu/report/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "tianmu/core/xml_escape.h"

namespace tianmu::report {
namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.4g", v);
  return buf;
}

// A "nice" tick step (1, 2 or 5 times a power of ten) giving about `count` ticks over `span`.
double TickStep(double span, int count) {
  const double raw = span / std::max(count, 1);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * power >= raw) return m * power;
  }
  return 10 * power;
}

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void Add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  void Finish() {
    if (!(lo <= hi)) lo = 0, hi = 1;
    if (hi - lo < 1e-12) {
      lo -= 0.5;
      hi += 0.5;
    }
  }
};

void RenderPanel(const LinePlot& plot, int width, int height, int top, std::ostringstream& s) {
  const int left = 70, right = 20, title_h = 24, bottom = 40;
  const int pw = width - left - right;
  const int ph = height - title_h - bottom;
  const int y0 = top + title_h;
  Range xr, yr;
  for (const Series& series : plot.series) {
    for (double v : series.x) xr.Add(v);
    for (double v : series.y) yr.Add(v);
  }
  xr.Finish();
  yr.Finish();
  const double margin = 0.05 * (yr.hi - yr.lo);
  yr.lo -= margin;
  yr.hi += margin;
  auto sx = [&](double x) { return left + (x - xr.lo) / (xr.hi - xr.lo) * pw; };
  auto sy = [&](double y) { return y0 + ph - (y - yr.lo) / (yr.hi - yr.lo) * ph; };
  s << "<text x='" << left << "' y='" << top + 17 << "' font-size='14' font-weight='bold'>"
    << XmlEscape(plot.title) << "</text>\n";
  s << "<rect x='" << left << "' y='" << y0 << "' width='" << pw << "' height='" << ph
    << "' fill='white' stroke='#444'/>\n";
  const double xs = TickStep(xr.hi - xr.lo, 8);
  for (double x = std::ceil(xr.lo / xs) * xs; x <= xr.hi + 1e-9; x += xs) {
    s << "<line x1='" << sx(x) << "' y1='" << y0 << "' x2='" << sx(x) << "' y2='" << y0 + ph
      << "' stroke='#ddd'/><text x='" << sx(x) << "' y='" << y0 + ph + 15
      << "' font-size='11' text-anchor='middle'>" << Number(x) << "</text>\n";
  }
  const double ys = TickStep(yr.hi - yr.lo, 5);
  for (double y = std::ceil(yr.lo / ys) * ys; y <= yr.hi + 1e-9; y += ys) {
    if (std::abs(y) < 1e-9 * ys) y = 0;  // print 0, not -0
    s << "<line x1='" << left << "' y1='" << sy(y) << "' x2='" << left + pw << "' y2='" << sy(y)
      << "' stroke='#ddd'/><text x='" << left - 5 << "' y='" << sy(y) + 4
      << "' font-size='11' text-anchor='end'>" << Number(y) << "</text>\n";
  }
  s << "<text x='" << left + pw / 2 << "' y='" << y0 + ph + 32
    << "' font-size='12' text-anchor='middle'>" << XmlEscape(plot.x_label) << "</text>\n";
  s << "<text transform='translate(16," << y0 + ph / 2
    << ") rotate(-90)' font-size='12' text-anchor='middle'>" << XmlEscape(plot.y_label)
    << "</text>\n";
  for (const Marker& m : plot.markers) {
    s << "<line x1='" << sx(m.x) << "' y1='" << y0 << "' x2='" << sx(m.x) << "' y2='" << y0 + ph
      << "' stroke='#d62728' stroke-dasharray='4 3'/><text x='" << sx(m.x) + 3 << "' y='" << y0 + 12
      << "' font-size='11' fill='#d62728'>" << XmlEscape(m.label) << "</text>\n";
  }
  int legend_x = left + pw;
  for (auto it = plot.series.rbegin(); it != plot.series.rend(); ++it) {
    const Series& series = *it;
    legend_x -= 12 + 7 * static_cast<int>(series.label.size()) + 20;
    s << "<line x1='" << legend_x << "' y1='" << top + 12 << "' x2='" << legend_x + 16 << "' y2='"
      << top + 12 << "' stroke='" << XmlEscape(series.colour) << "' stroke-width='2'/><text x='"
      << legend_x + 20 << "' y='" << top + 16 << "' font-size='11'>" << XmlEscape(series.label)
      << "</text>\n";
    s << "<polyline fill='none' stroke-width='1.5' stroke='" << XmlEscape(series.colour)
      << "' points='";
    const std::size_t n = std::min(series.x.size(), series.y.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(series.x[i]) || !std::isfinite(series.y[i])) continue;
      s << Number(sx(series.x[i])) << ',' << Number(sy(series.y[i])) << ' ';
    }
    s << "'/>\n";
  }
}

}  // namespace

std::string RenderSvg(const std::vector<LinePlot>& panels, int width_px, int panel_height_px) {
  std::ostringstream s;
  const int height = panel_height_px * static_cast<int>(panels.size());
  s << "<?xml version='1.0' encoding='UTF-8'?>\n<svg xmlns='http://www.w3.org/2000/svg' width='"
    << width_px << "' height='" << height << "' viewBox='0 0 " << width_px << ' ' << height
    << "' font-family='sans-serif'>\n<rect width='100%' height='100%' fill='#fafafa'/>\n";
  for (std::size_t i = 0; i < panels.size(); ++i) {
    RenderPanel(panels[i], width_px, panel_height_px, static_cast<int>(i) * panel_height_px, s);
  }
  s << "</svg>\n";
  return s.str();
}

}  // namespace tianmu::report
