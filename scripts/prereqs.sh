# Install steps shared by run.sh and test.sh; each step is skipped when already satisfied.
# Sourced, not run: callers set -euo pipefail and cd to the repository root first.

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The Functions SDK restores a hidden project that ignores Directory.Build.props; the registry
# mirror lacks some exact minimum versions there, and the next one up is fine.
export NoWarn=NU1603

# Bold only on a terminal (and not under NO_COLOR): a log or a pipe gets plain "==> ..." lines.
say() {
  if [ -t 2 ] && [ -z "${NO_COLOR:-}" ]; then printf '\033[1m==> %s\033[0m\n' "$*" >&2; else printf '==> %s\n' "$*" >&2; fi
}

apt_install() { # apt_install COMMAND|/PATH PACKAGE...: installs the packages when the command or file is missing
  local cmd=$1; shift
  case "$cmd" in
    /*) [ -e "$cmd" ] && return 0 ;;
    *) command -v "$cmd" >/dev/null 2>&1 && return 0 ;;
  esac
  if [ "$(id -u)" != 0 ]; then
    say "missing '$cmd': install the Debian packages $* (sudo apt-get install $*)"
    return 1
  fi
  say "installing $* (apt)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_node_modules() { # Azurite and the stemmer the site vendors, pinned in package-lock.json
  if [ ! -x node_modules/.bin/azurite ] || [ ! -f node_modules/stemmer/index.js ]; then
    apt_install npm nodejs npm
    say "installing Azurite and the stemmer (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 || { say "the .NET 10 SDK is required: https://dot.net"; return 1; }
  say "restoring .NET packages"
  dotnet restore Serverless.sln --verbosity quiet
}
