"""The default live jobs of bench/jobs.bench.ts, done again in PyTorch (CPU, 2 threads).

    python3 bench/pytorch/jobs.py [case,case,...]      # all cases when none are named

Each case does the job's work with the widget's defaults: the same model and pretrained weights
(public/models), the same MNIST images (public/data), optimizer, batch size, steps, learning
rates, and the same test-set evaluations. Prints one JSON object on stdout: per case the wall
seconds of its work (`s`, from reading the model to the last evaluation; MNIST is read once
beforehand, `dataS`), the headline accuracy, the other numbers the page shows, and `simplified`
where the PyTorch version differs from the page's. Progress goes to stderr.
Differences common to every case: batches come from numpy's seeded shuffle, not the page's, and
a model trained from scratch starts from PyTorch's seeded random numbers, not tfjs's.
Debian's python3-torch multiplies matrices with whichever libblas.so.3 the alternatives system
points to; with nothing else installed that is the reference BLAS (`blas` in the output names it),
several times slower than OpenBLAS (libopenblas0). And torch's two OpenMP threads wait on each
other at every operation: on a machine loaded well past its cores a step slows far more than the
load alone explains, so compare ratios measured on an idle machine.
"""
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

import zoo
from train import train
from zoo import accuracy, forward, kernels, load_model

THREADS = 2


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# --- weight transforms -----------------------------------------------------------------------

def fake_quant_symmetric(x, bits):
    """Per-tensor symmetric fake quantization (quantParams with symmetric signed integers)."""
    qmax = 2 ** (bits - 1) - 1
    scale = float(x.abs().max()) / qmax or 1.0
    return torch.clamp(torch.round(x / scale), -qmax - 1, qmax) * scale


def magnitude_masks(tensors, sparsity):
    """One global magnitude threshold over `tensors`: round(sparsity · total) smallest |w| pruned,
    ties in (tensor, index) order, as the engine's globalMagnitudeMasks."""
    flat = torch.cat([t.abs().reshape(-1) for t in tensors])
    order = torch.sort(flat, stable=True).indices
    keep = torch.ones_like(flat)
    keep[order[:round(sparsity * flat.numel())]] = 0
    return [m.reshape(t.shape) for m, t in zip(torch.split(keep, [t.numel() for t in tensors]), tensors)]


def kmeans_linear(values, k, max_iterations=1000):
    """1-D k-means (Lloyd) from centroids evenly spaced between min and max; (centroids, labels)."""
    lo, hi = float(values.min()), float(values.max())
    centroids = torch.linspace(lo, hi, k, dtype=torch.float64) if k > 1 else torch.tensor([(lo + hi) / 2], dtype=torch.float64)
    v = values.double()
    labels = None
    for _ in range(max_iterations):
        sorted_c, perm = torch.sort(centroids)
        near = torch.bucketize(v, (sorted_c[1:] + sorted_c[:-1]) / 2)
        new = perm[near]
        if labels is not None and torch.equal(new, labels):
            break
        labels = new
        sums = torch.zeros(k, dtype=torch.float64).index_add_(0, labels, v)
        counts = torch.bincount(labels, minlength=k).double()
        centroids = torch.where(counts > 0, sums / counts.clamp(min=1), centroids)
    return centroids.float(), labels


def nonzero_compression(w, names):
    """All parameters / non-zero parameters, counting only kernels' zeros (as pruneReport)."""
    total = sum(t.numel() for t in w.values())
    zeros = sum(int((w[n] == 0).sum()) for n in names)
    return total / (total - zeros)


# --- the cases -------------------------------------------------------------------------------

def case_quantize(data, again=False):
    """Lesson 3, quantize and evaluate at the defaults (LeNet-300-100, 8-bit weights per tensor,
    symmetric): the float model's accuracy, then the quantized copy's. A second press scores only
    the quantized copy (the page keeps the float accuracy)."""
    layers, w = load_model('lenet-300-100')
    values = {} if again else {'float': accuracy(layers, w, data['test'])}
    q = {n: fake_quant_symmetric(t, 8) if n in kernels(layers) else t for n, t in w.items()}
    values['accuracy'] = accuracy(layers, q, data['test'])
    return values['accuracy'], values, None


def case_qat(data):
    """Lesson 3, QAT at the defaults: 3-bit symmetric per-tensor kernels, 200 Adam steps, batch 64,
    learning rate 1e-4; PTQ's accuracy first, QAT's after, on the 10,000 test images."""
    layers, w = load_model('lenet-300-100')
    names = kernels(layers)
    ptq = accuracy(layers, {n: fake_quant_symmetric(t, 3) if n in names else t for n, t in w.items()}, data['test'])
    shadows = {}

    def quantize_all(step):
        for n in names:
            shadows[n] = w[n].detach().clone()
            w[n].data.copy_(fake_quant_symmetric(shadows[n], 3))

    def restore(step):
        for n in names:
            w[n].data.copy_(shadows[n])

    train(layers, w, data['train'], list(w), 200, 64, 1e-4, 1, before_step=quantize_all, gradients=restore)
    quantize_all(0)
    qat = accuracy(layers, w, data['test'])
    return qat, {'qat': qat, 'ptq': ptq, 'gainPoints': round((qat - ptq) * 100, 2)}, None


def case_prune(data):
    """Lesson 4, prune and retrain at the defaults: the unpruned model scored, then one global
    magnitude threshold at 92 % and two rounds of 1,500 masked Adam steps (batch 64, learning rate
    1e-3 then 3e-4), pruning again before each round; test accuracy after every prune and every
    round, and once more for the result (six evaluations, as the page)."""
    layers, w = load_model('lenet-300-100')
    names = kernels(layers)
    base = accuracy(layers, w, data['test'])
    masks = {n: torch.ones_like(w[n]) for n in names}

    def apply_masks(step=0):
        for n in names:
            w[n].data.mul_(masks[n])

    for p in range(2):
        fresh = magnitude_masks([w[n] for n in names], 0.92)
        masks = {n: masks[n] * m for n, m in zip(names, fresh)}
        apply_masks()
        accuracy(layers, w, data['test'])
        train(layers, w, data['train'], list(w), 1500, 64, 1e-3 * 0.3 ** p, 1 + p, after_step=apply_masks)
        accuracy(layers, w, data['test'])
    result = accuracy(layers, w, data['test'])
    compression = round(nonzero_compression(w, names), 2)
    return result, {'base': base, 'accuracy': result, 'compression': compression, 'pointsLost': round((base - result) * 100, 2)}, None


DEEP_COMPRESSION = {
    # src/runtime/contract/deepCompression.ts, the FULL recipes: (sparsity, cluster bits) per kernel.
    'lenet-300-100': {'layers': {'dense1/kernel': (0.941, 5), 'dense2/kernel': (0.78, 5), 'logits/kernel': (0.38, 6)}, 'steps': 4500, 'share': 300},
    'lenet-5': {'layers': {'conv1/kernel': (0.34, 3), 'conv2/kernel': (0.88, 5), 'fc1/kernel': (0.92, 5), 'fc2/kernel': (0.81, 5), 'logits/kernel': (0.6, 5)}, 'steps': 2000, 'share': 200},
}


def case_deep_compression(data, model_id):
    """Lesson 5, the full Deep Compression recipe: per-layer magnitude pruning, retraining in
    three parts at 1e-3, 1e-3/3 and 1e-4 (fresh Adam each, batch 64), k-means per layer from
    linear initialisation, then fine-tuning the shared values with Adam at 1e-3 (each centroid
    gets the summed gradient of its weights); test accuracy of the original, pruned, shared,
    fine-tuned model and of the two files read back (six evaluations, as the page)."""
    plan = DEEP_COMPRESSION[model_id]
    layers, w = load_model(model_id)
    test = data['test']
    original = accuracy(layers, w, test)
    masks = {n: magnitude_masks([w[n]], s)[0] for n, (s, _) in plan['layers'].items()}

    def apply_masks(step=0):
        for n, m in masks.items():
            w[n].data.mul_(m)

    apply_masks()
    done = 0
    for part, factor in ((1, 1), (2, 1 / 3), (3, 1 / 10)):
        steps = round(plan['steps'] * part / 3) - done
        train(layers, w, data['train'], list(w), steps, 64, 1e-3 * factor, 1 + 10 + part, after_step=apply_masks)
        done += steps
    pruned = accuracy(layers, w, test)

    kept = {n: masks[n].reshape(-1).nonzero().squeeze(1) for n in masks}
    labels = {}
    for n, (_, bits) in plan['layers'].items():
        w[f'{n}:centroids'], labels[n] = kmeans_linear(w[n].reshape(-1)[kept[n]], 2 ** bits)

    def shared():
        out = dict(w)
        for n in masks:
            flat = torch.zeros(w[n].numel()).index_put((kept[n],), w[f'{n}:centroids'][labels[n]])
            out[n] = flat.reshape(w[n].shape)
        return out

    with torch.no_grad():
        untuned = accuracy(layers, shared(), test)
    centroid_names = [f'{n}:centroids' for n in masks]
    others = [n for n in w if n not in masks and n not in centroid_names]
    train(layers, w, data['train'], others + centroid_names, plan['share'], 64, 1e-3, 1 + 1000, weights=shared)
    final = shared()
    tuned = accuracy(layers, final, test)
    for _ in ('fixed', 'huffman'):
        reread = accuracy(layers, final, test)
    values = {'original': original, 'pruned': pruned, 'sharedUntuned': untuned, 'accuracy': reread, 'pointsLost': round((original - reread) * 100, 2)}
    return reread, values, ('k-means runs from linear initialisation only (the page also runs density and random for the codebook view); '
                            'no .clmz file is written or Huffman-coded (the last two evaluations score the same weights), so no size ratio')


def case_factorise(data):
    """Lesson 6, factorise fc1 at rank 32 (from the SVD, singular values split evenly) and fine-tune
    every weight for 1,000 Adam steps, batch 64, learning rate 1e-4; accuracy of the original, the
    factorised and the fine-tuned model."""
    layers, w = load_model('lenet-300-100')
    original = accuracy(layers, w, data['test'])
    u, s, vt = torch.linalg.svd(w['dense1/kernel'].double(), full_matrices=False)
    root = s[:32].sqrt()
    f = {n: t for n, t in w.items() if n != 'dense1/kernel'}
    f['dense1/left'] = (u[:, :32] * root).float().contiguous()
    f['dense1/right'] = (root[:, None] * vt[:32]).float().contiguous()
    before = accuracy(layers, f, data['test'])
    train(layers, f, data['train'], list(f), 1000, 64, 1e-4, 1)
    after = accuracy(layers, f, data['test'])
    return after, {'original': original, 'before': before, 'after': after}, None


def case_lora(data):
    """Lesson 6, LoRA at the defaults: rank 4 on fc1, 300 Adam steps, batch 64, learning rate 3e-3
    on inverted digits (A ~ N(0, 1/√300), B = 0), then every weight fine-tuned as many steps;
    accuracy of the original on normal and inverted test digits, of LoRA and of full fine-tuning."""
    layers, w = load_model('lenet-300-100')
    test, task_test, task_train = data['test'], data['test'].inverted(), data['train'].inverted()
    original = accuracy(layers, w, test)
    on_task = accuracy(layers, w, task_test)
    torch.manual_seed(1)
    adapted = dict(w)
    adapted['dense1/lora_a'] = torch.randn(784, 4) / math.sqrt(300)
    adapted['dense1/lora_b'] = torch.zeros(4, 300)
    train(layers, adapted, task_train, ['dense1/lora_a', 'dense1/lora_b'], 300, 64, 3e-3, 1)
    lora = accuracy(layers, adapted, task_test)
    full = {n: t.clone() for n, t in w.items()}
    train(layers, full, task_train, list(full), 300, 64, 3e-3, 1)
    full_acc = accuracy(layers, full, task_test)
    return lora, {'originalNormal': original, 'original': on_task, 'lora': lora, 'full': full_acc}, None


def student(hidden, seed):
    """784-hidden-10, He-normal then Glorot-uniform kernels, zero biases, seeded."""
    g = torch.Generator().manual_seed(seed * 1000)
    layers = [('dense', 'dense1', 'relu'), ('dense', 'logits', 'linear')]
    limit = math.sqrt(6 / (hidden + 10))
    w = {
        'dense1/kernel': torch.randn(784, hidden, generator=g) * math.sqrt(2 / 784), 'dense1/bias': torch.zeros(hidden),
        'logits/kernel': (torch.rand(hidden, 10, generator=g) * 2 - 1) * limit, 'logits/bias': torch.zeros(10),
    }
    return layers, w


def case_students(data):
    """Lesson 7, two students 784-30-10 at the defaults: the teacher's logits over the first 20,000
    training images, then a plain and a distilled student (T = 4, α = 0.9), each 300 Adam steps,
    batch 32, learning rate 0.01 from the same start and batches; accuracy on a 1,000-image probe
    before training and every 10 steps, and on all 10,000 test images at the end."""
    train_set = data['train'].first(20000)
    teacher_layers, teacher = load_model('teacher-1200')
    with torch.no_grad():
        teacher_logits = torch.cat([forward(teacher_layers, teacher, train_set.batch(slice(i, i + 500))[0]) for i in range(0, train_set.count, 500)])
    test = data['test']
    probe = test.subset([k * test.count // 1000 for k in range(1000)])
    T, alpha = 4.0, 0.9

    def distillation(logits, labels, indices):
        log_p = F.log_softmax(teacher_logits[torch.from_numpy(indices)] / T, 1)
        log_q = F.log_softmax(logits / T, 1)
        soft = (log_p.exp() * (log_p - log_q)).sum(1).mean() * T * T
        return alpha * soft + (1 - alpha) * F.cross_entropy(logits, labels)

    values = {}
    for recipe in ('plain', 'distilled'):
        layers, w = student(30, 1)
        accuracy(layers, w, probe)
        train(layers, w, train_set, list(w), 300, 32, 0.01, 1, loss=distillation if recipe == 'distilled' else None,
              after_step=lambda step: step % 10 == 0 and accuracy(layers, w, probe))
        values[recipe] = accuracy(layers, w, test)
    values['gapPoints'] = round((values['distilled'] - values['plain']) * 100, 2)
    return values['distilled'], values, None


def case_step_time(data):
    """Lesson 8, where a training step's time goes: a fresh LeNet-300-100, Adam at 1e-3, batch 64,
    3 warm-up steps then 30 timed ones; mean milliseconds of each phase."""
    layers, w = fresh_lenet_300_100(1)
    phases = []
    train(layers, w, data['train'], list(w), 33, 64, 1e-3, 1, phases=phases)
    mean = {f'{k}Ms': round(1000 * sum(p[k] for p in phases[3:]) / 30, 3) for k in ('data', 'forward', 'backward', 'optimizer')}
    mean['backwardOverForward'] = round(mean['backwardMs'] / mean['forwardMs'], 2)
    return None, mean, None


def fresh_lenet_300_100(seed):
    g = torch.Generator().manual_seed(seed * 1000)
    layers = [('dense', 'dense1', 'relu'), ('dense', 'dense2', 'relu'), ('dense', 'logits', 'linear')]
    w = {}
    for name, (n_in, n_out) in zip(('dense1', 'dense2', 'logits'), ((784, 300), (300, 100), (100, 10))):
        std = math.sqrt(2 / n_in) if name != 'logits' else math.sqrt(2 / (n_in + n_out))
        w[f'{name}/kernel'] = torch.randn(n_in, n_out, generator=g) * std
        w[f'{name}/bias'] = torch.zeros(n_out)
    return layers, w


def fp16(t):
    return t.half().float()


def precision_run(data, master, scaled, half):
    """One run of the precision widget with SGD at 0.1, batch 64, 300 steps (fp16 rounding of the
    weights the forward pass sees and of the weight gradients; an fp32 master copy; dynamic loss
    scaling from 2^16, doubling after 100 good steps, halving on an overflow)."""
    layers, w = fresh_lenet_300_100(1)
    names = list(w)
    state = {'scale': 2.0 ** 16 if scaled else 1.0, 'good': 0, 'master': None}
    if half and not master:
        for n in names:
            w[n].copy_(fp16(w[n]))

    def before(step):
        if half and master:
            state['master'] = {n: w[n].detach().clone() for n in names}
            for n in names:
                w[n].data.copy_(fp16(w[n].data))

    def gradients(step):
        overflow = False
        for n in names:
            g = fp16(w[n].grad) if half else w[n].grad
            overflow |= not bool(torch.isfinite(g).all())
            w[n].grad = g / state['scale']
        if state['master']:
            for n in names:
                w[n].data.copy_(state['master'][n])
            state['master'] = None
        if scaled:
            state['good'] = 0 if overflow else state['good'] + 1
            if overflow:
                state['scale'] = max(1.0, state['scale'] / 2)
            elif state['good'] >= 100:
                state['scale'], state['good'] = state['scale'] * 2, 0
        return not (scaled and overflow)

    def after(step):
        if half and not master:
            for n in names:
                w[n].data.copy_(fp16(w[n].data))

    try:
        train(layers, w, data['train'], names, 300, 64, 0.1, 1, optimizer='sgd', before_step=before, gradients=gradients,
              after_step=after, loss_scale=lambda: state['scale'])
    except FloatingPointError:
        return float('nan')
    if half:
        for n in names:
            w[n].copy_(fp16(w[n]))
    return accuracy(layers, w, data['test'])


def case_precision(data):
    """Lesson 8, train in several precisions at the defaults: fp32, fp16, fp16 with an fp32 master
    copy, and that with loss scaling, each from the same start; test accuracy of each."""
    values = {
        'fp32': precision_run(data, False, False, False),
        'fp16': precision_run(data, False, False, True),
        'fp16-master': precision_run(data, True, False, True),
        'fp16-master-scaled': precision_run(data, True, True, True),
    }
    return values['fp32'], values, 'the per-step statistics the page shows (gradients flushed to zero, updates lost to rounding) are not counted'


CASES = {
    'quantize': case_quantize,
    'quantize-again': lambda data: case_quantize(data, again=True),
    'qat': case_qat,
    'prune': case_prune,
    'deep-compression': lambda data: case_deep_compression(data, 'lenet-300-100'),
    'deep-compression-lenet-5': lambda data: case_deep_compression(data, 'lenet-5'),
    'factorise': case_factorise,
    'lora': case_lora,
    'students': case_students,
    'step-time': case_step_time,
    'precision': case_precision,
}

# Cases of the jobs bench with no PyTorch version here, and why.
NO_VERSION = {
    'integer': "the course's own integer-only arithmetic in JavaScript; PyTorch's int8 engines are a different computation",
    'integer-teacher': "the course's own integer-only arithmetic in JavaScript; PyTorch's int8 engines are a different computation",
}


def blas_library():
    """The BLAS library this process loaded (Debian's python3-torch takes whichever libblas.so.3
    the alternatives system points to: the slow reference BLAS unless OpenBLAS or BLIS is installed)."""
    try:
        maps = open('/proc/self/maps').read().split('\n')
    except OSError:
        return 'unknown'
    paths = sorted({line.split()[-1] for line in maps if 'blas' in line.lower() and '/' in line})
    return ', '.join(os.path.realpath(p) for p in paths) or 'unknown'


def main():
    chosen = sys.argv[1].split(',') if len(sys.argv) > 1 and sys.argv[1] else list(CASES) + list(NO_VERSION)
    unknown = [c for c in chosen if c not in CASES and c not in NO_VERSION]
    if unknown:
        sys.exit(f'unknown case {", ".join(unknown)}; the cases are {", ".join(list(CASES) + list(NO_VERSION))}')
    torch.set_num_threads(THREADS)
    torch.manual_seed(1)
    t0 = time.perf_counter()
    data = {'test': zoo.load_mnist('test'), 'train': zoo.load_mnist('train')}
    out = {
        'torch': torch.__version__, 'threads': torch.get_num_threads(), 'dataS': round(time.perf_counter() - t0, 2),
        'blas': blas_library(),
        'cases': {},
    }
    for name in chosen:
        if name in NO_VERSION:
            out['cases'][name] = {'notAvailable': NO_VERSION[name]}
            continue
        log(f'pytorch: {name}')
        started = time.perf_counter()
        acc, values, simplified = CASES[name](data)
        s = round(time.perf_counter() - started, 2)
        out['cases'][name] = {'s': s, 'accuracy': acc, 'values': values, **({'simplified': simplified} if simplified else {})}
        log(f'pytorch: {name} {s} s {json.dumps(values)}')
    print(json.dumps(out, indent=2))


if __name__ == '__main__':
    main()
