#!/bin/sh
# bench-vae against the same step in PyTorch (torch_vae_step.py), alternately, ROUNDS rounds
# each (default 3), one thread each; prints every run's JSON line, then the ratios of the
# medians (ours over PyTorch's images per second): wall clock, and thread CPU time, which is
# what a step costs on a core of its own when other jobs share the machine.
# Usage: simulations/bench/compare_vae_step.sh [ROUNDS]   (from the repository root, after
# mvn package; PYTHON defaults to /usr/bin/python3, JAR to simulations/target/fedvae-simulations.jar)
set -eu
ROUNDS=${1:-3}
PYTHON=${PYTHON:-/usr/bin/python3}
JAR=${JAR:-simulations/target/fedvae-simulations.jar}
HERE=$(dirname "$0")
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
uptime
i=1
while [ "$i" -le "$ROUNDS" ]; do
    java -jar "$JAR" bench-vae 2>/dev/null | grep '^{' | tee -a "$OUT"
    "$PYTHON" "$HERE/torch_vae_step.py" | tee -a "$OUT"
    i=$((i + 1))
done
uptime
"$PYTHON" - "$OUT" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
ours = [r for r in runs if r["bench"] == "vae-train-step"]
torch = [r for r in runs if r["bench"] == "torch-vae-train-step"]
def med(rs, key):
    return statistics.median(r[key] for r in rs)
print(json.dumps({
    "rounds": len(ours),
    "bench_vae_images_per_second_median": med(ours, "images_per_second"),
    "torch_images_per_second_median": med(torch, "images_per_second"),
    "ratio_images_per_second": round(med(ours, "images_per_second") / med(torch, "images_per_second"), 3),
    "bench_vae_images_per_cpu_second_median": med(ours, "images_per_cpu_second"),
    "torch_images_per_cpu_second_median": med(torch, "images_per_cpu_second"),
    "ratio_images_per_cpu_second": round(med(ours, "images_per_cpu_second") / med(torch, "images_per_cpu_second"), 3),
    "torch_blas": torch[0]["blas_libraries"],
}))
PY
