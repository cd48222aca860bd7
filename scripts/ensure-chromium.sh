#!/usr/bin/env bash
# The browser tests need Debian's Chromium and CJK fonts, the poster tests poppler-utils (pdftoppm
# and friends). Install them when we can (root with apt-get, as on a fresh machine and in CI);
# otherwise say exactly what is missing.
set -euo pipefail
have_browser() { [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; }
have_fonts() { fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; }
have_poppler() { command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; }
if have_browser && have_fonts && have_poppler; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "安装 Chromium、中文字体与 poppler-utils（浏览器端到端测试与海报测试需要）…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null
fi
if ! have_browser; then
  echo "缺少 Chromium：请运行 sudo apt-get install -y chromium fonts-noto-cjk" >&2
  exit 1
fi
if ! have_poppler; then
  echo "缺少 poppler-utils（海报 PDF 测试用 pdftoppm、pdftotext）：请运行 sudo apt-get install -y poppler-utils" >&2
  exit 1
fi
