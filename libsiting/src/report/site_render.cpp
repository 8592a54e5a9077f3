// SPDX-License-Identifier: Apache-2.0
#include "report/site_render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

#include "detail/text.hpp"
#include "report/draw.hpp"
#include "siting/error.hpp"

namespace siting::report::detail {

namespace {

// A "nice" tick step (1, 2 or 5 × 10^n) giving about `count` ticks over `span`.
double nice_step(double span, int count) {
  if (!(span > 0)) return 1.0;
  const double raw = span / count;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag) return m * mag;
  return 10.0 * mag;
}

std::string tick_label(double v, double step) {
  const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step)));
  return siting::detail::format_fixed(v, decimals);
}

}  // namespace

std::string render_tradeoff_png(const TradeoffChart& c) {
  const int width = 800, height = 500;
  const double left = 90, right = 30, top = 50, bottom = 70;
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height), cairo_surface_destroy);
  Context ctx(cairo_create(surface.get()), cairo_destroy);
  cairo_t* cr = ctx.get();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);

  double x_max = 1, y_min = std::numeric_limits<double>::max(), y_max = std::numeric_limits<double>::lowest();
  for (const ChartSeries* s : {&c.greedy, &c.answer})
    for (std::size_t i = 0; i < s->x.size(); ++i) {
      x_max = std::max(x_max, s->x[i]);
      y_min = std::min(y_min, s->y[i]);
      y_max = std::max(y_max, s->y[i]);
    }
  if (c.has_target) {
    y_min = std::min(y_min, c.target);
    y_max = std::max(y_max, c.target);
  }
  if (y_min > y_max) y_min = 0, y_max = 1;
  if (y_max - y_min < 1e-9) y_min -= 1, y_max += 1;
  const double y_step = nice_step(y_max - y_min, 6);
  y_min = std::floor(y_min / y_step) * y_step;
  y_max = std::ceil(y_max / y_step) * y_step;
  const double x_step = std::max(1.0, nice_step(x_max, 10));
  const double pw = width - left - right, ph = height - top - bottom;
  auto px = [&](double x) { return left + pw * x / x_max; };
  auto py = [&](double y) { return top + ph * (1 - (y - y_min) / (y_max - y_min)); };

  // Grid and ticks.
  cairo_set_line_width(cr, 1);
  for (double y = y_min; y <= y_max + y_step / 2; y += y_step) {
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_move_to(cr, left, std::round(py(y)) + 0.5);
    cairo_line_to(cr, left + pw, std::round(py(y)) + 0.5);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    text_at(cr, tick_label(y, y_step), left - 8, py(y), 13, 1.0, 0.5);
  }
  for (double x = 0; x <= x_max + x_step / 2; x += x_step) {
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_move_to(cr, std::round(px(x)) + 0.5, top + ph);
    cairo_line_to(cr, std::round(px(x)) + 0.5, top + ph + 5);
    cairo_stroke(cr);
    text_at(cr, tick_label(x, 1), px(x), top + ph + 9, 13, 0.5, 0.0);
  }
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_rectangle(cr, left + 0.5, top + 0.5, pw, ph);
  cairo_stroke(cr);

  if (c.has_target) {
    cairo_set_source_rgb(cr, 0.85, 0.3, 0.1);
    const double dash[] = {6, 4};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, left, py(c.target));
    cairo_line_to(cr, left + pw, py(c.target));
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    text_at(cr, "target", left + pw - 4, py(c.target) - 4, 12, 1.0, 1.0);
  }
  // The greedy curve, then the answer.
  cairo_set_source_rgb(cr, 0.15, 0.4, 0.75);
  cairo_set_line_width(cr, 2);
  for (std::size_t i = 0; i < c.greedy.x.size(); ++i)
    (i ? cairo_line_to : cairo_move_to)(cr, px(c.greedy.x[i]), py(c.greedy.y[i]));
  cairo_stroke(cr);
  for (std::size_t i = 0; i < c.greedy.x.size(); ++i) {
    cairo_arc(cr, px(c.greedy.x[i]), py(c.greedy.y[i]), 3, 0, 2 * M_PI);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, 0.85, 0.1, 0.1);
  for (std::size_t i = 0; i < c.answer.x.size(); ++i) {
    cairo_arc(cr, px(c.answer.x[i]), py(c.answer.y[i]), 6, 0, 2 * M_PI);
    cairo_fill(cr);
  }
  // Legend.
  const double lx = left + 12, ly = top + 14;
  cairo_set_source_rgb(cr, 0.15, 0.4, 0.75);
  cairo_move_to(cr, lx, ly);
  cairo_line_to(cr, lx + 24, ly);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  text_at(cr, "greedy order, first n sites", lx + 30, ly, 12, 0.0, 0.5);
  cairo_set_source_rgb(cr, 0.85, 0.1, 0.1);
  cairo_arc(cr, lx + 12, ly + 18, 5, 0, 2 * M_PI);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  text_at(cr, "the answer (after local search)", lx + 30, ly + 18, 12, 0.0, 0.5);

  text_at(cr, c.title, width / 2.0, 16, 16, 0.5, 0.0, true);
  text_at(cr, c.x_title, left + pw / 2, height - 22, 14, 0.5, 0.5);
  cairo_save(cr);
  cairo_translate(cr, 22, top + ph / 2);
  cairo_rotate(cr, -M_PI / 2);
  text_at(cr, c.y_title, 0, 0, 14, 0.5, 0.5);
  cairo_restore(cr);
  return png_bytes(surface.get());
}

std::string render_bar_chart_png(const BarChart& c) {
  const int width = 1000;
  const double top = 56, bar_h = 28, bottom = 64, right = 70;
  const double bars = static_cast<double>(c.values.size());
  const int height = static_cast<int>(top + bar_h * std::max(1.0, bars) + bottom);
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height), cairo_surface_destroy);
  Context ctx(cairo_create(surface.get()), cairo_destroy);
  cairo_t* cr = ctx.get();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  // The labels' column is as wide as the longest label.
  double left = 80;
  for (const std::string& l : c.labels) {
    double w = 0, h = 0;
    text_size(cr, l, 14, false, &w, &h);
    left = std::max(left, w + 24);
  }
  left = std::min(left, width / 2.0);
  const double pw = width - left - right;
  auto px = [&](double v) { return left + pw * std::clamp(v, 0.0, 100.0) / 100.0; };
  cairo_set_line_width(cr, 1);
  for (int v = 0; v <= 100; v += 10) {
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_move_to(cr, std::round(px(v)) + 0.5, top - 4);
    cairo_line_to(cr, std::round(px(v)) + 0.5, top + bar_h * bars);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    text_at(cr, std::to_string(v), px(v), top + bar_h * bars + 6, 13, 0.5, 0.0);
  }
  for (std::size_t i = 0; i < c.values.size(); ++i) {
    const double y = top + bar_h * static_cast<double>(i);
    const bool below = c.has_target && c.values[i] < c.target;
    cairo_rectangle(cr, left, y + 5, px(c.values[i]) - left, bar_h - 10);
    if (below) cairo_set_source_rgb(cr, 0.84, 0.37, 0.3);
    else cairo_set_source_rgb(cr, 0.26, 0.57, 0.78);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text_at(cr, i < c.labels.size() ? c.labels[i] : "", left - 10, y + bar_h / 2, 14, 1.0, 0.5);
    text_at(cr, siting::detail::format_fixed(c.values[i], 1) + "%", px(c.values[i]) + 6, y + bar_h / 2, 12, 0.0, 0.5);
  }
  if (c.has_target) {
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    const double dash[] = {6, 4};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_width(cr, 2);
    cairo_move_to(cr, px(c.target), top - 8);
    cairo_line_to(cr, px(c.target), top + bar_h * bars);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    text_at(cr, "target " + siting::detail::format_number(c.target) + "%", px(c.target), top - 10, 12, 0.5, 1.0);
  }
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  text_at(cr, c.title, width / 2.0, 8, 17, 0.5, 0.0, true);
  text_at(cr, c.x_title, left + pw / 2, height - 16, 14, 0.5, 0.5);
  return png_bytes(surface.get());
}

}  // namespace siting::report::detail
