// SPDX-License-Identifier: MIT
#include "syntax/keepalived/include.hpp"

#include <glob.h>
#include <limits.h>
#include <sys/stat.h>

#include <utility>

namespace havip::syntax::keepalived {

namespace {

/// The first `{` (by position) that has a matching `}`, as [open, close]; npos
/// when none. One pass with a stack, so a line of unbalanced braces stays linear.
std::pair<std::size_t, std::size_t> first_brace_pair(std::string_view s) {
    std::vector<std::size_t> stack;
    std::size_t open = std::string_view::npos, close = std::string_view::npos;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
        } else if (s[i] == '{') {
            stack.push_back(i);
        } else if (s[i] == '}' && !stack.empty()) {
            std::size_t o = stack.back();
            stack.pop_back();
            // Pairs close inner first; the outermost pair around the first
            // opening brace is the one that starts earliest.
            if (o < open) {
                open = o;
                close = i;
            }
        }
    }
    return {open, close};
}

void expand_into(std::string_view s, std::vector<std::string>& out, std::size_t limit, bool& truncated, int depth) {
    if (out.size() >= limit || depth > 64) {
        truncated = true;
        return;
    }
    auto [open, close] = first_brace_pair(s);
    if (open == std::string_view::npos) {
        out.emplace_back(s);
        return;
    }
    std::string_view prefix = s.substr(0, open), body = s.substr(open + 1, close - open - 1),
                     suffix = s.substr(close + 1);
    // Split the body at its top-level commas.
    std::vector<std::string_view> alts;
    int depth_in = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] == '\\') {
            ++i;
            continue;
        }
        if (body[i] == '{')
            ++depth_in;
        else if (body[i] == '}')
            --depth_in;
        else if (body[i] == ',' && depth_in == 0) {
            alts.push_back(body.substr(start, i - start));
            start = i + 1;
        }
    }
    alts.push_back(body.substr(start));
    for (auto alt : alts) {
        std::string next;
        next.reserve(prefix.size() + alt.size() + suffix.size());
        next.append(prefix).append(alt).append(suffix);
        expand_into(next, out, limit, truncated, depth + 1);
        if (truncated) return;
    }
}

bool has_magic(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
            continue;
        }
        if (s[i] == '*' || s[i] == '?' || s[i] == '[') return true;
    }
    return false;
}

std::string glob_escape(std::string_view s) {
    std::string r;
    for (char c : s) {
        if (c == '*' || c == '?' || c == '[' || c == '\\') r += '\\';
        r += c;
    }
    return r;
}

std::string unescape(std::string_view s) {
    std::string r;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        r += s[i];
    }
    return r;
}

/// True when a confined include alternative could leave the including file's
/// directory: an absolute path, a `..` component, or a wildcard component that
/// starts with `.` (glob lets only those match `..`).
bool escapes(std::string_view alt) {
    if (alt.substr(0, 1) == "/" || alt.substr(0, 2) == "\\/") return true;
    std::size_t b = 0;
    while (b <= alt.size()) {
        std::size_t e = alt.find('/', b);
        if (e == std::string_view::npos) e = alt.size();
        std::string_view c = alt.substr(b, e - b);
        std::string u = unescape(c);
        if (u == ".." || (u.substr(0, 1) == "." && has_magic(c))) return true;
        b = e + 1;
    }
    return false;
}

}  // namespace

std::vector<std::string> brace_expand(std::string_view pattern, std::size_t limit, bool& truncated) {
    std::vector<std::string> out;
    truncated = false;
    expand_into(pattern, out, limit, truncated, 0);
    return out;
}

std::string dir_of(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) return {};
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

IncludeMatch resolve_include(const std::string& dir, std::string_view pattern, bool confined) {
    IncludeMatch m;
    // No file has a longer name; refusing early also bounds brace expansion
    // (every alternative is at most as long as the pattern).
    if (pattern.size() >= PATH_MAX) {
        m.too_long.emplace_back(pattern);
        return m;
    }
    bool truncated = false;
    for (const auto& alt : brace_expand(pattern, 4096, truncated)) {
        if (alt.empty()) continue;
        if (confined && escapes(alt)) {
            m.refused.push_back(alt);
            continue;
        }
        bool absolute = alt[0] == '/';
        std::string prefix = absolute || dir.empty() ? std::string() : (dir == "/" ? "/" : dir + "/");
        if (!has_magic(alt)) {
            std::string path = prefix + unescape(alt);
            struct stat sb {};
            if (::stat(path.c_str(), &sb) != 0)
                m.missing.push_back(path);
            else
                m.files.push_back(path);
            continue;
        }
        std::string pat = glob_escape(prefix) + alt;
        glob_t g{};
        int rc = ::glob(pat.c_str(), 0, nullptr, &g);
        if (rc == 0) {
            for (std::size_t i = 0; i < g.gl_pathc; ++i) m.files.emplace_back(g.gl_pathv[i]);
        } else {
            m.unmatched.push_back(prefix + alt);
        }
        ::globfree(&g);
    }
    return m;
}

}  // namespace havip::syntax::keepalived
