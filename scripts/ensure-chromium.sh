#!/usr/bin/env bash
# The browser tests need Debian's Chromium and CJK fonts. Install them when we can (root with
# apt-get, as on a fresh machine and in CI); otherwise say exactly what is missing.
set -euo pipefail
have_browser() { [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; }
have_fonts() { fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; }
if have_browser && have_fonts; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "安装 Chromium 与中文字体（浏览器端到端测试需要）…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
if ! have_browser; then
  echo "缺少 Chromium：请运行 sudo apt-get install -y chromium fonts-noto-cjk" >&2
  exit 1
fi
