// SPDX-License-Identifier: Apache-2.0
#include "report/map_render.hpp"

#include <algorithm>
#include <cmath>

#include "detail/text.hpp"
#include "report/draw.hpp"

namespace siting::report::detail {

namespace {

struct Frame {
  Box box;
  double scale = 1, left = 0, top = 0;  // px per metre; the map area's top-left corner in px
  double x(const Point& p) const { return left + (p.x - box.min_x) * scale; }
  double y(const Point& p) const { return top + (box.max_y - p.y) * scale; }
};

void set(cairo_t* cr, Rgb c, double alpha = 1.0) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha); }

void polygon_path(cairo_t* cr, const Frame& f, const MultiPolygon& mp) {
  auto ring = [&](const Ring& r) {
    for (std::size_t i = 0; i < r.size(); ++i) (i ? cairo_line_to : cairo_move_to)(cr, f.x(r[i]), f.y(r[i]));
    cairo_close_path(cr);
  };
  for (const Polygon& p : mp) {
    ring(p.outer);
    for (const Ring& h : p.holes) ring(h);
  }
}

void symbol(cairo_t* cr, Symbol s, double x, double y, double size, Rgb color) {
  cairo_new_path(cr);  // text leaves a current point; an arc would join it with a line
  if (s == Symbol::Square) {
    cairo_rectangle(cr, x - size / 2, y - size / 2, size, size);
  } else {
    cairo_arc(cr, x, y, size / 2, 0, 2 * M_PI);
  }
  set(cr, color);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 1.2);
  cairo_stroke(cr);
}

// The longest 1, 2 or 5 x 10^n metres at most `max_px` long.
double scale_bar_length(double px_per_m, double max_px) {
  double m = std::pow(10.0, std::floor(std::log10(max_px / px_per_m)));
  for (double f : {5.0, 2.0})
    if (m * f * px_per_m <= max_px) return m * f;
  return m;
}

std::string metres_text(double m) {
  return m >= 1000 ? siting::detail::format_number(m / 1000) + " km" : siting::detail::format_number(m) + " m";
}

struct LegendEntry {
  enum Kind { Fill, Line, Mark } kind;
  const PolygonLayer* polygons = nullptr;
  const PointLayer* points = nullptr;
  std::string text;
};

}  // namespace

std::string render_map_png(const Map& m, double* scale_bar_m) {
  Box box = m.view;
  const bool given = box.max_x > box.min_x && box.max_y > box.min_y;
  if (!given)
    for (const PolygonLayer& l : m.polygons)
    for (const MultiPolygon* p : l.shapes) box.extend(bounds(*p));
  if (!given)
    for (const PointLayer& l : m.points)
      for (const Point& p : l.points) box.extend(p);
  if (!(box.max_x > box.min_x) || !(box.max_y > box.min_y)) {
    const Point c = box.min_x <= box.max_x ? Point{box.min_x, box.min_y} : Point{0, 0};
    box = Box{c.x - 500, c.y - 500, c.x + 500, c.y + 500};
  }
  // A margin of 3 % around the data, so symbols at the edge are whole.
  const double pad = given ? 0.0 : 0.03 * std::max(box.max_x - box.min_x, box.max_y - box.min_y);
  box = Box{box.min_x - pad, box.min_y - pad, box.max_x + pad, box.max_y + pad};

  const int width = m.width_px;
  const double margin = 24, title_h = m.title.empty() ? 10 : 44;
  Frame f;
  f.box = box;
  f.scale = std::min((width - 2 * margin) / (box.max_x - box.min_x), m.max_map_height_px / (box.max_y - box.min_y));
  const double map_w = (box.max_x - box.min_x) * f.scale, map_h = (box.max_y - box.min_y) * f.scale;
  f.left = (width - map_w) / 2;
  f.top = title_h;

  // The legend's entries, laid out in rows under the map.
  std::vector<LegendEntry> entries;
  for (const PolygonLayer& l : m.polygons)
    if (!l.legend.empty()) entries.push_back({LegendEntry::Fill, &l, nullptr, l.legend});
  if (!m.streets.empty() && !m.streets_legend.empty())
    entries.push_back({LegendEntry::Line, nullptr, nullptr, m.streets_legend});
  for (const PointLayer& l : m.points)
    if (!l.legend.empty()) entries.push_back({LegendEntry::Mark, nullptr, &l, l.legend});
  Surface measure(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1), cairo_surface_destroy);
  Context mctx(cairo_create(measure.get()), cairo_destroy);
  const double legend_font = 14, row_h = 24, swatch = 16;
  std::vector<std::pair<double, double>> at;  // per entry: x, row
  double lx = margin;
  int rows = entries.empty() ? 0 : 1;
  for (const LegendEntry& e : entries) {
    double tw = 0, th = 0;
    text_size(mctx.get(), e.text, legend_font, false, &tw, &th);
    const double w = swatch + 8 + tw + 22;
    if (lx + w > width - margin && lx > margin) {
      lx = margin;
      ++rows;
    }
    at.emplace_back(lx, rows - 1);
    lx += w;
  }
  const double legend_top = f.top + map_h + 14;
  const double footer_top = legend_top + rows * row_h + 8;
  const int height = static_cast<int>(std::ceil(footer_top + 40));

  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height), cairo_surface_destroy);
  Context ctx(cairo_create(surface.get()), cairo_destroy);
  cairo_t* cr = ctx.get();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);

  // The map, clipped to its frame.
  cairo_save(cr);
  cairo_rectangle(cr, f.left, f.top, map_w, map_h);
  cairo_clip(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
  for (const PolygonLayer& l : m.polygons) {
    for (const MultiPolygon* p : l.shapes) {
      cairo_new_path(cr);
      polygon_path(cr, f, *p);
      if (l.fill_alpha > 0) {
        set(cr, l.fill, l.fill_alpha);
        cairo_fill_preserve(cr);
      }
      if (l.stroke_px > 0) {
        const double dash[] = {6, 4};
        cairo_set_dash(cr, l.dashed ? dash : nullptr, l.dashed ? 2 : 0, 0);
        set(cr, l.stroke);
        cairo_set_line_width(cr, l.stroke_px);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
      }
      cairo_new_path(cr);
    }
  }
  cairo_set_source_rgba(cr, 0.4, 0.4, 0.4, 0.8);
  cairo_set_line_width(cr, 0.8);
  for (const auto& [a, b] : m.streets) {
    cairo_move_to(cr, f.x(a), f.y(a));
    cairo_line_to(cr, f.x(b), f.y(b));
  }
  cairo_stroke(cr);
  for (const PointLayer& l : m.points)
    for (std::size_t i = 0; i < l.points.size(); ++i) {
      const double x = f.x(l.points[i]), y = f.y(l.points[i]);
      symbol(cr, l.symbol, x, y, l.size_px, l.color);
      if (l.numbered) {
        cairo_set_source_rgb(cr, 1, 1, 1);
        text_at(cr, std::to_string(i + 1), x, y, l.size_px * 0.55, 0.5, 0.5, true);
      }
    }
  // Labels with a white halo; one that would overlap a label drawn before is left out.
  std::vector<Box> taken;
  for (const Label& lab : m.labels) {
    double tw = 0, th = 0;
    text_size(cr, lab.text, lab.size_px, lab.bold, &tw, &th);
    const double x = f.x(lab.at), y = f.y(lab.at);
    const Box b{x - tw / 2 - 2, y - th / 2 - 2, x + tw / 2 + 2, y + th / 2 + 2};
    const bool clash = std::any_of(taken.begin(), taken.end(), [&](const Box& o) {
      return b.min_x < o.max_x && o.min_x < b.max_x && b.min_y < o.max_y && o.min_y < b.max_y;
    });
    if (clash) continue;
    taken.push_back(b);
    cairo_new_path(cr);
    cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL,
                           lab.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, lab.size_px);
    cairo_text_extents_t e;
    cairo_text_extents(cr, lab.text.c_str(), &e);
    cairo_move_to(cr, x - e.width / 2 - e.x_bearing, y - e.height / 2 - e.y_bearing);
    cairo_text_path(cr, lab.text.c_str());
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_set_line_width(cr, 3);
    cairo_stroke_preserve(cr);
    cairo_set_source_rgb(cr, 0.12, 0.12, 0.12);
    cairo_fill(cr);
  }
  cairo_restore(cr);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, f.left + 0.5, f.top + 0.5, map_w - 1, map_h - 1);
  cairo_stroke(cr);

  // North arrow, top right inside the frame (the working CRS is projected, north up).
  {
    const double nx = f.left + map_w - 28, ny = f.top + 16;
    cairo_new_path(cr);
    cairo_move_to(cr, nx, ny);
    cairo_line_to(cr, nx + 9, ny + 26);
    cairo_line_to(cr, nx, ny + 20);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_fill(cr);
    cairo_move_to(cr, nx, ny);
    cairo_line_to(cr, nx - 9, ny + 26);
    cairo_line_to(cr, nx, ny + 20);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    text_at(cr, "N", nx, ny + 30, 13, 0.5, 0.0, true);
  }

  if (!m.title.empty()) {
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text_at(cr, m.title, width / 2.0, 12, 19, 0.5, 0.0, true);
  }

  // Legend.
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const LegendEntry& e = entries[i];
    const double x = at[i].first, y = legend_top + at[i].second * row_h + row_h / 2;
    cairo_new_path(cr);
    if (e.kind == LegendEntry::Fill) {
      const PolygonLayer& l = *e.polygons;
      cairo_rectangle(cr, x, y - swatch / 2, swatch, swatch);
      if (l.fill_alpha > 0) {
        set(cr, l.fill, l.fill_alpha);
        cairo_fill_preserve(cr);
      }
      set(cr, l.stroke_px > 0 ? l.stroke : Rgb{0.6, 0.6, 0.6});
      cairo_set_line_width(cr, std::max(1.0, l.stroke_px));
      const double dash[] = {4, 3};
      cairo_set_dash(cr, l.dashed ? dash : nullptr, l.dashed ? 2 : 0, 0);
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
    } else if (e.kind == LegendEntry::Line) {
      cairo_move_to(cr, x, y);
      cairo_line_to(cr, x + swatch, y);
      cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
      cairo_set_line_width(cr, 1.5);
      cairo_stroke(cr);
    } else {
      symbol(cr, e.points->symbol, x + swatch / 2, y, std::min(swatch, e.points->size_px), e.points->color);
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text_at(cr, e.text, x + swatch + 8, y, legend_font, 0.0, 0.5);
  }

  // Footer: attribution on the left, the scale bar with its length on the right.
  const double bar_m = scale_bar_length(f.scale, 220.0), bar_px = bar_m * f.scale;
  const double bx = width - margin - bar_px, by = footer_top + 24;
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_rectangle(cr, bx, by - 5, bar_px / 2, 5);
  cairo_fill(cr);
  cairo_rectangle(cr, bx + 0.5, by - 4.5, bar_px - 1, 5);
  cairo_set_line_width(cr, 1);
  cairo_stroke(cr);
  text_at(cr, "0", bx, by - 8, 12, 0.5, 1.0);
  text_at(cr, metres_text(bar_m), bx + bar_px, by - 8, 12, 0.5, 1.0);
  if (!m.attribution.empty()) {
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    text_at(cr, m.attribution, margin, by, 12, 0.0, 1.0);
  }
  if (scale_bar_m) *scale_bar_m = bar_m;
  return png_bytes(surface.get());
}

}  // namespace siting::report::detail
