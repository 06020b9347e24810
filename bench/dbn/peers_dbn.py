"""scikit-learn side of the DBN benchmarks (PEERS.md §4b, §5, §6), one JSON line on stdout.

  python3 bench/dbn/peers_dbn.py rbm [EPOCHS] [csr]
                                           BernoulliRBM(256, lr 0.06, batch 64, 10 epochs, random_state 0): ms/epoch, pseudo-LL;
                                           `csr`: the training digits as a scipy CSR matrix (sklearn then multiplies
                                           the sparse data batches sparsely, the sampled negative batches densely)
  python3 bench/dbn/peers_dbn.py anomaly   PCA(32, random_state 0) per k = 0..9: train on digits != k, ROC AUC of "is k" on the test digits
  python3 bench/dbn/peers_dbn.py denoise   writes the salt-and-pepper 20% test set (default_rng(1)), PCA-32 MSE vs clean

Data: bench/.cache/mnist-x.f32 [10000x784] and mnist-labels.f32 (bench/data.ts, PEERS.md §1). Run with
OPENBLAS_NUM_THREADS=1 for the single-thread comparison.
"""
import json
import os
import sys
import time

import numpy as np

CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '.cache')


def load():
    x = np.fromfile(os.path.join(CACHE, 'mnist-x.f32'), dtype=np.float32).reshape(10000, 784)
    y = np.fromfile(os.path.join(CACHE, 'mnist-labels.f32'), dtype=np.float32).astype(np.int64)
    return x[:8000], y[:8000], x[8000:], y[8000:]


def salt_pepper(x, rate=0.2, seed=1):
    rng = np.random.default_rng(seed)
    hit = rng.random(x.shape) < rate
    coin = (rng.random(x.shape) < 0.5).astype(np.float32)
    out = x.copy()
    out[hit] = coin[hit]
    return out


def rbm(xtr, xte, epochs=10, csr=False):
    from sklearn.neural_network import BernoulliRBM
    m = BernoulliRBM(n_components=256, learning_rate=0.06, batch_size=64, n_iter=epochs, random_state=0)
    if csr:
        from scipy.sparse import csr_matrix
        xtr = csr_matrix(xtr)
    c0 = time.process_time()
    t0 = time.perf_counter()
    m.fit(xtr)
    fit = time.perf_counter() - t0
    cpu = time.process_time() - c0
    rec = 1 / (1 + np.exp(-(m._mean_hiddens(xte) @ m.components_ + m.intercept_visible_)))
    return {'input': 'csr' if csr else 'dense', 'dtype': str(m.components_.dtype), 'epochs': epochs, 'fitSeconds': fit,
            'msPerEpoch': fit * 1000 / epochs, 'cpuMsPerEpoch': cpu * 1000 / epochs, 'pseudoLLTest': float(m.score_samples(xte).mean()),
            'reconstructionErrorTest': float(((rec - xte) ** 2).mean())}


def pca_anomaly(xtr, ytr, xte, yte):
    from sklearn.decomposition import PCA
    from sklearn.metrics import roc_auc_score
    aucs = []
    for k in range(10):
        p = PCA(32, random_state=0).fit(xtr[ytr != k])
        rec = p.inverse_transform(p.transform(xte))
        scores = ((rec - xte) ** 2).mean(axis=1)
        aucs.append(float(roc_auc_score(yte == k, scores)))
    return {'aucs': aucs, 'meanAuc': float(np.mean(aucs))}


def pca_denoise(xtr, xte):
    from sklearn.decomposition import PCA
    noisy = salt_pepper(xte)
    noisy.astype(np.float32).tofile(os.path.join(CACHE, 'mnist_test_sp20.f32'))
    p = PCA(32, random_state=0).fit(xtr)
    rec = np.clip(p.inverse_transform(p.transform(noisy)), 0, 1)
    rec_raw = p.inverse_transform(p.transform(noisy))
    return {
        'identityMse': float(((noisy - xte) ** 2).mean()),
        'changedFraction': float((noisy != xte).mean()),
        'pcaMse': float(((rec_raw - xte) ** 2).mean()),
        'pcaMseClipped': float(((rec - xte) ** 2).mean()),
    }


def main():
    what = sys.argv[1]
    xtr, ytr, xte, yte = load()
    import sklearn
    out = {'sklearn': sklearn.__version__, 'openblasCoretype': os.environ.get('OPENBLAS_CORETYPE', '(unset: autodetect)'),
           'openblasThreads': os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}
    try:
        from threadpoolctl import threadpool_info
        out['openblasArchitecture'] = ', '.join(str(i.get('architecture')) for i in threadpool_info() if i.get('internal_api') == 'openblas')
    except ImportError:
        out['openblasArchitecture'] = '(threadpoolctl missing)'
    if what == 'rbm':
        out.update(rbm(xtr, xte, int(sys.argv[2]) if len(sys.argv) > 2 else 10, 'csr' in sys.argv[3:]))
    elif what == 'anomaly':
        out.update(pca_anomaly(xtr, ytr, xte, yte))
    elif what == 'denoise':
        out.update(pca_denoise(xtr, xte))
    else:
        raise SystemExit(f'unknown step {what}')
    print(json.dumps(out))


if __name__ == '__main__':
    main()
