// SPDX-License-Identifier: Apache-2.0
#pragma once

// Maps for the reports, drawn with Cairo from geometry in the working CRS (no
// internet, no tiles): filled polygons, streets, point symbols and labels, with
// the furniture a printed map needs: title, legend, a scale bar with its length
// written, a north arrow and the data's attribution.

#include <string>
#include <utility>
#include <vector>

#include "siting/geometry.hpp"

namespace siting::report::detail {

struct Rgb {
  double r = 0, g = 0, b = 0;
};

struct PolygonLayer {
  std::vector<const MultiPolygon*> shapes;
  Rgb fill{0.9, 0.9, 0.9};
  double fill_alpha = 1.0;   // 0: outline only
  Rgb stroke{0.45, 0.45, 0.45};
  double stroke_px = 0.8;    // 0: no outline
  bool dashed = false;
  std::string legend;        // empty: not in the legend
};

enum class Symbol { Square, Disc };

struct PointLayer {
  std::vector<Point> points;
  Symbol symbol = Symbol::Square;
  Rgb color{0.1, 0.3, 0.8};
  double size_px = 8;
  bool numbered = false;     // the 1-based position drawn inside (ranked sites)
  std::string legend;
};

struct Label {
  Point at;
  std::string text;
  double size_px = 12;
  bool bold = false;
};

struct Map {
  std::string title;
  std::vector<PolygonLayer> polygons;              // drawn in order, first at the bottom
  std::vector<std::pair<Point, Point>> streets;    // thin grey lines over the polygons
  std::string streets_legend = "street";
  std::vector<PointLayer> points;                  // over the streets
  std::vector<Label> labels;                       // last; one that would overlap an earlier one is left out
  std::string attribution;                         // bottom line, e.g. "Streets: © OpenStreetMap contributors (ODbL)"
  Box view = Box::Empty();                         // the extent shown; empty: the layers' with a 3 % margin
  int width_px = 1200;
  int max_map_height_px = 1300;
};

// PNG bytes. `scale_bar_m` (when not null) receives the scale bar's length.
std::string render_map_png(const Map& map, double* scale_bar_m = nullptr);

}  // namespace siting::report::detail
