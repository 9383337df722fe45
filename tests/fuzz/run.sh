#!/usr/bin/env bash
# Builds the fuzz targets on stable Rust (libFuzzer from libfuzzer-sys, coverage from LLVM's
# sancov pass; no sanitizer, which would need nightly) and runs one of them.
#
#   tests/fuzz/run.sh build                 build both targets
#   tests/fuzz/run.sh TARGET SECONDS [ARGS] fuzz TARGET (preset|photo) for SECONDS, starting from
#                                           the committed corpus/TARGET; new inputs go to
#                                           work/TARGET, crashes to artifacts/TARGET/
#
# Needs a C++ compiler (libfuzzer-sys compiles libFuzzer). Exits non-zero if a target crashes.
set -euo pipefail
cd "$(dirname "$0")"

host=$(rustc -vV | sed -n 's/^host: //p')
# --target keeps these flags off build scripts and proc macros (serde, thiserror, clap).
export RUSTFLAGS="-Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares \
 -Cdebug-assertions -Coverflow-checks --cfg fuzzing"
export CARGO_TARGET_DIR="$PWD/target"

build() {
  cargo build --release --locked --target "$host" --bins
}

if [[ "${1:-}" == build ]]; then
  build
  exit 0
fi

target=${1:?usage: run.sh build | run.sh TARGET SECONDS [libFuzzer args]}
seconds=${2:?usage: run.sh TARGET SECONDS [libFuzzer args]}
shift 2
build
mkdir -p "work/$target" "artifacts/$target"
# -rss_limit_mb: a forged header that slipped past the pixel limit would show up as an OOM crash.
exec nice -n 10 "target/$host/release/$target" "work/$target" "corpus/$target" \
  -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=10 -max_len=65536 \
  -artifact_prefix="artifacts/$target/" -print_final_stats=1 "$@"
