#!/usr/bin/env bash
# The browser of the console's browser tests (infra/e2e/console): Debian's `chromium` package, with CJK fonts so
# that screenshots show Chinese. Installs it when /usr/bin/chromium is missing (apt-get, as root or with sudo);
# does nothing when it is there. Browser downloads from elsewhere (Playwright's CDN) are never used.
# Also the tools the one-person-file tests read an export with (poppler-utils: pdftoppm, pdftotext; unzip) and the
# CJK font assessment embeds in a file's PDF (fonts-noto-cjk).
set -euo pipefail
CHROMIUM=/usr/bin/chromium
say() { printf '[carelink] %s\n' "$*" >&2; }
CJK_FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
if [ -x "$CHROMIUM" ] && [ -f "$CJK_FONT" ] && command -v pdftoppm >/dev/null && command -v unzip >/dev/null; then
  say "Chromium, the CJK fonts, poppler-utils and unzip are installed ($CHROMIUM)"; exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { say "ERROR: install as root: apt-get install chromium fonts-noto-cjk poppler-utils unzip"; exit 1; }
  SUDO="sudo"
fi
command -v apt-get >/dev/null || { say "ERROR: $CHROMIUM is missing and apt-get is not available to install it"; exit 1; }
say "installing Chromium, CJK fonts, poppler-utils and unzip for the tests (apt-get install chromium fonts-noto-cjk poppler-utils unzip)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk poppler-utils unzip >/dev/null
[ -x "$CHROMIUM" ] || { say "ERROR: apt-get installed chromium but $CHROMIUM is not there"; exit 1; }
say "installed $("$CHROMIUM" --version 2>/dev/null)"
