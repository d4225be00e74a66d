// SPDX-License-Identifier: MIT
#pragma once
// A strict RFC 8259 JSON parser for tests: the renderers must emit JSON that
// any consumer accepts, so this one rejects everything the RFC does (trailing
// commas, raw control characters in strings, bad escapes, lone surrogates,
// invalid UTF-8, leading zeros, trailing garbage) and builds a tree that tests
// can query.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jcheck {

struct Value {
    enum class T { Null, Bool, Num, Str, Arr, Obj } t = T::Null;
    bool b = false;
    double n = 0;
    std::string s;
    std::vector<Value> a;
    std::vector<std::pair<std::string, Value>> o;

    /// Member `key` of an object, or nullptr.
    const Value* get(std::string_view key) const {
        for (const auto& [k, v] : o)
            if (k == key) return &v;
        return nullptr;
    }
    /// Follows a path of member names and array indexes ("runs", 0, "tool").
    const Value& at(std::string_view key) const {
        static const Value none;
        const Value* v = get(key);
        return v ? *v : none;
    }
    const Value& at(std::size_t i) const {
        static const Value none;
        return i < a.size() ? a[i] : none;
    }
};

class Parser {
  public:
    explicit Parser(std::string_view text) : s_(text) {}

    /// Parses the whole text; on failure `error` says where and why.
    bool parse(Value& out, std::string& error) {
        ws();
        if (!value(out, 0)) {
            error = err_ + " at byte " + std::to_string(i_);
            return false;
        }
        ws();
        if (i_ != s_.size()) {
            error = "trailing data at byte " + std::to_string(i_);
            return false;
        }
        return true;
    }

  private:
    bool fail(const char* why) {
        if (err_.empty()) err_ = why;
        return false;
    }
    void ws() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
    }
    bool lit(std::string_view w) {
        if (s_.substr(i_, w.size()) != w) return fail("bad literal");
        i_ += w.size();
        return true;
    }
    bool value(Value& v, int depth) {
        if (depth > 200) return fail("too deep");
        if (i_ >= s_.size()) return fail("unexpected end");
        char c = s_[i_];
        if (c == '{') return object(v, depth);
        if (c == '[') return array(v, depth);
        if (c == '"') {
            v.t = Value::T::Str;
            return string(v.s);
        }
        if (c == 't') {
            v.t = Value::T::Bool;
            v.b = true;
            return lit("true");
        }
        if (c == 'f') {
            v.t = Value::T::Bool;
            return lit("false");
        }
        if (c == 'n') {
            v.t = Value::T::Null;
            return lit("null");
        }
        return number(v);
    }
    bool object(Value& v, int depth) {
        v.t = Value::T::Obj;
        ++i_;
        ws();
        if (i_ < s_.size() && s_[i_] == '}') {
            ++i_;
            return true;
        }
        for (;;) {
            ws();
            if (i_ >= s_.size() || s_[i_] != '"') return fail("expected key");
            std::string k;
            if (!string(k)) return false;
            ws();
            if (i_ >= s_.size() || s_[i_] != ':') return fail("expected ':'");
            ++i_;
            ws();
            Value m;
            if (!value(m, depth + 1)) return false;
            v.o.emplace_back(std::move(k), std::move(m));
            ws();
            if (i_ < s_.size() && s_[i_] == ',') {
                ++i_;
                continue;
            }
            if (i_ < s_.size() && s_[i_] == '}') {
                ++i_;
                return true;
            }
            return fail("expected ',' or '}'");
        }
    }
    bool array(Value& v, int depth) {
        v.t = Value::T::Arr;
        ++i_;
        ws();
        if (i_ < s_.size() && s_[i_] == ']') {
            ++i_;
            return true;
        }
        for (;;) {
            ws();
            Value m;
            if (!value(m, depth + 1)) return false;
            v.a.push_back(std::move(m));
            ws();
            if (i_ < s_.size() && s_[i_] == ',') {
                ++i_;
                continue;
            }
            if (i_ < s_.size() && s_[i_] == ']') {
                ++i_;
                return true;
            }
            return fail("expected ',' or ']'");
        }
    }
    bool number(Value& v) {
        v.t = Value::T::Num;
        std::size_t b = i_;
        auto digit = [&] { return i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9'; };
        if (i_ < s_.size() && s_[i_] == '-') ++i_;
        if (!digit()) return fail("bad number");
        if (s_[i_] == '0')
            ++i_;
        else
            while (digit()) ++i_;
        if (i_ < s_.size() && s_[i_] == '.') {
            ++i_;
            if (!digit()) return fail("bad fraction");
            while (digit()) ++i_;
        }
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            ++i_;
            if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
            if (!digit()) return fail("bad exponent");
            while (digit()) ++i_;
        }
        v.n = std::stod(std::string(s_.substr(b, i_ - b)));
        return true;
    }
    static void put(std::string& out, std::uint32_t cp) {
        if (cp < 0x80)
            out += static_cast<char>(cp);
        else if (cp < 0x800) {
            out += static_cast<char>(0xc0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xe0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (cp & 0x3f));
        } else {
            out += static_cast<char>(0xf0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (cp & 0x3f));
        }
    }
    bool hex4(std::uint32_t& cp) {
        if (i_ + 4 > s_.size()) return fail("short \\u escape");
        cp = 0;
        for (int k = 0; k < 4; ++k) {
            char h = s_[i_++];
            cp <<= 4;
            if (h >= '0' && h <= '9')
                cp |= static_cast<std::uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f')
                cp |= static_cast<std::uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                cp |= static_cast<std::uint32_t>(h - 'A' + 10);
            else
                return fail("bad hex digit");
        }
        return true;
    }
    bool string(std::string& out) {
        ++i_;  // opening quote
        while (i_ < s_.size()) {
            auto c = static_cast<unsigned char>(s_[i_]);
            if (c == '"') {
                ++i_;
                return true;
            }
            if (c < 0x20) return fail("raw control character in string");
            if (c == '\\') {
                ++i_;
                if (i_ >= s_.size()) return fail("unterminated escape");
                char e = s_[i_++];
                switch (e) {
                    case '"':
                        out += '"';
                        break;
                    case '\\':
                        out += '\\';
                        break;
                    case '/':
                        out += '/';
                        break;
                    case 'b':
                        out += '\b';
                        break;
                    case 'f':
                        out += '\f';
                        break;
                    case 'n':
                        out += '\n';
                        break;
                    case 'r':
                        out += '\r';
                        break;
                    case 't':
                        out += '\t';
                        break;
                    case 'u': {
                        std::uint32_t cp;
                        if (!hex4(cp)) return false;
                        if (cp >= 0xdc00 && cp <= 0xdfff) return fail("lone low surrogate");
                        if (cp >= 0xd800 && cp <= 0xdbff) {
                            std::uint32_t lo;
                            if (s_.substr(i_, 2) != "\\u") return fail("lone high surrogate");
                            i_ += 2;
                            if (!hex4(lo)) return false;
                            if (lo < 0xdc00 || lo > 0xdfff) return fail("bad surrogate pair");
                            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                        }
                        put(out, cp);
                        break;
                    }
                    default:
                        return fail("bad escape");
                }
                continue;
            }
            // Raw bytes must be well-formed UTF-8.
            std::size_t need = c < 0x80                   ? 0
                               : (c >= 0xc2 && c <= 0xdf) ? 1
                               : (c >= 0xe0 && c <= 0xef) ? 2
                               : (c >= 0xf0 && c <= 0xf4) ? 3
                                                          : 99;
            if (need == 99 || i_ + need >= s_.size()) return fail("invalid UTF-8");
            std::uint32_t cp = need == 0 ? c : need == 1 ? (c & 0x1f) : need == 2 ? (c & 0x0f) : (c & 0x07);
            for (std::size_t k = 1; k <= need; ++k) {
                auto cc = static_cast<unsigned char>(s_[i_ + k]);
                if ((cc & 0xc0) != 0x80) return fail("invalid UTF-8");
                cp = (cp << 6) | (cc & 0x3f);
            }
            static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
            if (cp < kMin[need] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return fail("invalid UTF-8");
            out.append(s_.substr(i_, need + 1));
            i_ += need + 1;
        }
        return fail("unterminated string");
    }

    std::string_view s_;
    std::size_t i_ = 0;
    std::string err_;
};

/// Parses `text`; returns false with a reason when it is not valid JSON.
inline bool parse(std::string_view text, Value& out, std::string& error) { return Parser(text).parse(out, error); }

}  // namespace jcheck
