// SPDX-License-Identifier: MIT
#include "syntax/keepalived/include.hpp"

#include <glob.h>
#include <sys/stat.h>

namespace havip::syntax::keepalived {

namespace {

/// Index of the `}` matching the `{` at `open`, or npos.
std::size_t matching_brace(std::string_view s, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
            continue;
        }
        if (s[i] == '{') ++depth;
        else if (s[i] == '}' && --depth == 0) return i;
    }
    return std::string_view::npos;
}

void expand_into(std::string_view s, std::vector<std::string>& out, std::size_t limit, bool& truncated,
                 int depth) {
    if (out.size() >= limit || depth > 64) {
        truncated = true;
        return;
    }
    std::size_t open = std::string_view::npos, close = std::string_view::npos;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
            continue;
        }
        if (s[i] == '{') {
            std::size_t m = matching_brace(s, i);
            if (m != std::string_view::npos) {
                open = i;
                close = m;
                break;
            }
        }
    }
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
        if (body[i] == '{') ++depth_in;
        else if (body[i] == '}') --depth_in;
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

IncludeMatch resolve_include(const std::string& dir, std::string_view pattern) {
    IncludeMatch m;
    bool truncated = false;
    for (const auto& alt : brace_expand(pattern, 4096, truncated)) {
        if (alt.empty()) continue;
        bool absolute = alt[0] == '/';
        std::string prefix = absolute || dir.empty() ? std::string() : (dir == "/" ? "/" : dir + "/");
        if (!has_magic(alt)) {
            std::string path = prefix + unescape(alt);
            struct stat sb {};
            if (::stat(path.c_str(), &sb) != 0) m.missing.push_back(path);
            else m.files.push_back(path);
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
