// SPDX-License-Identifier: MIT
#pragma once
/// Helpers for the havip.toml tests: render statements the way keepalived.conf
/// writes them, read files, and run the reader on text.
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "ast/ast.hpp"
#include "diag/diagnostic.hpp"
#include "source/source_map.hpp"
#include "syntax/toml/toml_reader.hpp"

namespace havip::test {

/// keepalived.conf text of statements: one per line, blocks with braces, two-space indent.
inline void render(const std::vector<ast::Statement>& sts, int indent, std::string& out) {
    for (const auto& s : sts) {
        out.append(static_cast<std::size_t>(indent) * 2, ' ');
        out += s.keyword;
        for (const auto& a : s.args) out += a.quoted ? " \"" + a.text + "\"" : " " + a.text;
        if (s.is_block) {
            out += " {\n";
            render(s.children, indent + 1, out);
            out.append(static_cast<std::size_t>(indent) * 2, ' ');
            out += "}";
        }
        out += "\n";
    }
}

inline std::string render(const ast::Document& d) {
    std::string out;
    render(d.statements, 0, out);
    return out;
}

/// A keepalived.conf without comments, blank lines and indentation (for comparing
/// with render() of the TOML form when both write one statement per line).
inline std::string normalize_conf(const std::string& text) {
    std::istringstream in(text);
    std::string line, out;
    while (std::getline(in, line)) {
        auto b = line.find_first_not_of(" \t");
        if (b == std::string::npos || line[b] == '!' || line[b] == '#') continue;
        auto e = line.find_last_not_of(" \t\r");
        out += line.substr(b, e - b + 1) + "\n";
    }
    return out;
}

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// Reads TOML text; keeps the source map and diagnostics for assertions.
struct Read {
    source::SourceMap sm;
    diag::DiagList diags;
    std::vector<ast::Document> docs;

    explicit Read(std::string text, std::string name = "test.toml") {
        docs = syntax::toml::read_cluster_text(sm, std::move(name), std::move(text), diags);
    }
    std::string codes() const {
        std::string s;
        for (const auto& d : diags.items) s += (s.empty() ? "" : " ") + d.code;
        return s;
    }
    std::string messages() const {
        std::string s;
        for (const auto& d : diags.items)
            s += d.code + ": " + d.message + (d.help.empty() ? "" : " [help: " + d.help + "]") + "\n";
        return s;
    }
    /// Text of the primary span of diagnostic i.
    std::string at(std::size_t i) const { return std::string(sm.text(diags.items.at(i).primary_span())); }
    source::LineCol where(std::size_t i) const { return sm.begin_of(diags.items.at(i).primary_span()); }
    /// The first statement with this keyword anywhere in document d.
    const ast::Statement* find(std::size_t d, const std::string& kw) const {
        return find_in(docs.at(d).statements, kw);
    }
    static const ast::Statement* find_in(const std::vector<ast::Statement>& sts, const std::string& kw) {
        for (const auto& s : sts) {
            if (s.keyword == kw) return &s;
            if (auto* c = find_in(s.children, kw)) return c;
        }
        return nullptr;
    }
    std::string text(source::Span s) const { return std::string(sm.text(s)); }
};

}  // namespace havip::test
