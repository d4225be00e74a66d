// SPDX-License-Identifier: MIT
#include "cli/lint_fix.hpp"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <optional>
#include <span>

#include "diag/fix.hpp"
#include "base/atomic_write.hpp"
#include "source/read.hpp"

namespace havip::cli {
namespace {

std::string findings(std::size_t n) { return fmt::format("{} finding{}", n, n == 1 ? "" : "s"); }

/// "fixed 3 findings in 2 files (HV107, HV204 ×2); 1 more with --unsafe-fixes; …"
std::string summary_line(const diag::FixResult& r, bool would, std::size_t outside) {
    std::string s = fmt::format("{} {} in {} file{}", would ? "would fix" : "fixed", findings(r.applied),
                                r.files.size(), r.files.size() == 1 ? "" : "s");
    if (!r.applied_by_code.empty()) {
        std::string codes;
        for (const auto& [code, n] : r.applied_by_code)
            codes += (codes.empty() ? "" : ", ") + code + (n > 1 ? fmt::format(" x{}", n) : "");
        s += " (" + codes + ")";
    }
    if (r.unsafe) s += fmt::format("; {} more with --unsafe-fixes", r.unsafe);
    if (r.overlapping)
        s += fmt::format("; {} overlapped a fix taken first: run again to apply {}", r.overlapping,
                         r.overlapping == 1 ? "it" : "them");
    if (r.invalid)
        s += fmt::format("; {} fix{} left out: an edit outside its file", r.invalid, r.invalid == 1 ? "" : "es");
    if (outside)
        s += fmt::format("; {} fix{} would edit a file other than standard input: left out", outside,
                         outside == 1 ? "" : "es");
    return s;
}

/// A file --fix is about to replace, checked before anything is written.
struct Target {
    std::string path;  ///< as findings name it
    std::string real;  ///< the file itself (a symlink resolved)
    struct stat st {};
    const diag::FileFix* ff = nullptr;
};

/// Why `t` cannot be replaced, or "" when it can.
std::string refuse(Target& t, const std::string& original) {
    char buf[PATH_MAX];
    if (!::realpath(t.path.c_str(), buf)) return std::string("cannot resolve: ") + source::error_text(errno);
    t.real = buf;
    if (::stat(t.real.c_str(), &t.st) != 0) return source::error_text(errno);
    if (!S_ISREG(t.st.st_mode)) return "not a regular file: --fix edits regular files only";
    if ((t.st.st_mode & 0222) == 0) return "the file is read-only";
    if (::access(t.real.c_str(), W_OK) != 0) return "not writable: " + source::error_text(errno);
    const auto slash = t.real.rfind('/');
    const std::string dir = slash == 0 ? "/" : t.real.substr(0, slash);
    if (::access(dir.c_str(), W_OK) != 0) return "its directory is not writable: " + source::error_text(errno);
    std::string now, why;
    if (!source::read_regular_file(t.real, now, why)) return why;
    if (now != original) return "changed since it was read";
    return {};
}

/// Makes `text` the process's standard input (a sealed-off memory file), so the
/// fixed text of `-` is linted again by the same reader.
bool stdin_from(const std::string& text) {
    const int fd = ::memfd_create("havip-lint-stdin", MFD_CLOEXEC);
    if (fd < 0) return false;
    std::size_t off = 0;
    while (off < text.size()) {
        const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            ::close(fd);
            return false;
        }
        off += static_cast<std::size_t>(n);
    }
    const bool ok = ::lseek(fd, 0, SEEK_SET) == 0 && ::dup2(fd, 0) == 0;
    ::close(fd);
    return ok;
}

/// Lints `o`'s inputs again and renders the findings; the run's exit code.
int relint(const CommonOptions& o, std::ostream& os, const std::string& format, bool color, bool summary) {
    Session s;
    if (int rc = prepare(o, s); rc != 0) return rc;
    run_lint(o, s);
    if (!s.io_error.empty()) return usage(s.io_error);
    render(os, format, s, color, summary);
    return exit_code(s);
}

}  // namespace

int run_fix(const CommonOptions& o, const FixMode& m, const std::string& format, bool summary) {
    const bool from_stdin = std::find(o.inputs.begin(), o.inputs.end(), "-") != o.inputs.end();
    if (from_stdin && o.inputs.size() != 1)
        return usage("--fix and --diff read `-` only as the one input (its fixed text goes to standard output)");

    // Every finding, uncapped: a fix past --max-findings is still a fix.
    CommonOptions all = o;
    all.max_findings = 0;
    Session s;
    if (int rc = prepare(all, s); rc != 0) return rc;
    run_lint(all, s);
    if (!s.io_error.empty()) return usage(s.io_error);
    const auto& sm = s.ws.sm;

    // With `-`, only the text read from standard input is edited.
    std::optional<source::FileId> stdin_file;
    if (from_stdin) {
        const std::string name = o.stdin_filename.empty() ? "<stdin>" : o.stdin_filename;
        for (source::FileId f = 0; f < sm.size() && !stdin_file; ++f)
            if (!sm.file(f).included_from && sm.file(f).path == name) stdin_file = f;
    }
    std::vector<diag::Diagnostic> fixable;
    std::size_t outside = 0;
    for (const auto& d : s.findings.items) {
        if (!d.fix) continue;
        if (from_stdin && std::any_of(d.fix->edits.begin(), d.fix->edits.end(),
                                      [&](const diag::Edit& e) { return !stdin_file || e.span.file != *stdin_file; })) {
            ++outside;
            continue;
        }
        fixable.push_back(d);
    }
    // One file read through several includes (or named two ways) is one file:
    // the same real path and the same text.
    std::vector<source::FileId> same_file(sm.size());
    {
        std::map<std::string, source::FileId> first;  // real path → its first reading
        for (source::FileId f = 0; f < sm.size(); ++f) {
            same_file[f] = f;
            char buf[PATH_MAX];
            std::string real = ::realpath(sm.file(f).path.c_str(), buf) ? std::string(buf) : sm.file(f).path;
            auto [it, fresh] = first.emplace(std::move(real), f);
            if (!fresh && sm.file(it->second).text == sm.file(f).text) same_file[f] = it->second;
        }
    }
    const auto r = diag::apply_fixes(sm, fixable, m.unsafe, same_file);

    if (m.diff) {
        for (const auto& ff : r.files)
            std::cout << diag::unified_diff(sm.file(ff.file).path, sm.file(ff.file).text, ff.edits);
        std::cout.flush();  // the diff, then the summary, in that order on a shared terminal or file
        std::cerr << program() << ": " << summary_line(r, true, outside) << "\n";
        return finish(r.files.empty() ? 0 : 1);
    }

    if (from_stdin) {
        std::string text = stdin_file ? sm.file(*stdin_file).text : std::string();
        for (const auto& ff : r.files)
            if (ff.file == stdin_file) text = ff.text;
        std::cout << text;
        std::cout.flush();
        std::cerr << program() << ": " << summary_line(r, false, outside) << "\n";
        if (!stdin_from(text))
            return finish(usage(std::string("cannot lint the fixed text again: ") + source::error_text(errno)));
        return finish(relint(o, std::cerr, format, use_color(o, STDERR_FILENO), summary));
    }

    // Check every file before writing any, then stage all, then rename all.
    std::vector<Target> targets;
    for (const auto& ff : r.files) {
        Target t;
        t.path = sm.file(ff.file).path;
        t.ff = &ff;
        if (auto why = refuse(t, sm.file(ff.file).text); !why.empty())
            return finish(usage(t.path + ": " + why + "; --fix wrote nothing"));
        targets.push_back(std::move(t));
    }
    base::AtomicBatch batch;
    const bool root = ::geteuid() == 0;
    for (const auto& t : targets) {
        const auto bytes = std::as_bytes(std::span<const char>(t.ff->text.data(), t.ff->text.size()));
        if (base::Status st =
                batch.stage(t.real, bytes, t.st.st_mode & 07777, root ? static_cast<int>(t.st.st_uid) : -1,
                            root ? static_cast<int>(t.st.st_gid) : -1);
            !st)
            return finish(usage(st.message() + "; --fix wrote nothing"));
    }
    if (base::Status st = batch.commit(); !st) return finish(usage(st.message()));
    std::cerr << program() << ": " << summary_line(r, false, outside) << "\n";
    return finish(relint(o, std::cout, format, use_color(o, STDOUT_FILENO), summary));
}

}  // namespace havip::cli
