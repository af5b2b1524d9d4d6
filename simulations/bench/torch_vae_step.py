#!/usr/bin/env python3
"""Times the same VAE training step as `bench-vae`, in PyTorch, and prints one JSON line.

The reference VAE 784-400-20 (Linear layers, relu, reparameterisation), per-image loss
BCE-with-logits summed over pixels + KL, mean over the batch, torch.optim.Adam lr 1e-3,
batches of 128 synthetic images (blobs, like bench-vae's), one thread by default.

Run it with a Python that has torch (Debian: /usr/bin/python3 with python3-torch; install
libopenblas0-pthread so that torch's BLAS is OpenBLAS, not the reference BLAS: the JSON reports
which BLAS library the process mapped).
"""
import argparse
import json
import math
import os
import statistics
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--batches", type=int, default=200, help="timed steps (default 200)")
    p.add_argument("--warmup", type=int, default=30, help="untimed steps first (default 30)")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads, and OpenBLAS's threads (default 1)")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    if a.batches <= 0 or a.warmup < 0 or a.batch_size <= 0 or a.threads <= 0:
        p.error("--batches, --batch-size and --threads must be positive, --warmup not negative")
    return a


ARGS = parse_args()
# torch.set_num_threads does not reach OpenBLAS's own pthreads; they read this when loading.
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(ARGS.threads))
os.environ.setdefault("OMP_NUM_THREADS", str(ARGS.threads))

import torch  # noqa: E402  (after the environment above)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


class Vae(nn.Module):
    def __init__(self, inp, hid, lat):
        super().__init__()
        self.fc1 = nn.Linear(inp, hid)
        self.mu = nn.Linear(hid, lat)
        self.logvar = nn.Linear(hid, lat)
        self.dec1 = nn.Linear(lat, hid)
        self.out = nn.Linear(hid, inp)

    def forward(self, x):
        h1 = F.relu(self.fc1(x))
        mu = self.mu(h1)
        logvar = self.logvar(h1)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        logits = self.out(F.relu(self.dec1(z)))
        return logits, mu, logvar


def loss_fn(logits, x, mu, logvar):
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kl = 0.5 * torch.sum(mu.pow(2) + logvar.exp() - 1.0 - logvar)
    return (bce + kl) / x.shape[0]


def synthetic_images(n, side, seed):
    """Blobs of ink on a blank background, values in [0, 1] (like bench-vae's)."""
    g = torch.Generator().manual_seed(seed)
    cx = 8 + 12 * torch.rand(n, 1, 1, generator=g)
    cy = 8 + 12 * torch.rand(n, 1, 1, generator=g)
    r = 3 + 5 * torch.rand(n, 1, 1, generator=g)
    ys = torch.arange(side, dtype=torch.float32).view(1, side, 1)
    xs = torch.arange(side, dtype=torch.float32).view(1, 1, side)
    d = torch.sqrt((xs - cx) ** 2 + (ys - cy) ** 2)
    v = ((r - d) / 2 + 0.5).clamp(0, 1) * (0.8 + 0.2 * torch.rand(n, side, side, generator=g))
    return v.reshape(n, side * side).contiguous()


def blas_libraries():
    """The BLAS/LAPACK shared objects this process has mapped (to show which BLAS torch uses)."""
    libs = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                name = path.rsplit("/", 1)[-1]
                if any(k in name for k in ("blas", "lapack", "mkl")):
                    libs.add(path)
    except OSError:
        pass
    return sorted(libs)


def main():
    a = ARGS

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    images = synthetic_images(2048, 28, a.seed)
    model = Vae(784, 400, 20)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    n = images.shape[0]
    per_epoch = n // a.batch_size
    times = []
    cpu_times = []  # this thread's CPU time: what the step costs on a core of its own
    process_cpu_times = []  # all threads' (equal to the above when nothing runs elsewhere)
    step = 0
    while step < a.warmup + a.batches:
        order = torch.randperm(n)
        for b in range(per_epoch):
            if step >= a.warmup + a.batches:
                break
            t0 = time.perf_counter()
            c0 = time.thread_time()
            p0 = time.process_time()
            x = images[order[b * a.batch_size:(b + 1) * a.batch_size]]
            logits, mu, logvar = model(x)
            loss = loss_fn(logits, x, mu, logvar)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            t1 = time.perf_counter()
            c1 = time.thread_time()
            p1 = time.process_time()
            if step >= a.warmup:
                times.append((t1 - t0) * 1e3)
                cpu_times.append((c1 - c0) * 1e3)
                process_cpu_times.append((p1 - p0) * 1e3)
            step += 1
    if not math.isfinite(loss.item()):
        raise SystemExit("loss is not finite: " + str(loss.item()))
    mean = statistics.fmean(times)
    print(json.dumps({
        "bench": "torch-vae-train-step",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch_size": a.batch_size,
        "batches": a.batches,
        "warmup": a.warmup,
        "ms_per_batch_median": round(statistics.median(times), 3),
        "ms_per_batch_mean": round(mean, 3),
        "ms_per_batch_min": round(min(times), 3),
        "images_per_second": round(a.batch_size * 1000.0 / mean, 1),
        "cpu_ms_per_batch_median": round(statistics.median(cpu_times), 3),
        "images_per_cpu_second": round(a.batch_size * 1000.0 / statistics.fmean(cpu_times), 1),
        "process_cpu_ms_per_batch_median": round(statistics.median(process_cpu_times), 3),
        "last_loss": round(loss.item(), 3),
        "blas_libraries": blas_libraries(),
    }))


if __name__ == "__main__":
    main()
