// SPDX-License-Identifier: Apache-2.0
#include "report/draw.hpp"

#include "siting/error.hpp"

namespace siting::report::detail {

namespace {

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void select_font(cairo_t* cr, double size, bool bold) {
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

}  // namespace

std::string png_bytes(cairo_surface_t* surface) {
  std::string out;
  cairo_surface_flush(surface);
  if (cairo_surface_write_to_png_stream(surface, append, &out) != CAIRO_STATUS_SUCCESS)
    throw Error(ErrorCode::OutputFailed, "cannot encode a PNG image");
  return out;
}

void text_at(cairo_t* cr, const std::string& s, double x, double y, double size, double align_x, double align_y,
             bool bold) {
  select_font(cr, size, bold);
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  cairo_move_to(cr, x - align_x * e.width - e.x_bearing, y - align_y * e.height - e.y_bearing);
  cairo_show_text(cr, s.c_str());
}

void text_size(cairo_t* cr, const std::string& s, double size, bool bold, double* width, double* height) {
  select_font(cr, size, bold);
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  *width = e.width;
  *height = e.height;
}

}  // namespace siting::report::detail
