// SPDX-License-Identifier: MIT
// GitLab Code Quality report (`artifacts:reports:codequality`), the subset of
// the Code Climate issue format GitLab reads: a JSON array with one issue per
// finding. The contract is schemas/gitlab-codequality.schema.json.
//
//   type "issue"; check_name the code; description the message; categories
//   ["Bug Risk"]; severity error→major, warning→minor, info→info; location
//   {path, lines {begin, end}} of the primary span (1-based lines, as given on
//   the command line: run from the repository root with relative paths);
//   content.body the notes and the help, when there are any.
//   fingerprint: 32 hex digits from the code, path, message and the text under
//   the primary span, plus an occurrence count for identical findings; no line
//   number enters it, so a finding keeps its fingerprint when lines move above
//   it and GitLab does not report it as fixed and new again.
// A finding with no place in a file gets path "." and line 1.
#include <cstdint>
#include <map>
#include <string>

#include "diag/render.hpp"
#include "diag/render_util.hpp"

namespace havip::diag {
namespace {

using detail::Json;

const char* gitlab_severity(Severity s) {
    switch (s) {
        case Severity::Error:
            return "major";
        case Severity::Warning:
            return "minor";
        case Severity::Info:
        case Severity::Off:
            break;
    }
    return "info";
}

/// FNV-1a, 64 bits, over the parts with a separator byte between them.
std::uint64_t fnv1a(std::uint64_t h, std::string_view s) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    h ^= 0xff;
    return h * 0x100000001b3ULL;
}

std::string hex64(std::uint64_t v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = kDigits[v & 0xf];
    return out;
}

}  // namespace

void render_gitlab(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds) {
    auto list = Json::array();
    std::map<std::string, int> seen;  // key of a finding -> how many came before
    for (const auto& d : ds) {
        if (d.severity == Severity::Off) continue;
        std::string path = ".";
        std::uint32_t begin = 1, end = 1;
        std::string_view under;
        if (auto r = detail::resolve(sm, d.primary_span()); r.ok) {
            path = detail::sanitize(sm.file(r.file).path, false);
            begin = r.b.line;
            end = r.end > r.begin ? sm.line_col(r.file, r.end - 1).line : r.b.line;
            under = std::string_view(sm.file(r.file).text).substr(r.begin, r.end - r.begin);
        }
        std::string key = d.code + '\0' + path + '\0' + d.message + '\0' + std::string(under);
        int nth = seen[key]++;
        std::string nth_text = std::to_string(nth);
        std::uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL;
        for (std::string_view part : {std::string_view(key), std::string_view(nth_text)}) {
            h1 = fnv1a(h1, part);
            h2 = fnv1a(h2, part);
        }

        auto o = Json::object();
        o.set("type", "issue");
        o.set("check_name", d.code);
        o.set("description", detail::sanitize(d.message, false));
        auto cats = Json::array();
        cats.push("Bug Risk");
        o.set("categories", std::move(cats));
        o.set("severity", gitlab_severity(d.severity));
        o.set("fingerprint", hex64(h1) + hex64(h2));
        auto loc = Json::object();
        loc.set("path", path);
        auto lines = Json::object();
        lines.set("begin", begin);
        lines.set("end", end);
        loc.set("lines", std::move(lines));
        o.set("location", std::move(loc));
        std::string body;
        for (const auto& n : d.notes) body += "note: " + n + "\n";
        if (!d.help.empty()) body += "help: " + d.help + "\n";
        if (!body.empty()) {
            auto content = Json::object();
            content.set("body", detail::sanitize(body, true));
            o.set("content", std::move(content));
        }
        list.push(std::move(o));
    }
    std::string out;
    list.write(out);
    out += "\n";
    os << out;
}

}  // namespace havip::diag
