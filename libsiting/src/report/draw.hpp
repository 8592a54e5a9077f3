// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the report's Cairo drawings share (charts, maps): the surface, text in
// the CJK font, PNG bytes.

#include <memory>
#include <string>

#include <cairo.h>

namespace siting::report::detail {

// Noto Sans CJK (fonts-noto-cjk) draws Chinese labels too; fontconfig falls back
// to any sans face when it is missing.
inline constexpr const char* kFont = "Noto Sans CJK SC";

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using Context = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

// The surface's PNG bytes; throws Error(E401) when Cairo cannot encode them.
std::string png_bytes(cairo_surface_t* surface);

// Draws `s` with its box aligned at (x, y): align_x 0 left, 0.5 centre, 1 right;
// align_y 0 top, 0.5 middle, 1 bottom.
void text_at(cairo_t* cr, const std::string& s, double x, double y, double size, double align_x, double align_y,
             bool bold = false);

// The width and height of `s` as text_at draws it.
void text_size(cairo_t* cr, const std::string& s, double size, bool bold, double* width, double* height);

}  // namespace siting::report::detail
