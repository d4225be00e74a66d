// SPDX-License-Identifier: MIT
#pragma once
/// The driver: turns command-line inputs into one Fleet. It finds the files,
/// picks the front end by file type, lowers each node, and collects the
/// front ends' diagnostics. Shared by havip-lint and havip-compile.
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/inventory.hpp"
#include "model/model.hpp"
#include "source/source_map.hpp"

namespace havip::syntax::toml {
struct Inventory;
}

namespace havip::driver {

struct LoadOptions {
    std::string config_id;   ///< `@id` to read .conf files with; empty: every id found, one node each
    std::string node_name;   ///< --node: name of the node of a single .conf input
    std::string stdin_name;  ///< --stdin-filename: what "-" is called (file name in findings, node name)
    unsigned jobs = 1;       ///< threads that read inputs (output is the same for any number)
};

/// Everything one invocation read.
struct Workspace {
    source::SourceMap sm;
    model::Fleet fleet;
    diag::DiagList diags;            ///< front-end findings (HV0xx), in file order
    std::vector<std::string> files;  ///< the configuration files read, in order
    /// Inputs that could not be read at all ("path: why", in input order): I/O
    /// errors like collect's (exit 2), not findings. An include that cannot be
    /// read is a finding (HV002) of the file that names it.
    std::vector<std::string> input_errors;
};

/// The nodes a havip.toml text describes (as a file of that name would give
/// them), its findings into `sink`; `sm` holds the text.
std::vector<model::Node> read_toml_text(source::SourceMap& sm, const std::string& name, std::string text,
                                        diag::DiagSink& sink);

/// Expands inputs: files as given, directories recursively (*.conf, keepalived.conf,
/// *.toml except inventories and policy files), "-" for stdin. Unreadable inputs are
/// returned in `errors` (usage / I/O errors: exit 2). The files a walk finds
/// are checked on up to `jobs` threads; the result does not depend on it. A .conf
/// file the directory lists as a regular file is checked when load reads it
/// (Workspace::input_errors): a fleet's files cost no system call here.
std::vector<std::string> collect(const std::vector<std::string>& inputs, std::vector<std::string>& errors,
                                 unsigned jobs = 1);

/// Parses and lowers every file into ws.fleet, in input order; a node described
/// again by a later input is set aside (set_twins_aside).
void load(Workspace& ws, const std::vector<std::string>& files, const LoadOptions& opt);

/// Moves every description of a node name after its first (a pair's .conf files
/// read with its havip.toml, or two files with one stem) from fleet.nodes to
/// fleet.twins, keeping the order of both: rules and emitters read each node
/// once, and HV120 reports the twins.
void set_twins_aside(model::Fleet& fleet);

/// Reads `--inventory FILE` into inv; findings go to ws.diags. False on I/O or syntax error.
bool load_inventory(Workspace& ws, const std::string& path, model::Inventory& inv);
/// The inventory file as read (syntax::toml) turned into the model's facts; entries
/// the reader already reported (a CIDR that does not parse) are left out.
model::Inventory inventory_model(const syntax::toml::Inventory& in);

/// Lint policy from `.havip-lint.toml` (found upward from the first input).
struct PolicyFile {
    std::string path;
    std::vector<std::string> ignore;
    std::vector<std::pair<std::string, std::string>> severity;  ///< code → level
    std::string failure_threshold;
    std::string target_keepalived;
    std::vector<std::string> subnets;
    std::optional<bool> werror;
    std::string inventory;  ///< resolved against the policy file's directory
};
std::optional<std::string> find_policy(const std::vector<std::string>& inputs);
bool load_policy(Workspace& ws, const std::string& path, PolicyFile& out);

/// The node name of a .conf file: its stem, or the parent directory's name for
/// `keepalived.conf`; with an `@id`, `stem@id` (just `id` for keepalived.conf).
std::string node_name_for(const std::string& path, const std::string& config_id);

}  // namespace havip::driver
