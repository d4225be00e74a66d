// SPDX-License-Identifier: MIT
// toml11's syntax errors as HV001: the message, line, column and labels are
// recovered from the text toml11 renders (its exception's own location is
// often the start of the statement, so the annotated lines are the better source).
#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "syntax/toml/lex_util.hpp"
#include "syntax/toml/toml_doc.hpp"

namespace havip::syntax::toml::detail {
namespace {

/// One annotated place of toml11's text: line, column and width of its carets.
struct Mark {
    std::uint32_t line, col, len;
    std::string label;
};

/// toml11's messages start "[error] toml::parse_xxx: Text." — keep "text".
std::string clean_message(std::string_view first_line) {
    std::string_view m = first_line;
    if (m.rfind("[error]", 0) == 0) m.remove_prefix(7);
    m = trim(m);
    if (m.rfind("toml::", 0) == 0) {
        auto colon = m.find(": ");
        if (colon != std::string_view::npos) m.remove_prefix(colon + 2);
    }
    std::string out(trim(m));
    while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
    if (!out.empty() && std::isupper(static_cast<unsigned char>(out[0])) &&
        (out.size() < 2 || !std::isupper(static_cast<unsigned char>(out[1]))))
        out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
    if (out.empty()) out = "invalid TOML";
    return out;
}

std::vector<std::string> split_lines(const std::string& what) {
    std::vector<std::string> lines;
    std::istringstream in(what);
    std::string l;
    while (std::getline(in, l)) lines.push_back(l);
    return lines;
}

/// The mark of a source line ` 2 | text` and the caret line under it
/// (`   |   ^--- label` or `~~~ label`), or nullopt when they are not such a pair.
std::optional<Mark> read_mark(std::string_view l, std::string_view m) {
    auto bar = l.find(" | ");
    if (bar == std::string_view::npos) return std::nullopt;
    auto num = trim(l.substr(0, bar));
    if (!is_digits(num) || num.size() > 9) return std::nullopt;
    auto mbar = m.find("| ");
    if (mbar == std::string_view::npos || !trim(m.substr(0, mbar)).empty()) return std::nullopt;
    auto body = m.substr(mbar + 2);
    auto at = body.find_first_of("^~");
    if (at == std::string_view::npos) return std::nullopt;
    std::uint32_t len = 1;
    if (body[at] == '~')
        len = static_cast<std::uint32_t>(body.find_first_not_of('~', at) == std::string_view::npos
                                             ? body.size() - at
                                             : body.find_first_not_of('~', at) - at);
    auto label_at = body.find_first_not_of("^~- ", at);
    std::string label = label_at == std::string_view::npos ? "" : std::string(trim(body.substr(label_at)));
    return Mark{static_cast<std::uint32_t>(std::stoul(std::string(num))), static_cast<std::uint32_t>(at + 1), len,
                std::move(label)};
}

}  // namespace

void Doc::report_syntax_error(const std::string& what) {
    // toml11 3.7 renders "[error] msg\n --> file\n   |\n 2 | text\n   |   ^--- label".
    const std::vector<std::string> lines = split_lines(what);
    std::vector<Mark> marks;
    std::vector<std::string> hints;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view l = lines[i];
        if (l.rfind("Hint:", 0) == 0) {
            hints.emplace_back(trim(l.substr(5)));
            continue;
        }
        if (i + 1 >= lines.size()) continue;
        if (auto mk = read_mark(l, lines[i + 1])) {
            marks.push_back(std::move(*mk));
            ++i;
        }
    }
    const auto& f = sm_.file(file_);
    auto to_span = [&](const Mark& mk) {
        auto n = static_cast<std::uint32_t>(f.text.size());
        if (mk.line == 0 || mk.line > f.line_starts.size()) return source::Span{file_, n, n};
        std::uint32_t b = std::min(n, f.line_starts[mk.line - 1] + mk.col - 1);
        std::uint32_t e = std::min(n, b + mk.len);
        return source::Span{file_, b, e};
    };
    auto d = diag::make("HV001", diag::Severity::Error,
                        clean_message(lines.empty() ? std::string_view{} : std::string_view(lines[0])));
    if (marks.empty()) {
        d.at({file_, 0, 0});
    } else {
        d.at(to_span(marks.back()), marks.back().label);
        for (std::size_t k = 0; k + 1 < marks.size(); ++k) d.also(to_span(marks[k]), marks[k].label);
    }
    for (auto& h : hints) d.note(h);
    report(std::move(d));
}

}  // namespace havip::syntax::toml::detail
