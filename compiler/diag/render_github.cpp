// SPDX-License-Identifier: MIT
// GitHub Actions workflow commands, one per finding:
//   ::error file=a.conf,line=3,col=5,endLine=3,endColumn=9,title=HV101 duplicate-vrid::message
// Lines and columns are 1-based; columns count bytes, as in the gnu format.
// endLine/endColumn are inclusive (the last character of the span); endColumn
// is given only when the span stays on one line, as GitHub reads it only then.
#include <fmt/format.h>

#include "diag/render.hpp"
#include "diag/render_util.hpp"

namespace havip::diag {
namespace {

/// GitHub's escaping for the data part of a workflow command.
std::string escape_data(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '%':
                out += "%25";
                break;
            case '\r':
                out += "%0D";
                break;
            case '\n':
                out += "%0A";
                break;
            default:
                out += c;
        }
    }
    return out;
}

/// Properties additionally escape the characters that separate them.
std::string escape_property(std::string_view s) {
    std::string out;
    for (char c : escape_data(s)) {
        switch (c) {
            case ':':
                out += "%3A";
                break;
            case ',':
                out += "%2C";
                break;
            default:
                out += c;
        }
    }
    return out;
}

/// sanitize() keeping carriage returns, which GitHub's escaping encodes itself.
std::string visible(std::string_view s) {
    std::string out;
    for (std::size_t b = 0;;) {
        auto cr = s.find('\r', b);
        out += detail::sanitize(s.substr(b, cr == std::string_view::npos ? cr : cr - b), true);
        if (cr == std::string_view::npos) return out;
        out += '\r';
        b = cr + 1;
    }
}

const char* command(Severity s) {
    switch (s) {
        case Severity::Error:
            return "error";
        case Severity::Warning:
            return "warning";
        case Severity::Info:
        case Severity::Off:
            break;
    }
    return "notice";
}

}  // namespace

void render_github(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds,
                   std::span<const RuleInfo> rules) {
    for (const auto& d : ds) {
        if (d.severity == Severity::Off) continue;
        std::string props;
        auto r = detail::resolve(sm, d.primary_span());
        if (r.ok) {
            // The last character of the span: the one before its exclusive end.
            auto last = r.end > r.begin ? sm.line_col(r.file, r.end - 1) : r.b;
            props = fmt::format("file={},line={},col={},endLine={}",
                                escape_property(detail::sanitize(sm.file(r.file).path, false)), r.b.line, r.b.col,
                                last.line);
            if (last.line == r.b.line) props += fmt::format(",endColumn={}", last.col);
            props += ",";
        }
        std::string title = d.code;
        if (const auto* rule = detail::find_rule(rules, d.code); rule && !rule->slug.empty()) title += " " + rule->slug;
        props += "title=" + escape_property(detail::sanitize(title, false));

        // The annotation is all a reviewer sees in the pull request, so the
        // other parties, the notes and the fix ride along on further lines.
        std::string msg = d.message;
        for (const auto& l : d.labels) {
            if (l.primary && l.span == d.primary_span()) {
                if (!l.message.empty()) msg += "\n" + l.message;
                continue;
            }
            auto lr = detail::resolve(sm, l.span);
            if (lr.ok)
                msg += fmt::format("\n{}: {}", location(sm, l.span), l.message);
            else if (!l.message.empty())
                msg += "\nnote: " + l.message;
        }
        for (const auto& n : d.notes) msg += "\nnote: " + n;
        if (!d.help.empty()) msg += "\nhelp: " + d.help;
        // Invalid UTF-8 and control characters become visible text before
        // GitHub's own escaping, so a config's bytes cannot style the log.
        os << "::" << command(d.severity) << " " << props << "::" << escape_data(visible(msg)) << "\n";
    }
}

}  // namespace havip::diag
