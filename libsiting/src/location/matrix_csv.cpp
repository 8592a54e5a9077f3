// SPDX-License-Identifier: Apache-2.0
#include "siting/location/matrix_csv.hpp"

#include <cmath>
#include <fstream>
#include <unordered_map>
#include <utility>

#include "detail/text.hpp"
#include "siting/error.hpp"

namespace siting::location {

namespace {

// A streaming RFC 4180 reader: quoted fields may hold commas, quotes ("") and
// line breaks; `line` is the file line the record starts on (1-based).
class CsvReader {
 public:
  explicit CsvReader(const std::string& path) : path_(path), in_(path, std::ios::binary) {
    if (!in_) throw Error(ErrorCode::OpenFailed, "cannot open the file", {path, "", "", ""});
    if (in_.peek() == 0xEF) {
      char bom[3];
      in_.read(bom, 3);
      if (!(bom[0] == '\xEF' && bom[1] == '\xBB' && bom[2] == '\xBF')) in_.seekg(0);
    }
  }

  // False at the end of the file. Blank lines are skipped.
  bool next(std::vector<std::string>& fields) {
    for (;;) {
      fields.clear();
      if (in_.peek() == std::char_traits<char>::eof()) return false;
      line = next_line_;
      std::string field;
      bool quoted = false, was_quoted = false;
      for (;;) {
        const int c = in_.get();
        if (c == std::char_traits<char>::eof()) {
          if (quoted) throw Error(ErrorCode::BadValue, "unterminated quoted field", where());
          break;
        }
        // No CSV text holds a NUL: a binary file, or UTF-16 text, is not a table to
        // read field by field (and its header is not a "missing column").
        if (c == 0)
          throw Error(ErrorCode::OpenFailed,
                      "not a CSV text file: a NUL byte on line " + std::to_string(next_line_) +
                          " (a binary file, or text in UTF-16? expected UTF-8 or ASCII text)",
                      {path_, "", "", ""});
        if (quoted) {
          if (c == '"') {
            if (in_.peek() == '"') {
              in_.get();
              field += '"';
            } else {
              quoted = false;
            }
          } else {
            if (c == '\n') ++next_line_;
            field += static_cast<char>(c);
          }
          continue;
        }
        if (c == '"' && detail::trim(field).empty()) {
          field.clear();
          quoted = was_quoted = true;
        } else if (c == ',') {
          fields.push_back(was_quoted ? field : detail::trim(field));
          field.clear();
          was_quoted = false;
        } else if (c == '\n') {
          ++next_line_;
          break;
        } else if (c != '\r') {
          field += static_cast<char>(c);
        }
      }
      fields.push_back(was_quoted ? field : detail::trim(field));
      if (fields.size() == 1 && fields[0].empty() && !was_quoted) continue;
      return true;
    }
  }

  ErrorContext where(const std::string& field = "") const {
    return {path_, "", "line " + std::to_string(line), field};
  }

  std::size_t line = 0;

 private:
  std::string path_;
  std::ifstream in_;
  std::size_t next_line_ = 1;
};

struct Header {
  std::vector<std::string> names;  // as written
  std::unordered_map<std::string, std::size_t> column;  // lower-case name -> position

  std::optional<std::size_t> find(const std::string& name) const {
    auto it = column.find(detail::lower(name));
    if (it == column.end()) return std::nullopt;
    return it->second;
  }
};

Header read_header(CsvReader& csv, const std::string& path, const std::vector<std::string>& required) {
  std::vector<std::string> fields;
  if (!csv.next(fields)) throw Error(ErrorCode::EmptyLayer, "the file is empty (a header row is expected)", {path, "", "", ""});
  Header h;
  h.names = fields;
  for (std::size_t c = 0; c < fields.size(); ++c) h.column.emplace(detail::lower(detail::trim(fields[c])), c);
  for (const std::string& name : required)
    if (!h.find(name))
      throw Error(ErrorCode::MissingField, "column '" + name + "' is missing (header: " + printable(detail::join(fields, ","), 120) + ")",
                  {path, "", "", name});
  return h;
}

// A short row reads as blanks in its missing columns.
const std::string& field_at(const std::vector<std::string>& row, std::size_t column) {
  static const std::string empty;
  return column < row.size() ? row[column] : empty;
}

std::string required_text(const std::vector<std::string>& row, std::size_t column, const CsvReader& csv,
                          const std::string& name) {
  const std::string& v = field_at(row, column);
  if (v.empty()) throw Error(ErrorCode::BadValue, "value is missing", csv.where(name));
  return v;
}

double number_at(const std::vector<std::string>& row, std::size_t column, const CsvReader& csv,
                 const std::string& name) {
  const std::string text = required_text(row, column, csv, name);
  const auto v = detail::parse_number(text);
  if (!v) throw Error(ErrorCode::BadValue, "'" + text + "' is not a number", csv.where(name));
  if (!std::isfinite(*v) || *v < 0.0)
    throw Error(ErrorCode::BadValue, "'" + text + "' is not a finite number >= 0", csv.where(name));
  return *v;
}

std::optional<double> optional_number(const std::vector<std::string>& row, std::optional<std::size_t> column,
                                      const CsvReader& csv, const std::string& name) {
  if (!column || field_at(row, *column).empty()) return std::nullopt;
  return number_at(row, *column, csv, name);
}

bool flag_at(const std::vector<std::string>& row, std::optional<std::size_t> column, const CsvReader& csv,
             const std::string& name) {
  if (!column) return false;
  const std::string v = detail::lower(field_at(row, *column));
  if (v.empty() || v == "0" || v == "false" || v == "no") return false;
  if (v == "1" || v == "true" || v == "yes") return true;
  throw Error(ErrorCode::BadValue, "'" + v + "' is not 0 or 1", csv.where(name));
}

struct IdTable {
  std::unordered_map<std::string, std::pair<Index, std::size_t>> index;  // id -> (index, line)
  bool open = false;  // ids not listed are added (no file given)
};

// A table with a header and no row is empty input, not a table that makes every
// id of another file unknown.
void require_rows(bool any, const std::string& path) {
  if (!any) throw Error(ErrorCode::EmptyLayer, "the file has a header and no rows; expected at least one", {path, "", "", ""});
}

}  // namespace

Problem read_matrix(const MatrixFiles& files) {
  std::vector<DemandPoint> demand;
  std::vector<Site> sites;
  IdTable demand_ids, site_ids;
  std::vector<std::string> row;

  if (files.demand.empty()) {
    demand_ids.open = true;
  } else {
    CsvReader csv(files.demand);
    const Header h = read_header(csv, files.demand, {"id", files.weight_field});
    const std::size_t id_col = *h.find("id"), w_col = *h.find(files.weight_field);
    while (csv.next(row)) {
      DemandPoint d{required_text(row, id_col, csv, "id"), number_at(row, w_col, csv, files.weight_field)};
      auto [it, added] = demand_ids.index.emplace(d.id, std::make_pair(static_cast<Index>(demand.size()), csv.line));
      if (!added)
        throw Error(ErrorCode::BadReference,
                    "duplicate demand id " + d.id + " (first on line " + std::to_string(it->second.second) + ")",
                    csv.where("id"));
      demand.push_back(std::move(d));
    }
    require_rows(!demand.empty(), files.demand);
  }

  if (files.sites.empty()) {
    site_ids.open = true;
  } else {
    CsvReader csv(files.sites);
    const Header h = read_header(csv, files.sites, {"id"});
    const std::size_t id_col = *h.find("id");
    const auto cap_col = h.find("capacity"), fixed_col = h.find("fixed"), cost_col = h.find("cost");
    while (csv.next(row)) {
      Site s;
      s.id = required_text(row, id_col, csv, "id");
      s.capacity = optional_number(row, cap_col, csv, "capacity");
      s.fixed = flag_at(row, fixed_col, csv, "fixed");
      s.cost = optional_number(row, cost_col, csv, "cost");
      auto [it, added] = site_ids.index.emplace(s.id, std::make_pair(static_cast<Index>(sites.size()), csv.line));
      if (!added)
        throw Error(ErrorCode::BadReference,
                    "duplicate site id " + s.id + " (first on line " + std::to_string(it->second.second) + ")",
                    csv.where("id"));
      sites.push_back(std::move(s));
    }
    require_rows(!sites.empty(), files.sites);
  }

  std::vector<Arc> arcs;
  {
    CsvReader csv(files.od);
    const Header h = read_header(csv, files.od, {"demand_id", "site_id", "cost"});
    const std::size_t d_col = *h.find("demand_id"), s_col = *h.find("site_id"), c_col = *h.find("cost");
    std::unordered_map<std::uint64_t, std::size_t> seen;  // (demand, site) -> line
    auto lookup = [&csv](IdTable& ids, const std::string& id, const std::string& field, const std::string& other_file,
                         auto add) -> Index {
      auto it = ids.index.find(id);
      if (it != ids.index.end()) return it->second.first;
      if (!ids.open)
        throw Error(ErrorCode::BadReference, "unknown id '" + id + "' (not in " + other_file + ")", csv.where(field));
      const Index i = add(id);
      ids.index.emplace(id, std::make_pair(i, csv.line));
      return i;
    };
    while (csv.next(row)) {
      const Index d = lookup(demand_ids, required_text(row, d_col, csv, "demand_id"), "demand_id", files.demand,
                             [&demand](const std::string& id) {
                               demand.push_back({id, 1.0});
                               return static_cast<Index>(demand.size() - 1);
                             });
      const Index s = lookup(site_ids, required_text(row, s_col, csv, "site_id"), "site_id", files.sites,
                             [&sites](const std::string& id) {
                               sites.push_back(Site{id, std::nullopt, false, std::nullopt});
                               return static_cast<Index>(sites.size() - 1);
                             });
      const double cost = number_at(row, c_col, csv, "cost");
      auto [it, added] = seen.emplace((static_cast<std::uint64_t>(d) << 32) | s, csv.line);
      if (!added)
        throw Error(ErrorCode::BadReference,
                    "pair " + demand[d].id + " -> " + sites[s].id + " appears twice (first on line " +
                        std::to_string(it->second) + ")",
                    csv.where("site_id"));
      arcs.push_back({d, s, cost});
    }
    require_rows(!arcs.empty(), files.od);
  }
  return Problem(std::move(demand), std::move(sites), std::move(arcs));
}

}  // namespace siting::location
