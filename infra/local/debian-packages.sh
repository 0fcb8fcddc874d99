# Debian packages the local scripts install when they are missing: servers.sh (postgresql, redis-server),
# chromium.sh (the browser of the browser tests, CJK fonts, poppler-utils, unzip) and platform.sh (the CJK font a
# person file's PDF embeds). Sourced, not run.
#
#   debian_install PACKAGE...   # 0 once installed; otherwise non-zero, with the reason on stderr
#
# As root, or with sudo. One apt-get at a time on the machine (two at once fail on dpkg's lock, and the servers
# install side by side): under a lock file in the download cache.
debian_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || {
      echo "[carelink] cannot install $* (neither root nor sudo): as root, apt-get install $*" >&2
      return 1
    }
    sudo="sudo"
  fi
  command -v apt-get >/dev/null || {
    echo "[carelink] cannot install $*: apt-get is not available; install them from your distribution" >&2
    return 1
  }
  local cache="${CARELINK_CACHE:-$HOME/.cache/carelink}"
  mkdir -p "$cache"
  (
    flock 9
    echo "[carelink] installing $* from Debian's packages (apt-get install)" >&2
    $sudo apt-get update -qq >/dev/null || { echo "[carelink] apt-get update failed" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null || {
      echo "[carelink] apt-get install $* failed" >&2
      exit 1
    }
  ) 9>"$cache/apt.lock"
}
