// SPDX-License-Identifier: MIT
// SARIF 2.1.0 (OASIS). One run; the driver lists every rule of the catalogue,
// fired or not, so dashboards know what was checked. Choices worth knowing:
// - run.columnKind is "utf16CodeUnits" (what GitHub code scanning and most
//   viewers assume); columns are converted from the source map's byte columns.
//   region.byteOffset/byteLength carry the exact bytes as well.
// - Relative paths become percent-encoded relative URIs against %SRCROOT%
//   (the directory the tool ran in); absolute paths become file:// URIs.
// - Secondary labels become relatedLocations with their messages; the include
//   chain of the primary location is added there too ("included from here").
// - Notes and help, which SARIF has no slot for on a result, go in the
//   result's property bag ("notes", "help").
// - A finding's fix becomes result.fixes[0]: one artifactChange per file it
//   edits, each edit a replacement whose deletedRegion has line/column and
//   byteOffset/byteLength (an insertion: an empty region) and whose
//   insertedContent.text is the new text. Its applicability (rustc's
//   MachineApplicable / MaybeIncorrect) is in the fix's property bag.
#include <algorithm>
#include <map>

#include "diag/render.hpp"
#include "diag/render_util.hpp"

namespace havip::diag {
namespace {

using detail::Json;

const char* level(Severity s) {
    switch (s) {
        case Severity::Error:
            return "error";
        case Severity::Warning:
            return "warning";
        case Severity::Info:
            return "note";
        case Severity::Off:
            break;
    }
    return "none";
}

/// RFC 3986 percent-encoding of a path: unreserved characters and '/' stay.
std::string percent_encode(std::string_view path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char ch : path) {
        auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~' || c == '/') {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        }
    }
    return out;
}

Json text(std::string_view t) {
    auto o = Json::object();
    o.set("text", t);
    return o;
}

class SarifWriter {
  public:
    explicit SarifWriter(const source::SourceMap& sm) : sm_(sm) {}

    /// A physicalLocation for a span, or null when it has no place in a file.
    Json physical(source::Span s, bool snippet) {
        auto r = detail::resolve(sm_, s);
        if (!r.ok) return nullptr;
        auto art = artifact(r.file);
        auto reg = region(r);
        if (snippet && r.end > r.begin) reg.set("snippet", text(clip_text(sm_.text({r.file, r.begin, r.end}), 512)));
        auto p = Json::object();
        p.set("artifactLocation", std::move(art));
        p.set("region", std::move(reg));
        return p;
    }

    /// The region of an edit (no snippet), or null when it has no place in a file.
    Json region(source::Span s) {
        auto r = detail::resolve(sm_, s);
        return r.ok ? region(r) : Json(nullptr);
    }
    Json region(const detail::Resolved& r) {
        auto region = Json::object();
        region.set("startLine", r.b.line);
        region.set("startColumn", detail::utf16_column(sm_.line_text(r.file, r.b.line), r.b.col));
        region.set("endLine", r.e.line);
        region.set("endColumn", detail::utf16_column(sm_.line_text(r.file, r.e.line), r.e.col));
        region.set("byteOffset", r.begin);
        region.set("byteLength", r.end - r.begin);
        return region;
    }
    Json artifact_location(source::FileId f) { return artifact(f); }

    Json artifacts() {
        auto a = Json::array();
        for (auto f : order_) {
            auto o = Json::object();
            o.set("location", artifact(f));
            o.set("length", static_cast<std::uint64_t>(sm_.file(f).text.size()));
            a.push(std::move(o));
        }
        return a;
    }

  private:
    Json artifact(source::FileId f) {
        auto [it, added] = index_.try_emplace(f, static_cast<std::uint32_t>(order_.size()));
        if (added) order_.push_back(f);
        std::string_view path = sm_.file(f).path;
        auto o = Json::object();
        if (!path.empty() && path.front() == '/') {
            o.set("uri", "file://" + percent_encode(path));
        } else {
            while (path.size() > 2 && path.substr(0, 2) == "./") path.remove_prefix(2);
            o.set("uri", percent_encode(path));
            o.set("uriBaseId", "%SRCROOT%");
        }
        o.set("index", it->second);
        return o;
    }

    const source::SourceMap& sm_;
    std::map<source::FileId, std::uint32_t> index_;
    std::vector<source::FileId> order_;
};

Json rule_json(const RuleInfo& r) {
    auto o = Json::object();
    o.set("id", r.code);
    if (!r.slug.empty()) o.set("name", r.slug);
    const std::string& summary = r.summary.empty() ? r.code : r.summary;
    o.set("shortDescription", text(summary));
    o.set("fullDescription", text(summary));
    o.set("help", text(r.help.empty() ? summary : r.help));
    auto cfg = Json::object();
    cfg.set("level", level(r.default_severity));
    o.set("defaultConfiguration", std::move(cfg));
    return o;
}

/// The catalogue first, then any code a finding uses that it lacks, so every
/// result's ruleIndex points at a rule with its id; `index` maps code to place.
std::vector<RuleInfo> rule_catalogue(std::span<const Diagnostic> ds, std::span<const RuleInfo> rules,
                                     std::map<std::string, std::uint32_t, std::less<>>& index) {
    std::vector<RuleInfo> catalogue(rules.begin(), rules.end());
    for (std::size_t k = 0; k < catalogue.size(); ++k)
        index.try_emplace(catalogue[k].code, static_cast<std::uint32_t>(k));
    for (const auto& d : ds) {
        if (d.severity == Severity::Off || index.count(d.code)) continue;
        index.emplace(d.code, static_cast<std::uint32_t>(catalogue.size()));
        catalogue.push_back(RuleInfo{d.code, {}, {}, {}, d.severity});
    }
    return catalogue;
}

/// `locations` (the primary label) and `relatedLocations` (the other labels,
/// then the include chain of the primary file) of one result.
void set_locations(Json& res, SarifWriter& w, const source::SourceMap& sm, const Diagnostic& d) {
    auto locations = Json::array();
    auto related = Json::array();
    int next_id = 1;
    const auto primary = d.primary_span();
    bool primary_done = false;
    for (const auto& l : d.labels) {
        auto p = w.physical(l.span, true);
        if (p.kind() == Json::Kind::Null) continue;
        auto loc = Json::object();
        if (l.primary && !primary_done && l.span == primary) {
            primary_done = true;
            loc.set("physicalLocation", std::move(p));
            if (!l.message.empty()) loc.set("message", text(l.message));
            locations.push(std::move(loc));
        } else {
            loc.set("id", next_id++);
            loc.set("physicalLocation", std::move(p));
            if (!l.message.empty()) loc.set("message", text(l.message));
            related.push(std::move(loc));
        }
    }
    if (primary_done) {
        for (const auto& inc : detail::include_chain(sm, primary.file)) {
            auto loc = Json::object();
            loc.set("id", next_id++);
            loc.set("physicalLocation", w.physical(inc, false));
            loc.set("message", text("included from here"));
            related.push(std::move(loc));
        }
    }
    res.set("locations", std::move(locations));
    if (!related.empty()) res.set("relatedLocations", std::move(related));
}

/// The replacements of `fix` in file `f`; false when an edit has no region.
bool replacements(SarifWriter& w, const Fix& fix, source::FileId f, Json& reps) {
    for (const auto& e : fix.edits) {
        if (e.span.file != f) continue;
        auto reg = w.region(e.span);
        if (reg.kind() == Json::Kind::Null) return false;
        auto rep = Json::object();
        rep.set("deletedRegion", std::move(reg));
        auto ins = Json::object();
        ins.set("text", e.replacement);
        rep.set("insertedContent", std::move(ins));
        reps.push(std::move(rep));
    }
    return true;
}

/// `fixes` of one result: the edits grouped by file, in the order the files
/// first appear; none when an edit cannot be placed.
void set_fixes(Json& res, SarifWriter& w, const Fix& fix) {
    std::vector<source::FileId> files;
    for (const auto& e : fix.edits)
        if (std::find(files.begin(), files.end(), e.span.file) == files.end()) files.push_back(e.span.file);
    auto changes = Json::array();
    for (auto f : files) {
        auto reps = Json::array();
        if (!replacements(w, fix, f, reps)) return;
        auto ch = Json::object();
        ch.set("artifactLocation", w.artifact_location(f));
        ch.set("replacements", std::move(reps));
        changes.push(std::move(ch));
    }
    if (changes.empty()) return;
    auto fx = Json::object();
    fx.set("description", text(fix.message));
    fx.set("artifactChanges", std::move(changes));
    auto props = Json::object();
    props.set("applicability", to_string(fix.applicability));
    fx.set("properties", std::move(props));
    auto fixes = Json::array();
    fixes.push(std::move(fx));
    res.set("fixes", std::move(fixes));
}

/// `properties` of one result: labels without a place, the notes, the help.
void set_properties(Json& res, const source::SourceMap& sm, const Diagnostic& d) {
    std::vector<std::string> notes;
    for (const auto& l : d.labels)
        if (!detail::resolve(sm, l.span).ok && !l.message.empty()) notes.push_back(l.message);
    notes.insert(notes.end(), d.notes.begin(), d.notes.end());
    if (notes.empty() && d.help.empty()) return;
    auto props = Json::object();
    if (!notes.empty()) {
        auto n = Json::array();
        for (const auto& s : notes) n.push(s);
        props.set("notes", std::move(n));
    }
    if (!d.help.empty()) props.set("help", d.help);
    res.set("properties", std::move(props));
}

Json result_json(SarifWriter& w, const source::SourceMap& sm, const Diagnostic& d, std::uint32_t rule_index) {
    auto res = Json::object();
    res.set("ruleId", d.code);
    res.set("ruleIndex", rule_index);
    res.set("level", level(d.severity));
    res.set("message", text(d.message));
    set_locations(res, w, sm, d);
    if (d.fix) set_fixes(res, w, *d.fix);
    set_properties(res, sm, d);
    return res;
}

Json tool_json(const std::vector<RuleInfo>& catalogue, const RenderOptions& opt) {
    auto rules_json = Json::array();
    for (const auto& r : catalogue) rules_json.push(rule_json(r));
    auto driver = Json::object();
    driver.set("name", "havip-lint");
    if (!opt.tool_version.empty()) driver.set("version", opt.tool_version);
    driver.set("rules", std::move(rules_json));
    auto tool = Json::object();
    tool.set("driver", std::move(driver));
    return tool;
}

/// The one run: tool, base ids, artifacts, results.
Json run_json(Json tool, SarifWriter& w, Json results) {
    auto srcroot = Json::object();
    srcroot.set("description", text("the directory havip-lint ran in; relative paths resolve against it"));
    auto bases = Json::object();
    bases.set("%SRCROOT%", std::move(srcroot));
    auto run = Json::object();
    run.set("tool", std::move(tool));
    run.set("originalUriBaseIds", std::move(bases));
    auto arts = w.artifacts();
    if (!arts.empty()) run.set("artifacts", std::move(arts));
    run.set("results", std::move(results));
    run.set("columnKind", "utf16CodeUnits");
    return run;
}

}  // namespace

void render_sarif(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds,
                  std::span<const RuleInfo> rules, const RenderOptions& opt) {
    std::map<std::string, std::uint32_t, std::less<>> rule_index;
    const auto catalogue = rule_catalogue(ds, rules, rule_index);
    SarifWriter w(sm);
    auto results = Json::array();
    for (const auto& d : ds)
        if (d.severity != Severity::Off) results.push(result_json(w, sm, d, rule_index.at(d.code)));
    auto runs = Json::array();
    runs.push(run_json(tool_json(catalogue, opt), w, std::move(results)));
    auto root = Json::object();
    root.set("$schema",
             "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
             "sarif-schema-2.1.0.json");
    root.set("version", "2.1.0");
    root.set("runs", std::move(runs));

    std::string out;
    root.write(out);
    out += "\n";
    os << out;
}

}  // namespace havip::diag
