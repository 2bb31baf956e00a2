# Shared shell helpers, sourced by every script of scripts/: the development virtualenv (ensure_venv), the venv of an
# ansible-core version (ensure_version_venv), a staged ansible_collections copy of the checkout for ansible-test
# (stage_collection), ansible-test's home in the checkout (ansible_test_in_checkout), --help (show_help).
# Source it; do not run it.
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
  offline_get_pip "$VENV/bin/python"
}

# Where the scripts' Ansible tools write: ANSIBLE_HOME in the checkout (.ansible/, ignored by git), and ansible-test's
# own caches (it writes under ~/.ansible/test) in a home of its own there: nothing outside the checkout, its venvs and
# the system temp folder. Run ansible-test as `ansible_test_in_checkout ANSIBLE_TEST_PATH ARGS...`.
export ANSIBLE_HOME="$ROOT/.ansible"
ANSIBLE_TEST_HOME="$ROOT/.ansible/ansible-test-home"
ansible_test_in_checkout() {
  mkdir -p "$ANSIBLE_TEST_HOME"
  # the user's pip configuration and pyenv stay where they are
  local user_home=$HOME settings=()
  settings=(HOME="$ANSIBLE_TEST_HOME" XDG_CONFIG_HOME="${XDG_CONFIG_HOME:-$user_home/.config}" PYENV_ROOT="${PYENV_ROOT:-$user_home/.pyenv}")
  [ -z "${PIP_CONFIG_FILE:-}" ] && [ -f "$user_home/.pip/pip.conf" ] && settings+=(PIP_CONFIG_FILE="$user_home/.pip/pip.conf")
  env "${settings[@]}" "$@"
}

# ensure_shellcheck: ansible-test's shellcheck sanity test passes silently when shellcheck is missing, so the scripts
# that run sanity need it: as root with apt-get it is installed (the machine's package lists first; `apt-get update`
# only when they do not know it, each step time-limited); otherwise its absence fails, saying how to install it.
ensure_shellcheck() {
  command -v shellcheck >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing shellcheck (apt-get)"
    timeout 60 apt-get install -y -qq shellcheck >/dev/null 2>&1 \
      || (timeout 90 apt-get update -qq && timeout 60 apt-get install -y -qq shellcheck) >/dev/null 2>&1
    command -v shellcheck >/dev/null 2>&1 && return 0
  fi
  echo "shellcheck is not installed, and ansible-test sanity would skip its shellcheck test: install it" \
       "(apt-get install shellcheck, dnf install ShellCheck, brew install shellcheck) and run again" >&2
  return 1
}

# show_help "$@": the script's opening comment, when its first argument is -h or --help (then the script exits).
show_help() {
  case "${1:-}" in
    -h|--help) sed -n '2,/^[^#]/{/^# shellcheck/d;/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
  esac
}

# stage_collection DEST: copy the working tree (without venv, git and outputs) to
# DEST/ansible_collections/telnyx/wireless, the layout ansible-test requires. Prints that path.
stage_collection() {
  local dest=$1/ansible_collections/telnyx/wireless
  rm -rf "$dest"
  mkdir -p "$dest"
  tar -C "$ROOT" --exclude=./.venv --exclude='./.venv-*' --exclude=./.git --exclude=./tests/output --exclude=./.pytest_cache --exclude=./.ruff_cache \
      --exclude=./.ansible --exclude='*.tar.gz' --exclude='__pycache__' -cf - . | tar -C "$dest" -xf -
  # ansible-test lists a collection's files through git when it is a git work tree: make it one,
  # holding exactly the staged files, so untracked local files are tested as CI would see them.
  (cd "$dest" && git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm staged) >/dev/null
  echo "$dest"
}

# ---- ansible-core version matrix (tests/matrix/versions.txt; scripts/matrix and scripts/test) ----

# matrix_versions [every-run]: lines "minor core python" of tests/matrix/versions.txt (only every-run ones if asked).
matrix_versions() {
  grep -v '^#' "$ROOT/tests/matrix/versions.txt" | awk -v only="${1:-}" 'NF >= 3 && (only == "" || $4 == only) {print $1, $2, $3}'
}

# python_for X.Y: a python X.Y interpreter (the newest pyenv X.Y.*, else one on PATH).
python_for() {
  local found candidates=("$HOME"/.pyenv/versions/"$1".*/bin/python"$1")
  found=$(printf '%s\n' "${candidates[@]}" | sort -V | tail -1)
  [ -x "$found" ] && { echo "$found"; return 0; }
  found=$(command -v "python$1" 2>/dev/null) && "$found" -c "" 2>/dev/null && { echo "$found"; return 0; }
  echo "no python$1 found (PATH or ~/.pyenv/versions)" >&2; return 1
}

# offline_get_pip PYTHON: ansible-test bootstraps pip in its venvs with a get-pip script it would fetch from
# ci-files.testing.ansible.com. The scripts send no traffic but to 127.0.0.1 and the package index, so ansible-test
# gets the project's stand-in (tools/offline_get_pip.py: the pip version ansible-test asks for, its wheel fetched once
# with the interpreter's own ensurepip pip and unpacked into each venv) in its home in the checkout (see
# ansible_test_in_checkout), online or not.
offline_get_pip() {
  local pipver cache
  pipver=$("$1" - <<'PYEOF'
import re, ansible_test._internal.python_requirements as m, inspect
print(re.search(r"pip='([0-9.]+)'", inspect.getsource(m)).group(1).replace('.', '_'))
PYEOF
) || return 1
  cache="$ANSIBLE_TEST_HOME/.ansible/test/cache"
  cmp -s "$ROOT/tools/offline_get_pip.py" "$cache/get_pip_${pipver}.py" && return 0
  mkdir -p "$cache"
  # through a file of its own, then renamed: venvs made side by side may ask for the same one at once
  cp "$ROOT/tools/offline_get_pip.py" "$cache/get_pip_${pipver}.py.$$" && mv -f "$cache/get_pip_${pipver}.py.$$" "$cache/get_pip_${pipver}.py"
}

# ensure_version_venv MINOR CORE PYTHON: $ROOT/.venv-MINOR with ansible-core==CORE and tests/matrix/requirements.txt,
# on python PYTHON (re-installed only when they change). Prints the venv's python.
ensure_version_venv() {
  local venv=${TELNYX_WIRELESS_MATRIX_VENVS:-$ROOT}/.venv-$1 want py
  want=$(printf '%s %s\n' "$2" "$3" | cat - "$ROOT/tests/matrix/requirements.txt" | sha256sum | cut -d' ' -f1)
  if [ ! -x "$venv/bin/python" ]; then
    py=$(python_for "$3") || return 1
    "$py" -m venv "$venv" >&2 || return 1
  fi
  if [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "ansible-core==$2" -r "$ROOT/tests/matrix/requirements.txt" 2>&1 \
      | grep -v "^WARNING: Location" >&2
    "$venv/bin/python" -c "import ansible, requests, pytest, xdist, ansible_runner" || return 1
    echo "$want" > "$venv/.requirements.sha256"
  fi
  offline_get_pip "$venv/bin/python" || return 1
  echo "$venv/bin/python"
}

# sanity_counts LOG RC: "passed/total" of an ansible-test sanity run's output.
sanity_counts() {
  local total failed
  total=$(grep -c '^Running sanity test "' "$1")
  failed=$(sed -n 's/.*The \([0-9]*\) sanity test(s) listed below (out of [0-9]*) failed.*/\1/p' "$1" | tail -1)
  [ -n "$failed" ] && total=$(sed -n 's/.*listed below (out of \([0-9]*\)) failed.*/\1/p' "$1" | tail -1)
  [ -z "$failed" ] && { [ "$2" = 0 ] && failed=0 || failed=$total; }
  echo "$(( total - failed ))/$total"
}

# demo_test: tests/integration/test_demo.py, scripts/demo run as a newcomer runs it. The demo uses the development venv
# whatever ansible-core an integration stage tests, so scripts/test and scripts/matrix run it once, as a stage of its
# own in that venv, and deselect it from every version's integration suite (docs/decisions.md, "The test command's
# schedule"). Extra arguments go to pytest.
DEMO_TEST=tests/integration/test_demo.py
demo_test() {
  (cd "$ROOT" && "$VENV/bin/python" -m pytest -p no:cacheprovider -p no:ansible -q -ra "$DEMO_TEST" "$@")
}

# pytest_counts JUNIT_XML: "passed/total" (skipped tests count in neither) of a pytest --junitxml file.
pytest_counts() {
  python3 - "$1" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print("0/0 (no result)"); sys.exit()
suites = [root] if root.tag == "testsuite" else list(root)
tests = sum(int(s.get("tests", 0)) for s in suites); skipped = sum(int(s.get("skipped", 0)) for s in suites)
bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
print("%d/%d%s" % (tests - skipped - bad, tests - skipped, " (%d skipped)" % skipped if skipped else ""))
PYEOF
}
