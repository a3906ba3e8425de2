# Shared by scripts/run and scripts/test: make sure the Debian 12 packages
# layerlab builds with are present, then configure and build into $1.
set -eu

LL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LL_PACKAGES="build-essential cmake pkgconf libserialport-dev libncurses-dev
liblua5.4-dev libsqlite3-dev libpq-dev postgresql libsodium-dev libjansson-dev tmux python3
zbar-tools poppler-utils libcairo2-dev libpango1.0-dev libqrencode-dev uuid-dev
zlib1g-dev libcurl4-openssl-dev fonts-noto-core libgettextpo-dev printrun iso-codes"
# scripts/test: the second build is made with clang, then the Debian package.
LL_PACKAGES="$LL_PACKAGES clang debhelper dpkg-dev lintian"

ll_missing_packages() {
	local p missing=""
	for p in $LL_PACKAGES "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing="$missing $p"
	done
	echo "${missing# }"
}

# ll_install_packages [EXTRA...]: installs exactly the missing packages as
# root; as a normal user prints the one command to run and stops.
ll_install_packages() {
	local missing
	missing=$(ll_missing_packages "$@")
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "layerlab: setup: these Debian packages are missing: $missing" >&2
		echo "Run this once, then try again:" >&2
		echo "  sudo apt-get install -y --no-install-recommends $missing" >&2
		exit 1
	fi
	echo "Installing: $missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
}

# ll_build DIR [CMAKE ARGS...]
ll_build() {
	local dir=$1; shift
	cmake -S "$LL_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
	cmake --build "$dir" -j "$(nproc)" >/dev/null ||
		cmake --build "$dir" -j 1
}
