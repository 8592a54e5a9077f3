// SPDX-License-Identifier: Apache-2.0
#pragma once

// Output tables written into a PostgreSQL/PostGIS database (--out-db), all in
// one transaction: every table appears, or none does. The same tables as the
// files and siting.gpkg, with their geometry in the working CRS.
//
//   DatabaseOutput db({"PG:host=db dbname=plan", "siting_2026", false}, {"estates", "zones"});
//   db.write(estates, working);     // inside the transaction
//   db.commit();                    // without it, the destructor rolls back

#include <memory>
#include <string>
#include <vector>

#include "siting/crs/crs.hpp"
#include "siting/io/table.hpp"

namespace siting::io {

struct DatabaseTarget {
  // A GDAL PostgreSQL connection string, "PG:host=... dbname=... user=...".
  // Empty: no database output.
  std::string connection;
  // The schema the tables go in; empty: the connection's default (usually
  // public). Created when missing.
  std::string schema;
  // Replace a table of the same name; default false, and then an existing
  // table is refused with Error(E402) before any work.
  bool overwrite = false;

  bool empty() const { return connection.empty(); }
};

// The connection string with any password replaced by '***', for messages.
std::string redacted(const std::string& connection);

class DatabaseOutput {
 public:
  // Connects, creates the schema when missing, checks that none of `planned`
  // exists (unless target.overwrite) and starts the transaction. Throws
  // Error(E001) for a connection string without "PG:", Error(E401) when the
  // database cannot be opened or written, Error(E402) for an existing table.
  DatabaseOutput(DatabaseTarget target, const std::vector<std::string>& planned);
  ~DatabaseOutput();  // rolls back unless committed
  DatabaseOutput(const DatabaseOutput&) = delete;
  DatabaseOutput& operator=(const DatabaseOutput&) = delete;

  // Creates the table (replacing one with --overwrite) and writes its rows.
  // Throws Error(E401) or Error(E402); the transaction then rolls back.
  void write(const Table& table, const crs::Crs& working);
  // Throws Error(E401); nothing is then written.
  void commit();

  // "schema.table" or "table", as written.
  std::string qualified(const std::string& table) const;
  const std::vector<std::string>& written() const { return written_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  DatabaseTarget target_;
  std::vector<std::string> written_;
};

// The table names of a run's planned outputs: "estates" for estates.csv and
// estates.geojson; the files that are no tables (summary.json, map.png,
// siting.gpkg) are left out.
std::vector<std::string> table_names(const std::vector<std::string>& output_files);

}  // namespace siting::io
