#!/usr/bin/env bash
# Installs Azurite (the Azure Storage emulator, npm package azurite@3.37.0) into <repo>/.azurite for the
# azblob-vsp differential tests. Idempotent: does nothing when that exact version is already installed.
# Needs node and npm on PATH and the npm registry reachable. Tests find it through AzuriteSupport.
set -euo pipefail

readonly AZURITE_VERSION="3.37.0"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly target_dir="${repo_root}/.azurite"
readonly marker="${target_dir}/node_modules/azurite/package.json"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-azurite: node and npm are required (e.g. apt-get install nodejs npm)" >&2
  exit 1
fi

if [[ -f "${marker}" ]] && grep -q "\"version\": \"${AZURITE_VERSION}\"" "${marker}" \
    && [[ -x "${target_dir}/node_modules/.bin/azurite-blob" ]]; then
  echo "install-azurite: azurite ${AZURITE_VERSION} already in ${target_dir}"
  exit 0
fi

mkdir -p "${target_dir}"
# A package.json of our own keeps npm from walking up into the repository looking for one.
if [[ ! -f "${target_dir}/package.json" ]]; then
  printf '{\n  "name": "vmbussim-azurite",\n  "private": true\n}\n' > "${target_dir}/package.json"
fi
echo "install-azurite: installing azurite@${AZURITE_VERSION} into ${target_dir}"
(cd "${target_dir}" && npm install "azurite@${AZURITE_VERSION}" --no-audit --no-fund --no-save --loglevel=error)

if [[ ! -x "${target_dir}/node_modules/.bin/azurite-blob" ]]; then
  echo "install-azurite: npm finished but node_modules/.bin/azurite-blob is missing" >&2
  exit 1
fi
echo "install-azurite: done"
