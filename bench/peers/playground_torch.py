"""PyTorch on the Playground-size net: 2-8-8-1 tanh, MSE, SGD 0.03, batch 10, 500 two-spiral points.

usage: playground_torch.py THREADS EPOCHS     (shared init and per-epoch orders from bench/.cache)"""
import sys
import time

sys.dont_write_bytecode = True  # keep bench/peers free of __pycache__
from common import emit, load_f32, load_i32, load_init, pin_threads  # noqa: E402

threads, epochs = int(sys.argv[1]), int(sys.argv[2])
pin_threads(threads)
import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(threads)
x = torch.from_numpy(load_f32('spiral-x.f32', (500, 2)).copy())
y = torch.from_numpy(load_f32('spiral-y.f32', (500, 1)).copy())
order = torch.from_numpy(load_i32('order-500x%d.i32' % epochs, (epochs, 500)).astype(np.int64))
layers = []
for w in load_init('2-8-8-1'):
    lin = torch.nn.Linear(w.shape[0], w.shape[1])
    with torch.no_grad():
        lin.weight.copy_(torch.from_numpy(w.T.copy()))
        lin.bias.zero_()
    layers += [lin, torch.nn.Tanh()]
model = torch.nn.Sequential(*layers)
opt = torch.optim.SGD(model.parameters(), lr=0.03)
lossf = torch.nn.MSELoss()

epoch_ms, epoch_cpu_ms, train_loss = [], [], []
for e in range(epochs):
    perm = order[e]
    total = 0.0
    t0 = time.perf_counter()
    c0 = time.process_time()
    for s in range(0, 500, 10):
        idx = perm[s:s + 10]
        opt.zero_grad()
        loss = lossf(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
        total += loss.item() * 10
    epoch_ms.append((time.perf_counter() - t0) * 1000)
    epoch_cpu_ms.append((time.process_time() - c0) * 1000)
    train_loss.append(total / 500)
with torch.no_grad():
    acc = float(((model(x) >= 0).float() * 2 - 1 == y).float().mean())
emit({'engine': 'pytorch %s' % torch.__version__, 'threads': threads, 'epochMs': epoch_ms, 'epochCpuMs': epoch_cpu_ms,
      'trainLoss': train_loss, 'accuracy': acc})
