// SPDX-License-Identifier: MIT
// `# havip-lint: disable=CODE,... -- reason` comments of a TOML file.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "syntax/toml/lex_util.hpp"
#include "syntax/toml/toml_doc.hpp"

namespace havip::syntax::toml::detail {
namespace {

/// The comma-separated words of `codes`, blanks trimmed, empty ones dropped.
std::vector<std::string> split_codes(std::string_view codes) {
    std::vector<std::string> out;
    std::size_t p = 0;
    while (p <= codes.size()) {
        auto comma = codes.find(',', p);
        auto c = trim(codes.substr(p, comma == std::string_view::npos ? std::string_view::npos : comma - p));
        if (!c.empty()) out.emplace_back(c);
        if (comma == std::string_view::npos) break;
        p = comma + 1;
    }
    return out;
}

/// Codes (HV203) or slugs (garp-repeat): words joined by single dashes.
bool codes_ok(const std::vector<std::string>& codes) {
    return !codes.empty() && std::all_of(codes.begin(), codes.end(), [](const std::string& c) {
        return std::isalnum(static_cast<unsigned char>(c.front())) &&
               std::isalnum(static_cast<unsigned char>(c.back())) && c.find("--") == std::string::npos &&
               std::all_of(c.begin(), c.end(), [](unsigned char ch) { return std::isalnum(ch) || ch == '-'; });
    });
}

/// The directive a `havip-lint:` comment's text after the marker states, or
/// nullopt when it is malformed.
std::optional<ast::Directive> parse_directive(std::string_view body) {
    if (body.rfind("disable=", 0) != 0) return std::nullopt;
    body.remove_prefix(8);
    ast::Directive d;
    auto dash = body.find("--");
    if (dash != std::string_view::npos) d.reason = std::string(trim(body.substr(dash + 2)));
    d.codes = split_codes(trim(body.substr(0, dash)));
    if (!codes_ok(d.codes)) return std::nullopt;
    return d;
}

}  // namespace

void Doc::index_directives() {
    // A full-line comment `# havip-lint: disable=HV203,HV204 -- reason` applies to
    // the next line that holds a key or a table header (as in keepalived.conf).
    const auto& f = sm_.file(file_);
    std::vector<ast::Directive> pending;
    for (std::uint32_t line = 1; line <= f.line_starts.size(); ++line) {
        auto text = sm_.line_text(file_, line);
        auto t = trim(text);
        if (t.empty()) continue;
        if (t[0] != '#') {
            if (!pending.empty()) directives_[line] = std::move(pending);
            pending.clear();
            continue;
        }
        auto body = trim(t.substr(1));
        if (body.rfind("havip-lint:", 0) != 0) continue;
        auto col = static_cast<std::uint32_t>(t.data() - text.data());
        source::Span at{file_, f.line_starts[line - 1] + col,
                        f.line_starts[line - 1] + col + static_cast<std::uint32_t>(t.size())};
        auto d = parse_directive(trim(body.substr(11)));
        if (!d) {
            error("HV001", at, "malformed `havip-lint:` comment",
                  "write `# havip-lint: disable=HV203,HV204 -- reason`");
            continue;
        }
        d->span = at;
        pending.push_back(std::move(*d));
    }
}

std::vector<ast::Directive> Doc::directives_for(source::Span at) const {
    if (!at.valid() || directives_.empty()) return {};
    auto it = directives_.find(sm_.line_col(file_, at.begin).line);
    return it == directives_.end() ? std::vector<ast::Directive>{} : it->second;
}

}  // namespace havip::syntax::toml::detail
