# lib.sh — what every benchmark script starts with (sourced, not run).
#
# usage: . "$(dirname "$0")/lib.sh" TARGET...
#
# Sets root (the checkout), build (the Release tree, $BUILD or
# build-bench/) and out (bench/out/, created), configures the tree the
# first time and builds the TARGETs in it.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD:-$root/build-bench}
out=$root/bench/out
mkdir -p "$out"
if [[ ! -f $build/build.ninja ]]; then
	cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
		-DPARLEY_TESTS=OFF >/dev/null
fi
ninja -C "$build" "$@" >/dev/null
