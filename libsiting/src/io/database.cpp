// SPDX-License-Identifier: Apache-2.0
#include "siting/io/database.hpp"

#include <regex>
#include <set>

#include "detail/gdal.hpp"
#include "detail/text.hpp"
#include "io/gdal_writer.hpp"
#include "siting/error.hpp"
#include "siting/log.hpp"

namespace siting::io {

namespace {

// An SQL string literal.
std::string literal(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// An SQL identifier, quoted.
std::string identifier(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The first column of the first row of an SQL query's answer; empty when none.
std::string query_one(GDALDataset& ds, const std::string& sql) {
  OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  std::string value;
  if (result) {
    siting::detail::FeaturePtr f(result->GetNextFeature());
    if (f && f->GetFieldCount() > 0 && f->IsFieldSetAndNotNull(0)) value = f->GetFieldAsString(0);
    ds.ReleaseResultSet(result);
  }
  return value;
}

// The first failure GDAL reports while it lives. PostgreSQL aborts a
// transaction at its first error and answers every later statement with
// "current transaction is aborted": the last message (gdal_last_error) then
// hides the cause, e.g. '"zones" is not a table' from a DROP.
class FirstFailure {
 public:
  FirstFailure() { CPLPushErrorHandlerEx(&FirstFailure::handler, this); }
  ~FirstFailure() { CPLPopErrorHandler(); }
  FirstFailure(const FirstFailure&) = delete;
  FirstFailure& operator=(const FirstFailure&) = delete;
  const std::string& message() const { return first_; }

 private:
  static void CPL_STDCALL handler(CPLErr level, CPLErrorNum, const char* msg) {
    auto* self = static_cast<FirstFailure*>(CPLGetErrorHandlerUserData());
    if (level == CE_Warning)
      log::warn("GDAL: ", msg);
    else
      log::debug("GDAL: ", msg);
    if (self && level >= CE_Failure && self->first_.empty() && msg) self->first_ = msg;
  }
  std::string first_;
};

}  // namespace

std::string redacted(const std::string& connection) {
  static const std::regex password(R"((password\s*=\s*)('([^'\\]|\\.)*'|\S+))", std::regex::icase);
  return std::regex_replace(connection, password, "$1***");
}

std::vector<std::string> table_names(const std::vector<std::string>& output_files) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const std::string& f : output_files)
    for (const char* ext : {".csv", ".geojson"}) {
      const std::string e = ext;
      if (f.size() > e.size() && f.compare(f.size() - e.size(), e.size(), e) == 0 && f.find('/') == std::string::npos) {
        const std::string name = f.substr(0, f.size() - e.size());
        if (seen.insert(name).second) out.push_back(name);
      }
    }
  return out;
}

struct DatabaseOutput::Impl {
  siting::detail::DatasetPtr ds;
  bool in_transaction = false;
};

DatabaseOutput::DatabaseOutput(DatabaseTarget target, const std::vector<std::string>& planned)
    : impl_(std::make_unique<Impl>()), target_(std::move(target)) {
  const std::string shown = redacted(target_.connection);
  if (target_.connection.rfind("PG:", 0) != 0)
    throw Error(ErrorCode::Usage, "--out-db takes a PostgreSQL connection string, \"PG:host=... dbname=...\" (got '" +
                                      printable(shown, 80) + "')");
  siting::detail::gdal_init();
  const char* drivers[] = {"PostgreSQL", nullptr};
  impl_->ds.reset(
      GDALDataset::Open(target_.connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
  if (!impl_->ds)
    throw Error(ErrorCode::OutputFailed, "cannot open the output database: " + siting::detail::gdal_last_error(),
                ErrorContext{shown, "", "", ""});
  GDALDataset& ds = *impl_->ds;
  const std::string schema_sql = target_.schema.empty() ? "current_schema()" : literal(target_.schema);
  if (query_one(ds, "SELECT extname FROM pg_extension WHERE extname = 'postgis'").empty())
    throw Error(ErrorCode::OutputFailed, "the output database has no PostGIS (CREATE EXTENSION postgis)",
                ErrorContext{shown, "", "", ""});
  // Checked before the run's work, so a clash costs nothing; a table made in
  // between still fails the write, and the transaction then rolls back.
  std::vector<std::string> existing;
  for (const std::string& t : planned)
    if (!query_one(ds,
                   "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname = " +
                       schema_sql + " AND c.relname = " + literal(t))
             .empty())
      existing.push_back(qualified(t));
  if (!existing.empty() && !target_.overwrite)
    throw Error(ErrorCode::OutputConflict,
                "the output database already has " + siting::detail::join(existing, ", ") +
                    "; --overwrite replaces them, or choose another --out-schema",
                ErrorContext{shown, "", "", ""});
  if (ds.StartTransaction(FALSE) != OGRERR_NONE)
    throw Error(ErrorCode::OutputFailed, "cannot start a transaction: " + siting::detail::gdal_last_error(),
                ErrorContext{shown, "", "", ""});
  impl_->in_transaction = true;
  if (!target_.schema.empty()) {
    CPLErrorReset();
    OGRLayer* r =
        ds.ExecuteSQL(("CREATE SCHEMA IF NOT EXISTS " + identifier(target_.schema)).c_str(), nullptr, nullptr);
    if (r) ds.ReleaseResultSet(r);
    if (CPLGetLastErrorType() == CE_Failure)
      throw Error(ErrorCode::OutputFailed,
                  "cannot create schema " + target_.schema + ": " + siting::detail::gdal_last_error(),
                  ErrorContext{shown, "", "", ""});
  }
}

DatabaseOutput::~DatabaseOutput() {
  if (impl_ && impl_->ds && impl_->in_transaction) impl_->ds->RollbackTransaction();
}

std::string DatabaseOutput::qualified(const std::string& table) const {
  return target_.schema.empty() ? table : target_.schema + "." + table;
}

void DatabaseOutput::write(const Table& table, const crs::Crs& working) {
  gdal_writer::check_shape(table);
  if (!impl_->in_transaction) throw Error(ErrorCode::Internal, "DatabaseOutput::write after commit");
  const std::string schema = "SCHEMA=" + target_.schema;
  std::vector<const char*> opts = {"GEOMETRY_NAME=geom", "FID=fid", "LAUNDER=NO"};
  if (!target_.schema.empty()) opts.push_back(schema.c_str());
  if (target_.overwrite) opts.push_back("OVERWRITE=YES");
  opts.push_back(nullptr);
  OGRSpatialReference srs = siting::detail::to_ogr(working);
  const std::string where = redacted(target_.connection);
  FirstFailure first;
  try {
    gdal_writer::write_layer(*impl_->ds, table, table.geometries.empty() ? nullptr : &srs,
                             const_cast<char**>(opts.data()), nullptr, where, /*own_transaction=*/false);
  } catch (const Error& e) {
    if (first.message().empty() || std::string(e.what()).find(first.message()) != std::string::npos) throw;
    throw Error(ErrorCode::OutputFailed, "cannot write table " + qualified(table.name) + ": " + first.message(),
                ErrorContext{where, "", "", ""});
  }
  written_.push_back(qualified(table.name));
}

void DatabaseOutput::commit() {
  if (!impl_->in_transaction) return;
  impl_->in_transaction = false;
  if (impl_->ds->CommitTransaction() != OGRERR_NONE) {
    impl_->ds->RollbackTransaction();
    throw Error(ErrorCode::OutputFailed, "cannot commit the output tables: " + siting::detail::gdal_last_error(),
                ErrorContext{redacted(target_.connection), "", "", ""});
  }
  log::info("database: ", written_.size(), " tables written (", siting::detail::join(written_, ", "), ")");
}

}  // namespace siting::io
