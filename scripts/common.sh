# Shared shell helpers, sourced by scripts/test, scripts/demo, scripts/sanity and scripts/units: the development
# virtualenv (ensure_venv), the oldest-ansible-core one (ensure_compat_venv) and a staged ansible_collections copy of
# the checkout for ansible-test (stage_collection). Source it; do not run it.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${TELNYX_WIRELESS_VENV:-$ROOT/.venv}
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3

log() { printf '\n==> %s\n' "$*"; }

# ensure_venv: create the development virtualenv and install requirements-dev.txt into it.
# Re-installs only when requirements-dev.txt or requirements.txt changed since the last install.
ensure_venv() {
  local stamp want
  want=$(cat "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt" | sha256sum | cut -d' ' -f1)
  stamp="$VENV/.requirements.sha256"
  if [ ! -x "$VENV/bin/python" ]; then
    log "creating virtualenv $VENV ($("$PY" --version))"
    "$PY" -m venv "$VENV"
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing requirements-dev.txt"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements-dev.txt" 2>&1 \
      | grep -v "^WARNING: Location" || true
    "$VENV/bin/python" -c "import ansible, requests, pytest" || { echo "virtualenv install failed" >&2; return 1; }
    echo "$want" > "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
  # ansible-test builds small venvs for sanity tests and fetches pip's bootstrap script from the internet.
  # On an air-gapped machine the project's offline stand-in takes its place (see tools/offline_get_pip.py).
  local pipver
  pipver=$("$VENV/bin/python" - <<'PYEOF'
import re, ansible_test._internal.python_requirements as m, inspect
print(re.search(r"pip='([0-9.]+)'", inspect.getsource(m)).group(1).replace('.', '_'))
PYEOF
)
  mkdir -p "$HOME/.ansible/test/cache"
  cp "$ROOT/tools/offline_get_pip.py" "$HOME/.ansible/test/cache/get_pip_${pipver}.py"
}

# ensure_compat_venv: a second virtualenv with the oldest ansible-core the collection supports (tests/compat/).
ensure_compat_venv() {
  local venv=${TELNYX_WIRELESS_COMPAT_VENV:-$ROOT/.venv-compat} want
  want=$(sha256sum < "$ROOT/tests/compat/requirements.txt" | cut -d' ' -f1)
  [ -x "$venv/bin/python" ] || "$PY" -m venv "$venv" || return 1
  if [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/tests/compat/requirements.txt" 2>&1 \
      | grep -v "^WARNING: Location" || true
    "$venv/bin/python" -c "import ansible, requests, pytest, xdist" || return 1
    echo "$want" > "$venv/.requirements.sha256"
  fi
  export COMPAT_PYTHON=$venv/bin/python
}

# stage_collection DEST: copy the working tree (without venv, git and outputs) to
# DEST/ansible_collections/telnyx/wireless, the layout ansible-test requires. Prints that path.
stage_collection() {
  local dest=$1/ansible_collections/telnyx/wireless
  rm -rf "$dest"
  mkdir -p "$dest"
  tar -C "$ROOT" --exclude=./.venv --exclude=./.venv-compat --exclude=./.git --exclude=./tests/output --exclude=./.pytest_cache --exclude=./.ruff_cache \
      --exclude=./.ansible --exclude='*.tar.gz' --exclude='__pycache__' -cf - . | tar -C "$dest" -xf -
  # ansible-test lists a collection's files through git when it is a git work tree: make it one,
  # holding exactly the staged files, so untracked local files are tested as CI would see them.
  (cd "$dest" && git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm staged) >/dev/null
  echo "$dest"
}
