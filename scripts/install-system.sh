#!/usr/bin/env bash
# Install the Debian packages listed in scripts/debian-packages.txt that are not installed yet.
# Needs root (or sudo) only when something is missing; does nothing otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t wanted < <(grep -Ev '^\s*(#|$)' scripts/debian-packages.txt)
# Names that installed packages provide count too (NodeSource's nodejs provides npm, and
# installing Debian's npm next to it would remove it).
provided=" $(dpkg-query -W -f='${Status}|${Provides}\n' 2>/dev/null | sed -n 's/^install ok installed|//p' |
  tr ',' '\n' | sed 's/(.*//; s/ //g' | tr '\n' ' ') "
missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" || $provided == *" $pkg "* ]] || missing+=("$pkg")
done
((${#missing[@]})) || exit 0

echo "Installing Debian packages: ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "error: these Debian packages are missing and this user cannot install them:" >&2
  echo "  apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
