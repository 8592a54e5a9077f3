// SPDX-License-Identifier: Apache-2.0
#pragma once

// A table declared column by column: each column once, with its name, type,
// decimals and how to get its value from a row object; the table then follows
// from any list of rows.
//
//   Columns<std::size_t> cols;  // a row: an estate's index
//   cols.add("id", Text, [&](std::size_t e) { return estates[e].id; });
//   cols.add("households", Integer, [&](std::size_t e) { return estates[e].households; });
//   cols.add("share", Real(4), [&](std::size_t e) { return share[e]; });
//   io::Table t = cols.table("estates", indices(estates.size()));
//
// A getter returns the cell's value: a number (cast to the column's type), text,
// an io::Value, or a std::optional of either (nullopt: an empty cell).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "siting/io/table.hpp"

namespace siting::report {

struct ColumnKind {
  io::ColumnType type = io::ColumnType::String;
  int decimals = 2;  // Real: rounded to this many decimals on output; -1: as they are, shortest form
};
inline constexpr ColumnKind Text{io::ColumnType::String};
inline constexpr ColumnKind Integer{io::ColumnType::Integer};
inline constexpr ColumnKind Boolean{io::ColumnType::Boolean};
constexpr ColumnKind Real(int decimals = 2) { return {io::ColumnType::Real, decimals}; }

namespace detail {

template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};

template <typename T>
io::Value cell(io::ColumnType type, const T& v) {
  if constexpr (std::is_same_v<T, io::Value>) {
    return v;
  } else if constexpr (is_optional<T>::value) {
    return v ? cell(type, *v) : io::Value();
  } else if constexpr (std::is_arithmetic_v<T>) {
    switch (type) {
      case io::ColumnType::Integer: return static_cast<std::int64_t>(v);
      case io::ColumnType::Real: return static_cast<double>(v);
      case io::ColumnType::Boolean: return static_cast<bool>(v);
      case io::ColumnType::String: break;
    }
    throw std::logic_error("a number for a text column");
  } else {
    return std::string(v);
  }
}

}  // namespace detail

template <typename Row>
class Columns {
 public:
  template <typename Get>
  Columns& add(std::string name, ColumnKind kind, Get get) {
    columns_.push_back(io::Column{std::move(name), kind.type, kind.decimals});
    get_.emplace_back([type = kind.type, get = std::move(get)](const Row& row) { return detail::cell(type, get(row)); });
    return *this;
  }

  const std::vector<io::Column>& columns() const { return columns_; }

  // One row per element of `rows`, in order; no geometry.
  io::Table table(std::string name, const std::vector<Row>& rows) const {
    io::Table t;
    t.name = std::move(name);
    t.columns = columns_;
    t.rows.reserve(rows.size());
    for (const Row& r : rows) {
      std::vector<io::Value> cells;
      cells.reserve(get_.size());
      for (const auto& get : get_) cells.push_back(get(r));
      t.rows.push_back(std::move(cells));
    }
    return t;
  }

  // With a geometry per row: geometry_of(row), in the working CRS.
  template <typename GeometryOf>
  io::Table table(std::string name, const std::vector<Row>& rows, GeometryOf geometry_of) const {
    io::Table t = table(std::move(name), rows);
    t.geometries.reserve(rows.size());
    for (const Row& r : rows) t.geometries.emplace_back(geometry_of(r));
    return t;
  }

 private:
  std::vector<io::Column> columns_;
  std::vector<std::function<io::Value(const Row&)>> get_;
};

// 0, 1, ..., n - 1: the rows of a table with one row per element of a list.
inline std::vector<std::size_t> indices(std::size_t n) {
  std::vector<std::size_t> out(n);
  std::iota(out.begin(), out.end(), std::size_t{0});
  return out;
}

}  // namespace siting::report
