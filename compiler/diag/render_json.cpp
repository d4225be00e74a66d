// SPDX-License-Identifier: MIT
// JSON output, schema "havip-lint/diagnostics" version 1; the machine-readable
// contract is schemas/diagnostics.schema.json. Compatible additions (a new
// optional member) keep version 1; any removal or change of meaning bumps it.
//
// Positions: line and column are 1-based, columns count bytes of the line (as
// in the gnu format); endLine/endColumn is the position just after the span
// (exclusive), as in SARIF; byteOffset is 0-based in the file, byteLength the
// span's size. A location is null when the finding has no place in a file.
#include "diag/render.hpp"
#include "diag/render_util.hpp"

namespace havip::diag {
namespace {

using detail::Json;

Json location_json(const source::SourceMap& sm, source::Span s) {
    auto r = detail::resolve(sm, s);
    if (!r.ok) return nullptr;
    auto o = Json::object();
    o.set("file", sm.file(r.file).path);
    o.set("line", r.b.line);
    o.set("column", r.b.col);
    o.set("endLine", r.e.line);
    o.set("endColumn", r.e.col);
    o.set("byteOffset", r.begin);
    o.set("byteLength", r.end - r.begin);
    return o;
}

Json included_from_json(const source::SourceMap& sm, source::Span s) {
    auto a = Json::array();
    auto r = detail::resolve(sm, s);
    if (!r.ok) return a;
    for (const auto& inc : detail::include_chain(sm, r.file)) a.push(location_json(sm, inc));
    return a;
}

}  // namespace

void render_json(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds,
                 std::span<const RuleInfo> rules, const RenderOptions& opt) {
    auto root = Json::object();
    root.set("schema", "havip-lint/diagnostics");
    root.set("version", 1);
    auto tool = Json::object();
    tool.set("name", "havip-lint");
    tool.set("version", opt.tool_version);
    root.set("tool", std::move(tool));

    auto list = Json::array();
    for (const auto& d : ds) {
        if (d.severity == Severity::Off) continue;
        auto o = Json::object();
        o.set("code", d.code);
        const auto* rule = detail::find_rule(rules, d.code);
        o.set("slug", rule ? Json(rule->slug) : Json(nullptr));
        o.set("severity", to_string(d.severity));
        o.set("message", d.message);
        o.set("location", location_json(sm, d.primary_span()));
        auto labels = Json::array();
        for (const auto& l : d.labels) {
            auto lj = Json::object();
            lj.set("primary", l.primary);
            lj.set("message", l.message);
            lj.set("location", location_json(sm, l.span));
            lj.set("includedFrom", included_from_json(sm, l.span));
            labels.push(std::move(lj));
        }
        o.set("labels", std::move(labels));
        auto notes = Json::array();
        for (const auto& n : d.notes) notes.push(n);
        o.set("notes", std::move(notes));
        o.set("help", d.help.empty() ? Json(nullptr) : Json(d.help));
        if (d.fix) {
            auto fx = Json::object();
            fx.set("message", d.fix->message);
            fx.set("applicability", to_string(d.fix->applicability));
            auto edits = Json::array();
            for (const auto& e : d.fix->edits) {
                auto ej = Json::object();
                ej.set("location", location_json(sm, e.span));
                ej.set("replacement", e.replacement);
                edits.push(std::move(ej));
            }
            fx.set("edits", std::move(edits));
            o.set("fix", std::move(fx));
        } else {
            o.set("fix", nullptr);
        }
        o.set("includedFrom", included_from_json(sm, d.primary_span()));
        list.push(std::move(o));
    }
    root.set("diagnostics", std::move(list));

    auto c = detail::count(ds);
    auto summary = Json::object();
    summary.set("errors", c.errors);
    summary.set("warnings", c.warnings);
    summary.set("infos", c.infos);
    root.set("summary", std::move(summary));

    std::string out;
    root.write(out);
    out += "\n";
    os << out;
}

}  // namespace havip::diag
