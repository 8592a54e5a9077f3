// SPDX-License-Identifier: Apache-2.0
#include "ascii_map.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <utility>

namespace siting::test {
namespace {

bool is_name(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_road_stroke(char c) { return c == '-' || c == '|' || c == '/' || c == '\\'; }
int sign(int v) { return (v > 0) - (v < 0); }

[[noreturn]] void fail(const std::string& message) { throw std::invalid_argument("ascii map: " + message); }

}  // namespace

AsciiMap::AsciiMap(const std::string& drawing, double cell_x_m, double cell_y_m, char origin)
    : cell_x_m_(cell_x_m), cell_y_m_(cell_y_m) {
  if (!(cell_x_m > 0) || !(cell_y_m > 0)) fail("cell sizes must be positive");
  std::size_t start = 0;
  while (start <= drawing.size()) {
    std::size_t end = drawing.find('\n', start);
    if (end == std::string::npos) end = drawing.size();
    std::string row = drawing.substr(start, end - start);
    row = row.substr(0, row.find('#'));
    for (std::size_t col = 0; col < row.size(); ++col) {
      const char c = row[col];
      const Cell cell{static_cast<int>(rows_.size()), static_cast<int>(col)};
      if (is_name(c)) {
        if (!cells_.emplace(c, cell).second)
          fail(std::string("letter ") + c + " at " + where(cell) + " is drawn twice");
      } else if (!is_road_stroke(c) && c != ' ' && c != '+' && c != '.' && c != ':') {
        fail(std::string("unknown character '") + c + "' at " + where(cell));
      }
    }
    rows_.push_back(std::move(row));
    start = end + 1;
  }
  origin_ = cell_of(origin);
}

std::string AsciiMap::where(Cell c) const {
  return "row " + std::to_string(c.row + 1) + ", column " + std::to_string(c.col + 1);
}

AsciiMap::Cell AsciiMap::cell_of(char name) const {
  const auto it = cells_.find(name);
  if (it == cells_.end()) fail(std::string("no letter ") + name + " on the map");
  return it->second;
}

char AsciiMap::at(Cell c) const {
  if (c.row < 0 || c.row >= static_cast<int>(rows_.size())) return ' ';
  const std::string& row = rows_[static_cast<std::size_t>(c.row)];
  return c.col >= 0 && c.col < static_cast<int>(row.size()) ? row[static_cast<std::size_t>(c.col)] : ' ';
}

Point AsciiMap::operator[](char name) const {
  const Cell c = cell_of(name);
  Point p{(c.col - origin_.col) * cell_x_m_, (origin_.row - c.row) * cell_y_m_};
  const auto n = nudges_.find(name);
  if (n != nudges_.end()) p = {p.x + n->second.x, p.y + n->second.y};
  return p;
}

std::vector<Point> AsciiMap::points(const std::string& names) const {
  std::vector<Point> out;
  for (char n : names) out.push_back((*this)[n]);
  return out;
}

AsciiMap& AsciiMap::nudge(const std::string& names, double dx_m, double dy_m) {
  for (char n : names) {
    cell_of(n);
    Point& d = nudges_[n];
    d = {d.x + dx_m, d.y + dy_m};
  }
  return *this;
}

AsciiMap::Stroke AsciiMap::stroke(char from, char to, const std::string& what) const {
  const Cell a = cell_of(from), b = cell_of(to);
  const int dr = b.row - a.row, dc = b.col - a.col;
  Stroke s;
  if (dr == 0 && dc == 0) return s;
  if (dr == 0) {
    s.drawn_with = '-';
  } else if (dc == 0) {
    s.drawn_with = '|';
  } else if (std::abs(dr) == std::abs(dc)) {
    // Rows grow downwards: a stroke going down and right is drawn with a backslash.
    s.drawn_with = sign(dr) == sign(dc) ? '\\' : '/';
  } else {
    fail(what + ": " + from + "-" + to + " is neither straight across, up and down, nor diagonal");
  }
  const int steps = std::max(std::abs(dr), std::abs(dc));
  for (int k = 1; k < steps; ++k) s.between.push_back({a.row + k * sign(dr), a.col + k * sign(dc)});
  return s;
}

std::vector<LineString> AsciiMap::roads(const std::vector<std::string>& lines) const {
  std::set<char> vertices;
  for (const std::string& line : lines) vertices.insert(line.begin(), line.end());
  std::set<std::pair<int, int>> drawn;  // every cell some road runs along
  std::vector<LineString> out;
  for (const std::string& line : lines) {
    if (line.size() < 2) fail("road \"" + line + "\" needs at least two letters");
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
      const std::string what = "road \"" + line + "\"";
      const Stroke s = stroke(line[i], line[i + 1], what);
      for (const Cell& c : s.between) {
        const char ch = at(c);
        const bool passes_a_point = is_name(ch) && !vertices.count(ch);
        if (ch != s.drawn_with && ch != '+' && !passes_a_point)
          fail(what + ": " + line[i] + "-" + line[i + 1] + " is not drawn: " + where(c) + " holds '" + ch +
               "' where '" + s.drawn_with + "' was expected" +
               (is_name(ch) ? " (a road vertex; draw + for a crossing without one)" : ""));
        drawn.insert({c.row, c.col});
      }
    }
    out.push_back(points(line));
  }
  for (std::size_t r = 0; r < rows_.size(); ++r)
    for (std::size_t c = 0; c < rows_[r].size(); ++c)
      if (is_road_stroke(rows_[r][c]) && !drawn.count({static_cast<int>(r), static_cast<int>(c)}))
        fail("the road drawn at " + where({static_cast<int>(r), static_cast<int>(c)}) + " is in no road of the list");
  return out;
}

std::vector<LineString> AsciiMap::roads() const {
  // Traced forwards only (east, south-east, south, south-west), so each stroke is
  // found once, from its first letter in reading order.
  struct Direction {
    int dr, dc;
    char drawn_with;
  };
  const Direction forwards[] = {{0, 1, '-'}, {1, 1, '\\'}, {1, 0, '|'}, {1, -1, '/'}};
  std::vector<std::pair<Cell, char>> names;
  for (const auto& [name, cell] : cells_) names.push_back({cell, name});
  std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) {
    return std::make_pair(a.first.row, a.first.col) < std::make_pair(b.first.row, b.first.col);
  });
  std::vector<std::string> lines;
  for (const auto& [cell, name] : names)
    for (const Direction& d : forwards) {
      Cell c{cell.row + d.dr, cell.col + d.dc};
      if (at(c) != d.drawn_with) continue;
      while (at(c) == d.drawn_with || at(c) == '+') c = {c.row + d.dr, c.col + d.dc};
      if (!is_name(at(c))) fail(std::string("the road from ") + name + " ends at " + where(c) + " without a letter");
      lines.push_back({name, at(c)});
    }
  return roads(lines);
}

MultiPolygon AsciiMap::parcel(const std::string& corners) const {
  if (corners.size() < 3) fail("parcel \"" + corners + "\" needs at least three corners");
  Polygon polygon;
  for (std::size_t i = 0; i < corners.size(); ++i) {
    const char from = corners[i], to = corners[(i + 1) % corners.size()];
    const std::string what = "parcel \"" + corners + "\"";
    const Stroke s = stroke(from, to, what);
    if (from == to) fail(what + ": corner " + from + " is repeated");
    if (s.drawn_with != '-' && s.drawn_with != '|')
      fail(what + ": " + from + "-" + to + " must run across or up and down");
    const char side = s.drawn_with == '-' ? '.' : ':';
    for (const Cell& c : s.between) {
      const char ch = at(c);
      if (ch != side && ch != s.drawn_with && ch != '+' && !is_name(ch))
        fail(what + ": " + from + "-" + to + " is not drawn: " + where(c) + " holds '" + ch + "' where '" + side +
             "' was expected");
    }
    polygon.outer.push_back((*this)[from]);
  }
  polygon.outer.push_back(polygon.outer.front());
  return {polygon};
}

Estate estate(const std::string& id, MultiPolygon shape, double households) {
  Estate e;
  e.id = id;
  e.households = households;
  e.geometry = std::move(shape);
  e.area_m2 = area(e.geometry);
  return e;
}

Facility facility(const std::string& id, Point at) {
  Facility f;
  f.id = id;
  f.location = at;
  return f;
}

}  // namespace siting::test
