// SPDX-License-Identifier: MIT
// DiagList::part/absorb: findings reported into parts (one per input, as the
// driver's threads do) and absorbed in order keep and count exactly what
// reporting them all into one capped list does.
#include <gtest/gtest.h>

#include "diag/diagnostic.hpp"

namespace havip::diag {
namespace {

Diagnostic finding(source::FileId file, int n) {
    Diagnostic d = make(n % 3 == 0 ? "HV003" : "HV110", n % 2 ? Severity::Warning : Severity::Error,
                        "finding " + std::to_string(n));
    if (file != source::kNoFile) d.labels.push_back({{file, static_cast<std::uint32_t>(n), 0}, "", true});
    return d;
}

TEST(DiagListParts, AbsorbedInOrderEqualsOneList) {
    for (auto [per_file, total] : {std::pair<std::size_t, std::size_t>{3, 10}, {2, 0}, {0, 0}, {5, 7}, {1, 1}}) {
        // Units of one to three files each; some findings without a file.
        DiagList one, all;
        one.set_caps(per_file, total);
        all.set_caps(per_file, total);
        all.discard = one.discard = [](const Diagnostic& d) { return d.message == "finding 7"; };
        source::FileId next = 0;
        for (int unit = 0; unit < 6; ++unit) {
            DiagList part = all.part();
            const int files = 1 + unit % 3;
            for (int n = 0; n < 4 * files + unit; ++n) {
                const source::FileId f = n % 5 == 4 ? source::kNoFile : next + static_cast<source::FileId>(n % files);
                one.report(finding(f, n));
                part.report(finding(f, n));
            }
            all.absorb(std::move(part));
            next += static_cast<source::FileId>(files);
        }
        ASSERT_EQ(one.items.size(), all.items.size()) << per_file << "/" << total;
        for (std::size_t i = 0; i < one.items.size(); ++i) {
            EXPECT_EQ(one.items[i].message, all.items[i].message);
            EXPECT_EQ(one.items[i].primary_span(), all.items[i].primary_span());
        }
        EXPECT_EQ(one.dropped, all.dropped) << per_file << "/" << total;
        EXPECT_EQ(one.count(Severity::Info), all.count(Severity::Info));
    }
}

}  // namespace
}  // namespace havip::diag
