# Prints every interface name a keepalived.conf mentions, one a line: the word
# after `interface`, `dev`, `default_interface`, `lvs_sync_daemon(_interface)`,
# `mcast_interface`, and the members of `track_interface { }` blocks.
{
  sub(/\r$/, ""); sub(/[#!].*/, "")
  gsub(/[{}]/, " & ")
  n = split($0, w, /[ \t]+/)
  for (i = 1; i <= n; i++) {
    if (w[i] == "") continue
    if (intrack) {
      if (w[i] == "}") { intrack = 0; continue }
      if (w[i] != "{" && first) { print w[i]; first = 0 }
      continue
    }
    if (w[i] == "track_interface") { intrack = 1; first = 1; continue }
    if (w[i] ~ /^(interface|dev|default_interface|lvs_sync_daemon|lvs_sync_daemon_interface|mcast_interface)$/ && i < n)
      print w[i + 1]
  }
  if (intrack) first = 1
}
