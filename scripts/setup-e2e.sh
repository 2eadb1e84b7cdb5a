#!/usr/bin/env bash
# Installs what the editor end-to-end tests need, from Debian's packages and the npm registry only:
#   - apt: chromium (driven by playwright-core), neovim (its built-in LSP client), the headers
#     code-server's native modules are built against, and a colour emoji font (hovers say ✅/❌; without
#     it the screenshots show empty boxes);
#   - npm, into $PROMFED_E2E_TOOLS (default .e2e-tools, git-ignored), outside the project's node_modules:
#     code-server (a real VS Code, offline), playwright-core, @vscode/vsce.
# Safe to run again: it skips what is already installed at the pinned versions.
# Mirrors shared/vscode-e2e/setup.sh: code-server's postinstall downloads ripgrep from the internet, so its
# scripts are skipped, Debian's ripgrep is linked in, and the natives are rebuilt here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${PROMFED_E2E_TOOLS:-$root/.e2e-tools}
case $dir in /*) ;; *) dir=$root/$dir ;; esac

CODE_SERVER_VERSION=4.100.3   # bundles VS Code 1.100.3; later releases need Node 24
PLAYWRIGHT_VERSION=1.65.1
VSCE_VERSION=$(node -p "require('$root/package.json').devDependencies['@vscode/vsce']")
stamp="code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION @vscode/vsce@$VSCE_VERSION"

apt_packages=(chromium neovim ripgrep pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev fonts-noto-color-emoji)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup-e2e: apt-get install ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
fi

if [ "$(cat "$dir/.installed" 2>/dev/null)" = "$stamp" ]; then
  echo "setup-e2e: $stamp already in $dir"
  exit 0
fi
echo "setup-e2e: installing $stamp into $dir"
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" "@vscode/vsce@$VSCE_VERSION" >/dev/null
npm rebuild argon2 --build-from-source --loglevel=error >/dev/null
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
npm_config_yes=true npm rebuild @vscode/spdlog kerberos native-watchdog node-pty @vscode/deviceid --loglevel=error >/dev/null 2>&1 || true
for f in node-pty/build/Release/pty.node @vscode/spdlog/build/Release/spdlog.node native-watchdog/build/Release/watchdog.node; do
  [ -f "node_modules/$f" ] || { echo "setup-e2e: missing native module $f" >&2; exit 1; }
done
mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
echo "$stamp" > "$dir/.installed"
echo "setup-e2e: done ($dir)"
