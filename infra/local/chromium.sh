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

# shellcheck source=infra/local/debian-packages.sh
. "$(dirname "${BASH_SOURCE[0]}")/debian-packages.sh"
debian_install chromium fonts-noto-cjk poppler-utils unzip ||
  { say "ERROR: Chromium, the CJK fonts, poppler-utils and unzip are needed by the browser tests"; exit 1; }
[ -x "$CHROMIUM" ] || { say "ERROR: apt-get installed chromium but $CHROMIUM is not there"; exit 1; }
say "installed $("$CHROMIUM" --version 2>/dev/null)"
