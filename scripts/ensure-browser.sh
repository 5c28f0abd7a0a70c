#!/usr/bin/env bash
# The browser test (test/web.browser.test.ts) drives Debian's Chromium through playwright-core, and its
# screenshots need a CJK font to show Chinese. Installs both only when missing (needs root and apt-get);
# run by `npm test` (its pretest script) and by .ci/run, so the README's test command does all the set-up.
set -uo pipefail
if [ -x /usr/bin/chromium ] && fc-list :lang=zh 2>/dev/null | grep -q .; then exit 0; fi
if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
  echo "/usr/bin/chromium or a Chinese font is missing — fix: as root, apt-get update && apt-get install -y chromium fonts-wqy-zenhei" >&2
  exit 1
fi
echo "installing Debian's chromium and fonts-wqy-zenhei for the browser test" >&2
apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null && [ -x /usr/bin/chromium ]
