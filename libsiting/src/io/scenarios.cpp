// SPDX-License-Identifier: Apache-2.0
#include "siting/io/scenarios.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "siting/error.hpp"

namespace siting::io {

namespace {

using nlohmann::json;

// Reads one scenario's keys, each checked for its type; errors name the
// scenario and the key.
class Reader {
 public:
  Reader(const std::string& path, std::string scenario) : path_(path), scenario_(std::move(scenario)) {}

  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw Error(ErrorCode::BadValue, what, {path_, "", scenario_, key});
  }

  void only(const json& object, const std::set<std::string>& keys, const std::string& prefix) const {
    if (!object.is_object()) fail(prefix, "expected an object {...}, got " + std::string(object.type_name()));
    for (const auto& item : object.items())
      if (!keys.count(item.key())) {
        std::string known;
        for (const std::string& k : keys) known += (known.empty() ? "" : ", ") + k;
        fail(prefix + item.key(), "unknown key \"" + prefix + item.key() + "\"; expected one of " + known);
      }
  }

  std::string text(const json& v, const std::string& key) const {
    if (!v.is_string()) fail(key, "expected a string, got " + std::string(v.type_name()));
    return v.get<std::string>();
  }

  double number(const json& v, const std::string& key, double low, double high, bool low_open) const {
    if (!v.is_number()) fail(key, "expected a number, got " + std::string(v.type_name()));
    const double x = v.get<double>();
    if (!(low_open ? x > low : x >= low) || !(x <= high)) {
      std::ostringstream s;
      s << "expected a number in " << (low_open ? "(" : "[") << low << ", " << high << "], got " << x;
      fail(key, s.str());
    }
    return x;
  }

  bool flag(const json& v, const std::string& key) const {
    if (!v.is_boolean()) fail(key, "expected true or false, got " + std::string(v.type_name()));
    return v.get<bool>();
  }

  std::vector<std::string> texts(const json& v, const std::string& key) const {
    if (!v.is_array()) fail(key, "expected a list of strings [\"...\"], got " + std::string(v.type_name()));
    std::vector<std::string> out;
    for (const json& e : v) out.push_back(text(e, key));
    return out;
  }

  // "file" or {"path": "file", "layer": "name"}; relative to the sweep file's folder.
  LayerSource layer(const json& v, const std::string& key, Role role) const {
    LayerSource s;
    s.role = role;
    if (v.is_string()) {
      s.path = v.get<std::string>();
    } else {
      only(v, {"path", "layer"}, key + ".");
      if (!v.contains("path")) fail(key + ".path", "a layer needs \"path\"");
      s.path = text(v.at("path"), key + ".path");
      if (v.contains("layer")) s.layer = text(v.at("layer"), key + ".layer");
    }
    if (s.path.empty()) fail(key, "an empty path");
    const std::filesystem::path p(s.path);
    if (p.is_relative()) s.path = (std::filesystem::path(path_).parent_path() / p).lexically_normal().string();
    return s;
  }

 private:
  std::string path_;
  std::string scenario_;
};

ScenarioSite read_site(const Reader& r, const json& v) {
  r.only(v, {"model", "k", "target", "candidates", "candidate_spacing", "weight", "no_capacity", "exact", "time_limit"},
         "site.");
  ScenarioSite s;
  if (!v.contains("model")) r.fail("site.model", "a scenario's \"site\" needs \"model\": mclp, psclp or pmedian");
  s.model = r.text(v.at("model"), "site.model");
  if (s.model != "mclp" && s.model != "psclp" && s.model != "pmedian")
    r.fail("site.model", "expected mclp, psclp or pmedian, got \"" + s.model + "\"");
  if (v.contains("k")) s.k = static_cast<std::size_t>(r.number(v.at("k"), "site.k", 1.0, 1e9, false));
  if (s.k && static_cast<double>(*s.k) != v.at("k").get<double>()) r.fail("site.k", "expected a whole number");
  if (v.contains("target")) s.target = r.number(v.at("target"), "site.target", 0.0, 1.0, true);
  if (s.model == "psclp" ? s.k.has_value() : !s.k.has_value())
    r.fail("site.k", s.model == "psclp" ? "psclp finds the number of sites; give \"target\", not \"k\""
                                        : s.model + " needs \"k\", the number of new sites");
  if (s.model != "psclp" && s.target) r.fail("site.target", "\"target\" is for psclp; " + s.model + " takes \"k\"");
  if (v.contains("candidates")) s.candidates = r.layer(v.at("candidates"), "site.candidates", Role::Candidates);
  if (v.contains("candidate_spacing"))
    s.candidate_spacing_m = r.number(v.at("candidate_spacing"), "site.candidate_spacing", 10.0, 5000.0, false);
  if (s.candidates.has_value() == s.candidate_spacing_m.has_value())
    r.fail("site", "a scenario's \"site\" needs one of \"candidates\" (a layer) and \"candidate_spacing\" (metres)");
  if (v.contains("weight")) s.weight = r.text(v.at("weight"), "site.weight");
  if (s.weight != "households" && s.weight != "residents" && s.weight != "elderly")
    r.fail("site.weight", "expected households, residents or elderly, got \"" + s.weight + "\"");
  if (v.contains("no_capacity")) s.no_capacity = r.flag(v.at("no_capacity"), "site.no_capacity");
  if (v.contains("exact")) s.exact = r.flag(v.at("exact"), "site.exact");
  if (v.contains("time_limit")) s.time_limit_s = r.number(v.at("time_limit"), "site.time_limit", 0.0, 86400.0, true);
  return s;
}

Scenario read_scenario(const std::string& path, const json& v, std::size_t index) {
  std::string which = "scenario " + std::to_string(index + 1);
  // Named from the start when it has a name, so that every error names it.
  if (v.is_object() && v.contains("name") && v.at("name").is_string())
    which += " (\"" + printable(v.at("name").get<std::string>(), 80) + "\")";
  const Reader r(path, which);
  r.only(v, {"name", "rules", "set", "minutes", "speed", "close", "open", "site"}, "");
  if (!v.contains("name")) r.fail("name", "every scenario needs a \"name\"");
  Scenario s;
  s.name = r.text(v.at("name"), "name");
  if (s.name.empty()) r.fail("name", "an empty name");
  if (v.contains("rules")) s.rules = r.text(v.at("rules"), "rules");
  if (v.contains("set")) s.set = r.texts(v.at("set"), "set");
  if (v.contains("minutes")) {
    const json& m = v.at("minutes");
    if (!m.is_array() || m.empty()) r.fail("minutes", "expected a list of minutes, e.g. [5, 10, 15]");
    std::vector<double> tiers;
    for (const json& x : m) tiers.push_back(r.number(x, "minutes", 0.0, 600.0, true));
    s.minutes = tiers;
  }
  if (v.contains("speed")) s.speed_m_per_s = r.number(v.at("speed"), "speed", 0.0, 10.0, true);
  if (v.contains("close")) s.close = r.texts(v.at("close"), "close");
  if (v.contains("open")) s.open = r.layer(v.at("open"), "open", Role::Candidates);
  if (v.contains("site")) s.site = read_site(r, v.at("site"));
  return s;
}

}  // namespace

Sweep read_sweep(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(ErrorCode::OpenFailed, "cannot read the sweep file", in_file(path));
  std::ostringstream buf;
  buf << f.rdbuf();
  Sweep sweep;
  sweep.path = path;
  sweep.text = buf.str();
  const json doc = json::parse(sweep.text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    throw Error(ErrorCode::BadValue, "not a JSON file; expected {\"scenarios\": [{\"name\": ...}, ...]}", in_file(path));
  const Reader r(path, "");
  r.only(doc, {"scenarios"}, "");
  if (!doc.contains("scenarios") || !doc.at("scenarios").is_array() || doc.at("scenarios").empty())
    r.fail("scenarios", "expected \"scenarios\": a list of at least one scenario");
  std::set<std::string> names;
  const json& list = doc.at("scenarios");
  for (std::size_t i = 0; i < list.size(); ++i) {
    sweep.scenarios.push_back(read_scenario(path, list[i], i));
    if (!names.insert(sweep.scenarios.back().name).second)
      throw Error(ErrorCode::BadValue, "the name \"" + sweep.scenarios.back().name + "\" is used twice; names must differ",
                  {path, "", "scenario " + std::to_string(i + 1), "name"});
  }
  return sweep;
}

}  // namespace siting::io
