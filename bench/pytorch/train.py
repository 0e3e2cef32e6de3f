"""The training loop the PyTorch cases share, after src/runtime/worker/train.ts: batches drawn
without replacement from a seeded shuffle (reshuffled when they run out), softmax cross-entropy on
the logits by default, tfjs's optimizers (Adam with tfjs's epsilon 1e-7), and the same hooks:
before the step, on the gradients (return False to skip the update), after the step, and the loss.
The seeded shuffle is numpy's, so the batches are not the page's own, only as many and as large.
"""
import time

import numpy as np
import torch
import torch.nn.functional as F

from zoo import forward


def batch_schedule(examples, batch_size, seed):
    random = np.random.RandomState(seed)
    order = np.array(examples)
    cursor = len(order)

    def next_batch():
        nonlocal cursor
        if cursor + batch_size > len(order):
            random.shuffle(order)
            cursor = 0
        indices = order[cursor:cursor + min(batch_size, len(order))]
        cursor += len(indices)
        return indices
    return next_batch


def optimizer_of(name, params, lr):
    if name == 'adam':
        return torch.optim.Adam(params, lr=lr, eps=1e-7)
    if name == 'sgd':
        return torch.optim.SGD(params, lr=lr)
    raise ValueError(f'unknown optimizer {name}')


def train(layers, w, data, names, steps, batch_size, lr, seed, optimizer='adam', examples=None,
          loss=None, before_step=None, gradients=None, after_step=None, loss_scale=None, weights=None, phases=None):
    """Trains the weights `names` of `w` in place; returns each step's loss. `weights()`, when
    given, builds the weights the forward pass uses from `w` (inside the autograd graph). `phases`,
    when given, receives each step's data, forward, backward and optimizer seconds."""
    params = [w[n] for n in names]
    for p in params:
        p.requires_grad_(True)
    opt = optimizer_of(optimizer, params, lr)
    next_batch = batch_schedule(np.arange(data.count) if examples is None else examples, batch_size, seed)
    losses = []
    for step in range(1, steps + 1):
        indices = next_batch()
        if before_step:
            before_step(step)
        t0 = time.perf_counter()
        x, y = data.batch(indices)
        t1 = time.perf_counter()
        logits = forward(layers, weights() if weights else w, x)
        value = loss(logits, y, indices) if loss else F.cross_entropy(logits, y)
        t2 = time.perf_counter()
        scale = loss_scale() if loss_scale else 1
        opt.zero_grad(set_to_none=True)
        (value * scale if scale != 1 else value).backward()
        t3 = time.perf_counter()
        if not torch.isfinite(value):
            raise FloatingPointError(f'the loss became {float(value)} at step {step}')
        apply = gradients is None or gradients(step) is not False
        t4 = time.perf_counter()
        if apply:
            opt.step()
        if phases is not None:
            phases.append({'data': t1 - t0, 'forward': t2 - t1, 'backward': t3 - t2, 'optimizer': time.perf_counter() - t4})
        if after_step:
            after_step(step)
        losses.append(float(value))
    for p in params:
        p.requires_grad_(False)
        p.grad = None
    return losses
