"""PyTorch MLP on MNIST with the shared init and batch order (PEERS.md §1-2).

usage: mlp_torch.py THREADS ARCH EPOCHS
ReLU hidden layers, softmax + cross-entropy (mean over the batch), plain SGD lr 0.1, batch 128.
Epoch time covers only the training loop (batch gather, forward, backward, step)."""
import sys
import time

sys.dont_write_bytecode = True  # keep bench/peers free of __pycache__
from common import emit, load_f32, load_i32, load_init, pin_threads  # noqa: E402

threads, arch, epochs = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
pin_threads(threads)
import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(threads)
x = torch.from_numpy(load_f32('mnist-x.f32', (10000, 784)).copy())
y = torch.from_numpy(load_f32('mnist-labels.f32', (10000,)).astype(np.int64))
xtr, ytr, xte, yte = x[:8000], y[:8000], x[8000:], y[8000:]
order = torch.from_numpy(load_i32('order-8000x20.i32', (20, 8000)).astype(np.int64))

layers = []
for i, w in enumerate(load_init(arch)):
    lin = torch.nn.Linear(w.shape[0], w.shape[1])
    with torch.no_grad():
        lin.weight.copy_(torch.from_numpy(w.T.copy()))
        lin.bias.zero_()
    layers.append(lin)
    if i < len(load_init(arch)) - 1:
        layers.append(torch.nn.ReLU())
model = torch.nn.Sequential(*layers)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
lossf = torch.nn.CrossEntropyLoss()

epoch_ms, epoch_cpu_ms, train_loss, test_acc = [], [], [], []
for e in range(epochs):
    perm = order[e % 20]
    total, seen = 0.0, 0
    t0 = time.perf_counter()
    c0 = time.process_time()
    for s in range(0, 8000, 128):
        idx = perm[s:s + 128]
        xb, yb = xtr[idx], ytr[idx]
        opt.zero_grad()
        loss = lossf(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
        seen += len(idx)
    epoch_ms.append((time.perf_counter() - t0) * 1000)
    epoch_cpu_ms.append((time.process_time() - c0) * 1000)
    train_loss.append(total / seen)
    with torch.no_grad():
        test_acc.append(float((model(xte).argmax(1) == yte).float().mean()))

emit({'engine': 'pytorch %s' % torch.__version__, 'threads': threads, 'arch': arch,
      'epochMs': epoch_ms, 'epochCpuMs': epoch_cpu_ms, 'trainLoss': train_loss, 'testAcc': test_acc})
