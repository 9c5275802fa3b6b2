# Sourced by .ci/run and .ci/new-user-check: finds JDK 17 and the newest JDK under /usr/lib/jvm.
# Sets jdk17, newest and newest_v; exits with a message if either is missing.

spec_version() { # the feature version of a JDK home, e.g. 17 or 25
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ { print $2; exit }'
}

jdk17="" newest="" newest_v=0
for home in /usr/lib/jvm/*/; do
  home=${home%/}
  [ -x "$home/bin/javac" ] || continue
  [ -L "$home" ] && continue
  v=$(spec_version "$home" || true)
  case "$v" in ''|*[!0-9]*) continue ;; esac
  [ "$v" = 17 ] && [ -z "$jdk17" ] && jdk17=$home
  if [ "$v" -gt "$newest_v" ]; then newest_v=$v newest=$home; fi
done

if [ -z "$jdk17" ]; then
  echo "ci: no JDK 17 found under /usr/lib/jvm (needed: the baseline JDK)" >&2
  exit 1
fi
if [ "$newest_v" -le 17 ]; then
  echo "ci: no JDK newer than 17 found under /usr/lib/jvm (expected JDK 25 beside the default one)" >&2
  exit 1
fi
