// SPDX-License-Identifier: MIT
// The human renderer, in the shape rustc made familiar:
//
//   error[HV101]: duplicate virtual_router_id `51`
//    --> b.conf:4:5
//     ::: in file included from a.conf:2:1
//     |
//   4 |     virtual_router_id 51
//     |     ^^^^^^^^^^^^^^^^^^^^ used twice
//     |
//     = note: ...
//     = help: ...
//
//   1 error, 0 warnings, 0 infos emitted
//
// Columns on screen are display columns: tabs expand to the next multiple of
// kTabStop, East Asian wide characters take two cells, combining marks none,
// and control characters are shown as `\u{1b}`-style text (never sent raw).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "diag/render.hpp"
#include "diag/render_util.hpp"

namespace havip::diag {
namespace {

constexpr std::uint32_t kTabStop = 4;
// Source lines longer than this many bytes are clipped to a window of it,
// starting kExcerptLead bytes before the first label on the line.
constexpr std::size_t kExcerptBytes = 160;
constexpr std::size_t kExcerptLead = 40;

// SGR codes. Bold colours read well on dark and light terminals alike.
constexpr const char* kBold = "1";
constexpr const char* kGutter = "1;34";
constexpr const char* kSecondary = "1;34";

const char* severity_color(Severity s) {
    switch (s) {
        case Severity::Error:
            return "1;31";
        case Severity::Warning:
            return "1;33";
        case Severity::Info:
        case Severity::Off:
            break;
    }
    return "1;36";
}

struct Style {
    bool on = false;
    std::string paint(std::string_view text, const char* sgr) const {
        if (!on || text.empty()) return std::string(text);
        return fmt::format("\x1b[{}m{}\x1b[0m", sgr, text);
    }
};

std::uint32_t cell_width(char32_t cp) {
    // Zero-width: combining diacritics, zero-width space/joiners, variation selectors.
    if ((cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x20d0 && cp <= 0x20ff) ||
        (cp >= 0xfe00 && cp <= 0xfe0f))
        return 0;
    // Wide: Hangul Jamo, CJK and Hangul syllables, fullwidth forms, common emoji blocks.
    if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f) ||
        (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
        (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
        (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd))
        return 2;
    return 1;
}

/// A source line as shown, with the display column of every byte offset so
/// carets line up whatever the line holds.
struct DisplayLine {
    std::string text;
    std::vector<std::uint32_t> col;  ///< display column of byte i, i in [0, size]
    std::vector<bool> starts;        ///< byte i starts a character
    std::uint32_t width = 0;

    explicit DisplayLine(std::string_view line) : col(line.size() + 1, 0), starts(line.size() + 1, true) {
        std::size_t i = 0;
        while (i < line.size()) {
            auto d = detail::decode_utf8(line, i);
            for (std::size_t k = i; k < i + d.len; ++k) {
                col[k] = width;
                starts[k] = k == i;
            }
            std::uint32_t w = 1;
            if (!d.valid) {
                detail::append_utf8(text, 0xfffd);
            } else if (d.cp == '\t') {
                w = kTabStop - width % kTabStop;
                text.append(w, ' ');
            } else if (detail::is_control(d.cp)) {
                auto shown = detail::sanitize(line.substr(i, d.len), false);
                w = static_cast<std::uint32_t>(shown.size());
                text += shown;
            } else {
                text.append(line.substr(i, d.len));
                w = cell_width(d.cp);
            }
            width += w;
            i += d.len;
        }
        col[line.size()] = width;
    }
    std::size_t bytes() const { return col.size() - 1; }
    /// Column where a label starting at byte `off` begins (offsets past the
    /// line, such as its newline or the end of the file, continue one per byte).
    std::uint32_t begin_col(std::size_t off) const {
        return off <= bytes() ? col[off] : width + static_cast<std::uint32_t>(off - bytes());
    }
    /// Column just after a label ending (exclusively) at byte `off`.
    std::uint32_t end_col(std::size_t off) const {
        while (off < bytes() && !starts[off]) ++off;
        return begin_col(off);
    }
};

struct Mark {
    std::uint32_t sc = 0, ec = 0;  ///< display columns [sc, ec)
    bool primary = false;
    std::string message;
};

std::string spaces(std::uint32_t n) { return std::string(n, ' '); }

class HumanWriter {
  public:
    HumanWriter(const source::SourceMap& sm, const RenderOptions& opt) : sm_(sm) { st_.on = opt.color; }

    void diagnostic(std::string& out, const Diagnostic& d) {
        const char* sev = severity_color(d.severity);
        heading(out, d, sev);
        std::vector<std::string> notes;
        const std::vector<Placed> placed = place(d, notes);
        std::uint32_t w = 1;
        for (const auto& p : placed) w = std::max<std::uint32_t>(w, fmt::formatted_size("{}", p.r.b.line));
        pad_ = spaces(w);
        bar_ = pad_ + " " + st_.paint("|", kGutter);
        const auto files = files_of(placed);
        for (auto f : files) {
            if (f != files.front()) out += bar_ + "\n";
            file_block(out, f, placed, w, sev);
        }
        if (!files.empty() && (!notes.empty() || !d.help.empty())) out += bar_ + "\n";
        trailers(out, d, notes);
    }

    std::string paint(std::string_view text, const char* sgr) const { return st_.paint(text, sgr); }

  private:
    /// A label with a place in a file, resolved.
    struct Placed {
        detail::Resolved r;
        const Label* label;
    };

    /// `error[HV101]: message`; continuation lines of a multi-line message line
    /// up under its first line.
    void heading(std::string& out, const Diagnostic& d, const char* sev) {
        std::string head = to_string(d.severity);
        if (!d.code.empty()) head += fmt::format("[{}]", detail::sanitize(d.code, false));
        std::string msg = detail::sanitize(d.message, true);
        std::string cont = "\n" + spaces(static_cast<std::uint32_t>(head.size() + 2));
        for (std::size_t p = msg.find('\n'); p != std::string::npos; p = msg.find('\n', p + cont.size()))
            msg.replace(p, 1, cont);
        out += st_.paint(head, sev) + st_.paint(": " + msg, kBold) + "\n";
    }

    /// Labels with a place in a file are drawn; the messages of the others
    /// become notes (before the diagnostic's own) so nothing the rule said is lost.
    std::vector<Placed> place(const Diagnostic& d, std::vector<std::string>& notes) const {
        std::vector<Placed> placed;
        for (const auto& l : d.labels) {
            auto r = detail::resolve(sm_, l.span);
            if (r.ok)
                placed.push_back({r, &l});
            else if (!l.message.empty())
                notes.push_back(l.message);
        }
        for (const auto& n : d.notes) notes.push_back(n);
        return placed;
    }

    /// One block per file: the primary's file first, then in order of appearance.
    static std::vector<source::FileId> files_of(const std::vector<Placed>& placed) {
        std::vector<source::FileId> files;
        for (const auto& p : placed)
            if (p.label->primary && files.empty()) files.push_back(p.r.file);
        for (const auto& p : placed)
            if (std::find(files.begin(), files.end(), p.r.file) == files.end()) files.push_back(p.r.file);
        return files;
    }

    /// `--> file:line:col`, the include chain, then each labelled line of `f`.
    void file_block(std::string& out, source::FileId f, const std::vector<Placed>& placed, std::uint32_t w,
                    const char* sev) {
        std::vector<const Placed*> in;
        for (const auto& p : placed)
            if (p.r.file == f) in.push_back(&p);
        const Placed* anchor = in.front();
        for (const auto* p : in)
            if (p->label->primary) {
                anchor = p;
                break;
            }
        out += pad_ + st_.paint("-->", kGutter) + " " +
               detail::sanitize(location(sm_, source::Span{f, anchor->r.begin, anchor->r.end}), false) + "\n";
        for (const auto& inc : detail::include_chain(sm_, f))
            out += pad_ + st_.paint(":::", kGutter) + " in file included from " +
                   detail::sanitize(location(sm_, inc), false) + "\n";
        out += bar_ + "\n";
        std::map<std::uint32_t, std::vector<const Placed*>> by_line;
        for (const auto* p : in) by_line[p->r.b.line].push_back(p);
        std::uint32_t prev = 0;
        for (const auto& [line, items] : by_line) {
            if (prev != 0 && line > prev + 1) out += st_.paint("...", kGutter) + "\n";
            prev = line;
            excerpt(out, f, line, items, w, sev);
        }
    }

    /// One source line and the marks under it. A long line is shown as a
    /// window around its labels, so a one-line file of megabytes prints a few
    /// hundred bytes.
    void excerpt(std::string& out, source::FileId f, std::uint32_t line, const std::vector<const Placed*>& items,
                 std::uint32_t w, const char* sev) {
        const std::string_view full = sm_.line_text(f, line);
        std::size_t lo = full.size();
        for (const auto* p : items) lo = std::min<std::size_t>(lo, p->r.b.col - 1);
        std::size_t wb = 0, we = full.size();
        if (full.size() > kExcerptBytes) {
            wb = lo > kExcerptLead ? lo - kExcerptLead : 0;
            we = std::min(full.size(), wb + kExcerptBytes);
            while (wb > 0 && wb < full.size() && (static_cast<unsigned char>(full[wb]) & 0xc0) == 0x80) --wb;
            while (we < full.size() && we > wb && (static_cast<unsigned char>(full[we]) & 0xc0) == 0x80) --we;
        }
        const std::string lead = wb > 0 ? "..." : "";
        const std::uint32_t shift = static_cast<std::uint32_t>(lead.size());
        DisplayLine dl(full.substr(wb, we - wb));
        out += st_.paint(fmt::format("{:>{}} |", line, w), kGutter);
        if (!dl.text.empty() || wb > 0) out += " " + lead + dl.text + (we < full.size() ? "..." : "");
        out += "\n";
        auto rel = [&](std::size_t byte) {  // byte offset on the line -> offset in the window
            if (byte <= wb) return std::size_t(0);
            return we < full.size() ? std::min(byte, we) - wb : byte - wb;
        };
        std::vector<Mark> marks;
        for (const auto* p : items) {
            Mark m;
            m.sc = shift + dl.begin_col(rel(p->r.b.col - 1));
            // A span running onto later lines is underlined to the end of its first line.
            m.ec = p->r.e.line == line ? shift + dl.end_col(rel(p->r.e.col - 1)) : std::max(shift + dl.width, m.sc);
            if (m.ec <= m.sc) m.ec = m.sc + 1;  // zero length: one caret
            m.primary = p->label->primary;
            m.message = detail::sanitize(p->label->message, false);
            marks.push_back(std::move(m));
        }
        underline(out, marks, sev);
    }

    /// `= note:` lines, then `= help:`; a fix the tool can apply says so, as ruff marks them.
    void trailers(std::string& out, const Diagnostic& d, const std::vector<std::string>& notes) {
        for (const auto& n : notes) trailer(out, "note", n);
        if (d.help.empty() && !d.fix) return;
        std::string h = d.help.empty() ? d.fix->message : d.help;
        if (d.fix)
            h += d.fix->applicability == Applicability::MachineApplicable ? " [*] fixable with --fix"
                                                                          : " [*] fixable with --unsafe-fixes";
        trailer(out, "help", h);
    }

    void trailer(std::string& out, std::string_view kind, std::string_view text) {
        std::string t = detail::sanitize(text, true);
        std::string cont = "\n" + pad_ + spaces(static_cast<std::uint32_t>(3 + kind.size() + 2));
        for (std::size_t p = t.find('\n'); p != std::string::npos; p = t.find('\n', p + cont.size()))
            t.replace(p, 1, cont);
        out += pad_ + " " + st_.paint("=", kGutter) + " " + st_.paint(kind, kBold) + ": " + t + "\n";
    }

    /// Marker rows under one source line. Non-overlapping labels share a row;
    /// the rightmost message follows its markers and the others hang below on
    /// connectors. Overlapping labels get one row each.
    void underline(std::string& out, std::vector<Mark>& marks, const char* sev) {
        std::stable_sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) { return a.sc < b.sc; });
        auto color = [&](const Mark& m) { return m.primary ? sev : kSecondary; };
        auto markers = [&](const Mark& m) {
            return st_.paint(std::string(m.ec - m.sc, m.primary ? '^' : '-'), color(m));
        };
        const std::string lead = bar_ + " ";
        bool overlap = false;
        for (std::size_t k = 1; k < marks.size(); ++k) overlap |= marks[k].sc < marks[k - 1].ec;
        if (overlap) {
            for (const auto& m : marks) {
                out += lead + spaces(m.sc) + markers(m);
                if (!m.message.empty()) out += " " + st_.paint(m.message, color(m));
                out += "\n";
            }
            return;
        }
        std::uint32_t at = 0;
        out += lead;
        for (const auto& m : marks) {
            out += spaces(m.sc - at) + markers(m);
            at = m.ec;
        }
        if (!marks.back().message.empty()) out += " " + st_.paint(marks.back().message, color(marks.back()));
        out += "\n";
        std::vector<const Mark*> hanging;
        for (std::size_t k = 0; k + 1 < marks.size(); ++k)
            if (!marks[k].message.empty()) hanging.push_back(&marks[k]);
        if (hanging.empty()) return;
        auto connectors = [&](std::size_t upto, std::uint32_t& pos) {
            std::string row;
            for (std::size_t j = 0; j < upto; ++j) {
                row += spaces(hanging[j]->sc - pos) + st_.paint("|", color(*hanging[j]));
                pos = hanging[j]->sc + 1;
            }
            return row;
        };
        std::uint32_t pos = 0;
        out += lead + connectors(hanging.size(), pos) + "\n";
        for (std::size_t k = hanging.size(); k-- > 0;) {
            pos = 0;
            out += lead + connectors(k, pos);
            out += spaces(hanging[k]->sc - pos) + st_.paint(hanging[k]->message, color(*hanging[k])) + "\n";
        }
    }

    const source::SourceMap& sm_;
    Style st_;
    std::string pad_, bar_;
};

std::string plural(std::size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace

void render_human(std::ostream& os, const source::SourceMap& sm, std::span<const Diagnostic> ds,
                  const RenderOptions& opt) {
    HumanWriter hw(sm, opt);
    std::string out;
    for (const auto& d : ds) {
        if (d.severity == Severity::Off) continue;
        hw.diagnostic(out, d);
        out += "\n";
        os << out;  // one finding at a time: memory stays flat however many there are
        out.clear();
    }
    auto c = detail::count(ds);
    c.errors += opt.omitted_errors;
    c.warnings += opt.omitted_warnings;
    c.infos += opt.omitted_infos;
    if (const auto n = opt.not_shown; n > 0)
        out += hw.paint(fmt::format("... {} more finding{} not shown ({})", n, n == 1 ? "" : "s", opt.omitted_hint),
                        kBold) +
               "\n\n";
    if (!opt.summary) {
        os << out;
        return;
    }
    out += hw.paint(fmt::format("{}, {}, {} emitted", plural(c.errors, "error"), plural(c.warnings, "warning"),
                                plural(c.infos, "info")),
                    kBold);
    out += "\n";
    std::size_t safe = 0, unsafe = 0;
    for (const auto& d : ds)
        if (d.severity != Severity::Off && d.fix)
            ++(d.fix->applicability == Applicability::MachineApplicable ? safe : unsafe);
    if (safe > 0)
        out += fmt::format("[*] {} fixable with --fix{}\n", safe,
                           unsafe > 0 ? fmt::format(" ({} more with --unsafe-fixes)", unsafe) : "");
    else if (unsafe > 0)
        out += fmt::format("[*] {} fixable with --unsafe-fixes\n", unsafe);
    os << out;
}

}  // namespace havip::diag
