// SPDX-License-Identifier: Apache-2.0
#include "report/html.hpp"

#include <cpl_string.h>

#include <sstream>

#include "detail/text.hpp"
#include "report/styles.hpp"

namespace siting::report::detail {

namespace {

using siting::detail::xml_escape;

std::string cell_text(const io::Value& v, const io::Column& c) {
  if (std::holds_alternative<std::monostate>(v)) return "";
  if (auto s = std::get_if<std::string>(&v)) return *s;
  if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto d = std::get_if<double>(&v))
    return c.decimals < 0 ? siting::detail::format_number(*d) : siting::detail::format_fixed(*d, c.decimals);
  return std::get<bool>(v) ? "是 yes" : "否 no";
}

// "households_share_15min" -> "户数覆盖率(15分钟)<br><small>share of households (15 min)</small>"
std::string header(const std::string& column) {
  const std::string alias = field_alias(column);
  const auto slash = alias.find(" / ");
  if (slash == std::string::npos) return xml_escape(column);
  return xml_escape(alias.substr(0, slash)) + "<br><small>" + xml_escape(alias.substr(slash + 3)) + "</small>";
}

void table_html(std::ostringstream& h, const HtmlTable& t) {
  std::vector<std::size_t> cols;
  for (const std::string& name : t.columns)
    for (std::size_t c = 0; c < t.table->columns.size(); ++c)
      if (t.table->columns[c].name == name) cols.push_back(c);
  std::size_t status = t.table->columns.size();
  for (std::size_t c = 0; c < t.table->columns.size(); ++c)
    if (t.table->columns[c].name == t.status_column) status = c;
  h << "<table class=\"data\" data-table=\"" << xml_escape(t.table->name) << "\">\n<thead><tr>";
  for (std::size_t c : cols) h << "<th>" << header(t.table->columns[c].name) << "</th>";
  h << "</tr></thead>\n<tbody>\n";
  std::size_t shown = 0, kept = 0;
  for (std::size_t r = 0; r < t.table->rows.size(); ++r) {
    if (t.keep && !t.keep(r)) continue;
    ++kept;
    if (shown == t.max_rows) continue;
    ++shown;
    const auto& row = t.table->rows[r];
    std::string cls;
    if (status < row.size())
      if (auto s = std::get_if<std::string>(&row[status])) cls = *s;
    h << "<tr" << (cls.empty() ? "" : " class=\"" + xml_escape(cls) + "\"") << ">";
    for (std::size_t c : cols) {
      const bool number =
          t.table->columns[c].type == io::ColumnType::Integer || t.table->columns[c].type == io::ColumnType::Real;
      h << (number ? "<td class=\"n\">" : "<td>") << xml_escape(cell_text(row[c], t.table->columns[c])) << "</td>";
    }
    h << "</tr>\n";
  }
  h << "</tbody>\n</table>\n";
  if (kept > shown)
    h << "<p class=\"more\">" << shown << " of " << kept << " rows shown; all of them in " << xml_escape(t.table->name)
      << ".csv</p>\n";
}

}  // namespace

std::string png_data_uri(const std::string& png) {
  char* b64 = CPLBase64Encode(static_cast<int>(png.size()), reinterpret_cast<const GByte*>(png.data()));
  std::string out = "data:image/png;base64," + std::string(b64 ? b64 : "");
  CPLFree(b64);
  return out;
}

std::string render_report_html(const Document& doc) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << xml_escape(doc.title)
    << "</title>\n<style>\n"
       "@page{size:A4;margin:14mm 12mm}\n"
       "body{font-family:'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',"
       "sans-serif;color:#222;line-height:1.45;margin:0 auto;max-width:60em;font-size:11pt}\n"
       "h1{font-size:22pt;margin:1.2em 0 0.4em}h2{font-size:15pt;border-bottom:2px solid "
       "#2166ac;padding-bottom:0.2em}\n"
       "section{break-before:page;page-break-before:always}\n"
       "img{width:100%;height:auto;border:1px solid #bbb}\n"
       "img.map{max-height:215mm;object-fit:contain}\n"
       ".figures{display:flex;flex-wrap:wrap;gap:0.6em;margin:0.8em 0}\n"
       ".figure{flex:1 1 14em;border:1px solid #ccc;border-radius:4px;padding:0.5em 0.7em;break-inside:avoid}\n"
       ".figure .v{font-size:18pt;font-weight:bold}.figure .l{font-size:9.5pt;color:#444}\n"
       ".figure.met{border-left:6px solid #1a9641}.figure.not_met{border-left:6px solid #d7191c}\n"
       "table.data{border-collapse:collapse;width:100%;font-size:8.5pt;margin:0.5em 0}\n"
       "table.data th,table.data td{border:1px solid #bbb;padding:0.2em 0.4em;vertical-align:top}\n"
       "table.data th{background:#eef3f8;text-align:left}table.data th small{font-weight:normal;color:#555}\n"
       "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
       "tr.fail td,tr.not_met td{background:#fbe3e3}tr.pass td,tr.met td{background:#e8f5e4}\n"
       ".facts{color:#333}.more,.note,footer{color:#555;font-size:9pt}\n"
       "thead{display:table-header-group}tr{break-inside:avoid}\n"
       "</style>\n</head>\n<body>\n";
  h << "<header id=\"cover\">\n<h1>" << xml_escape(doc.title) << "</h1>\n<ul class=\"facts\">\n";
  for (const std::string& f : doc.facts) h << "<li>" << xml_escape(f) << "</li>\n";
  h << "</ul>\n<ol class=\"toc\">\n";
  for (const Section& s : doc.sections)
    h << "<li><a href=\"#" << xml_escape(s.id) << "\">" << xml_escape(s.title) << "</a></li>\n";
  h << "</ol>\n</header>\n";
  for (const Section& s : doc.sections) {
    h << "<section id=\"" << xml_escape(s.id) << "\">\n<h2>" << xml_escape(s.title) << "</h2>\n";
    if (!s.intro.empty()) h << "<p>" << xml_escape(s.intro) << "</p>\n";
    if (!s.figures.empty()) {
      h << "<div class=\"figures\">\n";
      for (const Figure& f : s.figures)
        h << "<div class=\"figure" << (f.status.empty() ? "" : " " + xml_escape(f.status)) << "\"><div class=\"l\">"
          << xml_escape(f.label) << "</div><div class=\"v\">" << xml_escape(f.value) << "</div>"
          << (f.note.empty() ? "" : "<div class=\"l\">" + xml_escape(f.note) + "</div>") << "</div>\n";
      h << "</div>\n";
    }
    if (!s.png.empty())
      h << "<p><img class=\"" << (s.id.rfind("map", 0) == 0 ? "map" : "chart") << "\" alt=\"" << xml_escape(s.png_alt)
        << "\" src=\"" << png_data_uri(s.png) << "\"></p>\n";
    for (const HtmlTable& t : s.tables) table_html(h, t);
    if (!s.after.empty()) h << "<p class=\"note\">" << xml_escape(s.after) << "</p>\n";
    h << "</section>\n";
  }
  h << "<footer>\n<p>" << xml_escape(doc.footer) << "</p>\n</footer>\n";
  // For the browser test: how many images the browser decoded (hidden).
  h << "<p id=\"images-status\" style=\"display:none\"></p>\n<script>\nwindow.addEventListener('load',function(){"
       "var i=document.images,n=0;for(var k=0;k<i.length;k++)if(i[k].complete&&i[k].naturalWidth>0)n++;"
       "document.getElementById('images-status').textContent=n+' of '+i.length+' images shown';});\n</script>\n"
       "</body>\n</html>\n";
  return h.str();
}

}  // namespace siting::report::detail
