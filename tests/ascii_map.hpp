// SPDX-License-Identifier: Apache-2.0
#pragma once

// Scenario maps drawn as text, in the manner of Valhalla's gurka tests, so that a
// test's picture is also its input: no comment map that can drift from the WKT.
//
//   const AsciiMap map(R"(
//         f                 # facility, 10 m north of the street
//     A-------B-------C
//   )", 12.5, 10, 'A');       // one character = 12.5 m, one line = 10 m, A at (0, 0)
//   WalkGraph g = WalkGraph::Build(map.roads({"ABC"}));
//   Snap s = index.nearest(map['f'], 50);
//
// The rules:
// - Every letter or digit names one point at its grid position: x grows to the
//   right by cell_x_m per character, y grows upwards by cell_y_m per line, and the
//   origin letter is (0, 0). A name appears once. `#` starts a note to the end of
//   its line. Any other character than those below is an error (no tabs).
// - Roads are drawn with `-` (west-east), `|` (north-south), `/` and `\`
//   (diagonals of one character per line). `+` is a crossing without a vertex: a
//   bridge or tunnel over another road, or a road crossing a parcel's side.
// - roads({"ABC", "CD"}) gives the lines A->B->C and C->D. Each step must be drawn
//   as one straight stroke; a letter on a stroke is a point lying on that road
//   (a parcel corner, a facility) and must not be any listed road's vertex. "BB"
//   is a zero-length step and needs no drawing. Every stroke character of the
//   drawing must belong to a listed road, so the list cannot add or drop a road
//   that the picture shows otherwise. roads() without a list traces every
//   stroke between two letters as a line of its own, in reading order.
// - parcel("PQRS") is the polygon P-Q-R-S-P (the ring in the order given). Its
//   sides are drawn with `.` (west-east) and `:` (north-south); a side may run
//   along a road or through a letter.
// - nudge("CD", dx, dy) moves points off the grid by metres, for the sub-cell
//   detail a drawing cannot show (a line ending 0.6 m short of a street).
// Anything that breaks a rule throws std::invalid_argument naming the row and
// column (both counted from 1, in the drawing's text).

#include <map>
#include <string>
#include <vector>

#include "siting/geometry.hpp"
#include "siting/model.hpp"

namespace siting::test {

class AsciiMap {
 public:
  AsciiMap(const std::string& drawing, double cell_m, char origin) : AsciiMap(drawing, cell_m, cell_m, origin) {}
  AsciiMap(const std::string& drawing, double cell_x_m, double cell_y_m, char origin);

  Point operator[](char name) const;
  // The named points in order, e.g. facilities: points("fg").
  std::vector<Point> points(const std::string& names) const;
  std::vector<LineString> roads(const std::vector<std::string>& lines) const;
  std::vector<LineString> roads() const;
  MultiPolygon parcel(const std::string& corners) const;
  AsciiMap& nudge(const std::string& names, double dx_m, double dy_m);

 private:
  struct Cell {
    int row = 0, col = 0;
  };
  // The cells strictly between two named points on a straight stroke, and the
  // stroke character that direction is drawn with.
  struct Stroke {
    std::vector<Cell> between;
    char drawn_with = 0;
  };

  Cell cell_of(char name) const;
  char at(Cell c) const;
  Stroke stroke(char from, char to, const std::string& what) const;
  std::string where(Cell c) const;

  std::vector<std::string> rows_;
  std::map<char, Cell> cells_;
  std::map<char, Point> nudges_;
  Cell origin_;
  double cell_x_m_, cell_y_m_;
};

// A parcel and a facility placed on a map, with only what the network stages read:
// the id, the households, the shape (its area computed) or the point.
Estate estate(const std::string& id, MultiPolygon shape, double households);
Facility facility(const std::string& id, Point at);

}  // namespace siting::test
