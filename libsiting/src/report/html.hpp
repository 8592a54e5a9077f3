// SPDX-License-Identifier: Apache-2.0
#pragma once

// The city report as one self-contained HTML page (images inline, no scripts
// or fonts from the internet) laid out for A4: each section starts a page, so a
// report's page count is its section count plus the cover.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "siting/io/table.hpp"

namespace siting::report::detail {

struct Figure {
  std::string label;  // "新建住宅区配建达标 / new estates compliant"
  std::string value;  // "16 / 27"
  std::string note;   // "59.3 %"
  std::string status; // "", "met", "not_met": colours the card
};

struct HtmlTable {
  const io::Table* table = nullptr;
  std::vector<std::string> columns;              // shown, in this order; headers are the field aliases
  std::function<bool(std::size_t row)> keep;     // rows shown (all when empty)
  std::size_t max_rows = 60;                     // the rest are counted, and named in the CSV
  std::string status_column;                     // colours a row by its value (pass/fail, met/not_met)
};

struct Section {
  std::string id;      // the element id, e.g. "map-coverage" (the tests find sections by it)
  std::string title;   // "15分钟服务圈 / The 15-minute circle"
  std::string intro;   // a paragraph (plain text)
  std::string png;     // an image (PNG bytes), or empty
  std::string png_alt;
  std::vector<Figure> figures;
  std::vector<HtmlTable> tables;
  std::string after;   // a paragraph after the image and tables
};

struct Document {
  std::string title;           // the cover's title, and the page's
  std::vector<std::string> facts;  // cover lines: study area, rules, plan, CRS, inputs
  std::vector<Section> sections;
  std::string footer;          // on the last page: provenance and data attribution
};

std::string render_report_html(const Document& doc);

// "data:image/png;base64,...": an image inline in a self-contained page.
std::string png_data_uri(const std::string& png);

}  // namespace siting::report::detail
