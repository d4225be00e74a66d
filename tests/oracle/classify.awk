# awk -v file=F -f classify.awk F KEEPALIVED_OUTPUT
# Classifies each line `keepalived -t` printed for config F:
#   host    a fact of this machine (an interface, a script file that is missing)
#   script  script security (script_security, the script user)
#   crash   keepalived itself failed (a libc abort)
#   summary "Non-existent interface specified in configuration", which sums up the
#           interface lines before it (each of those is classified itself)
#   config  a problem of the configuration itself
#   follow  a line inside the block of an unknown top-level keyword, which keepalived
#           reports line by line after the keyword itself
# and finds its line: "(F: Line N) ..." or "(Line N) ...". keepalived prints some
# complaints after parsing, without a line; those naming a vrrp_instance
# "(NAME) ...", a virtual server "Virtual server [A]:proto:P", a sync group or a
# vrrp_script are put on the line that opens that block, with the block's last
# line as a range (a finding anywhere in the block answers them).
# Prints: KA <tab> F <tab> line-or-"-" <tab> class <tab> message <tab> last line
function opened(key) { if (!(key in head)) { head[key] = FNR; open[++nopen] = key; odepth[nopen] = depth } }
FILENAME == ARGV[1] {
  l = $0; sub(/\r$/, "", l); sub(/[#!].*/, "", l)
  if (match(l, /^[ \t]*(vrrp_instance|vrrp_sync_group|vrrp_script|virtual_server)[ \t]+/)) {
    kw = l; sub(/^[ \t]*/, "", kw); sub(/[ \t].*/, "", kw)
    n = split(substr(l, RLENGTH + 1), w, /[ \t{]+/)
    if (kw == "virtual_server") {
      if (w[1] == "fwmark") opened("vs FWM " w[2])
      else if (w[1] == "group") opened("vs group " w[2])
      else opened("vs " w[1] ":" w[2])
    } else opened(kw " " w[1])
  }
  first = l; sub(/^[ \t]*/, "", first); sub(/[ \t{].*/, "", first); kwl[FNR] = first
  t = l; o = gsub(/\{/, "", t); t = l; c = gsub(/\}/, "", t)
  if (nos > 0) topopen[FNR] = ostack[1]                 # the top-level block this line is in
  for (i = 0; i < o; i++) ostack[++nos] = FNR
  for (i = 0; i < c && nos > 0; i++) { closes[ostack[nos]] = FNR; openof[FNR] = ostack[nos]; nos-- }
  depth += o - c
  while (nopen > 0 && depth <= odepth[nopen] && FNR > head[open[nopen]]) { last[open[nopen]] = FNR; nopen-- }
  next
}
{
  msg = $0; sub(/\r$/, "", msg); line = "-"; end = "-"
  if (msg ~ /^[ \t]/ || msg ~ /^[ \t]*$/) next          # continuation of the previous message
  if (match(msg, /^\(([^()]*: )?Line [0-9]+\) /)) {
    h = substr(msg, 1, RLENGTH); msg = substr(msg, RLENGTH + 1)
    sub(/^.*Line /, "", h); sub(/\) $/, "", h); line = h; end = h
    # A complaint about a whole block comes when keepalived reads its `}`: the block counts.
    if (kwl[line + 0] == "}" && ((line + 0) in openof) && msg !~ /^(Unknown keyword|Unexpected)/) line = openof[line + 0]
    if (msg ~ /^[ \t]/) next                            # continuation of the previous message
  } else {
    key = ""
    if (match(msg, /^[Vv]irtual server (\[[^]]*\]:[a-z]*:[0-9]+|FWM [0-9]+|group [^ :]+)/) ||
        match(msg, /[Vv]irtual server (\[[^]]*\]:[a-z]*:[0-9]+|FWM [0-9]+)/)) {
      k = substr(msg, RSTART, RLENGTH); sub(/^[^ ]* server /, "", k)
      if (k ~ /^\[/) { a = k; sub(/^\[/, "", a); sub(/\].*/, "", a); p = k; sub(/.*:/, "", p); k = a ":" p }
      key = "vs " k
    } else if (match(msg, /^\([^() ]+\)/)) key = "vrrp_instance " substr(msg, 2, RLENGTH - 2)
    else if (match(msg, /^Sync group [^ ]+/)) key = "vrrp_sync_group " substr(msg, 12, RLENGTH - 11)
    else if (match(msg, / in sync group [^ ]+/)) key = "vrrp_sync_group " substr(msg, RSTART + 15, RLENGTH - 15)
    if (key in head) {
      line = head[key]; end = (key in last) ? last[key] : head[key]
      # Complaints about one keyword of the block go on that keyword's line.
      hint = ""
      if (msg ~ /nopreempt will not work/) hint = "nopreempt"
      else if (msg ~ /preempt delay will not work/) hint = "preempt_delay"
      else if (msg ~ /Strict mode does not support authentication/) hint = "authentication"
      else if (msg ~ /incompatible with AH authentication|State MASTER must match being address owner/) hint = "state"
      else if (msg ~ /Ignoring track_interface/) hint = "track_interface"
      if (hint != "") for (i = line + 0; i <= end + 0; i++) if (kwl[i] == hint) { line = i; end = (i in closes) ? closes[i] : i; break }
    }
  }
  if (seen[line SUBSEP msg]++) next                     # each subsystem repeats the parse
  # keepalived does not skip the block of an unknown top-level keyword: it reports
  # the `{` and then every line inside as unknown. Those follow from the first one.
  # Likewise `track_interface eth1` (a block keyword with words instead of `{`):
  # keepalived takes the next block as its own and reports each line of it.
  # Inside a block, the unknown keyword's `}` closes the enclosing block instead:
  # the rest of the top-level block is read a level up, line by line.
  inrange = line != "-" && line + 0 > followfrom + 0 && line + 0 <= followto + 0
  if (!inrange && line != "-" && msg ~ /^Unexpected '\{' - ignoring/ && (line in closes)) {
    followfrom = line; followany = 0
    followto = ((line in topopen) && (topopen[line] in closes)) ? closes[topopen[line]] : closes[line]
  }
  else if (!inrange && line != "-" && msg ~ /^Block [^ ]+ has extra parameters/ && ((line + 1) in closes)) { followto = closes[line + 1]; followfrom = line; followany = 1 }
  else if (inrange && (followany || msg ~ /^(Unknown keyword|Unexpected '\{')/)) {
    gsub(/\t/, " ", msg); printf "KA\t%s\t%s\tfollow\t%s\t%s\n", file, line, msg, end; next
  }
  cls = "config"
  if (msg ~ /interface [{}] (doesn't|does not) exist/) cls = "config"
  else if (msg ~ /^Non-existent interface specified in configuration/) cls = "summary"
  else if (msg ~ /interface .* (doesn't|does not) exist|[Cc]annot find interface|No such device/) cls = "host"
  else if (msg ~ /^Disabling track script .* since not found\/accessible/) cls = "host"
  else if (msg ~ /^Config files missing/) cls = "host"
  else if (msg ~ /SECURITY VIOLATION|Unable to set default user|default user .* does not exist|is not executable|[Uu]nable to access script|cannot be accessed|insecure|unsafe permissions/) cls = "script"
  else if (msg ~ /^(free|malloc|realloc|double free)|corrupted|Segmentation|Aborted|stack smashing/) cls = "crash"
  gsub(/\t/, " ", msg)
  printf "KA\t%s\t%s\t%s\t%s\t%s\n", file, line, cls, msg, end
}
