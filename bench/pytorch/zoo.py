"""MNIST from public/data and the zoo's pretrained tfjs layers models, read into PyTorch.

The models are kept as a dict of weight name ("dense1/kernel") to tensor, in tfjs's own layouts
(Dense kernels [in, out], Conv2D kernels [kh, kw, in, out], channels-last images), and run by
`forward`, so masks, quantization and k-means address the same weights as the page does.
"""
import gzip
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
DATA = os.path.join(ROOT, 'public', 'data')
MODELS = os.path.join(ROOT, 'public', 'models')


class Images:
    """Images as uint8 rows of 784 pixels and their labels (as scripts/prepare-data.mjs writes
    them), in numpy: a batch is gathered there, since torch's indexing of a small batch goes
    through OpenMP and costs milliseconds on a loaded machine."""

    def __init__(self, images, labels):
        self.images = images
        self.labels = labels
        self.count = labels.shape[0]

    def first(self, n):
        return Images(self.images[:n], self.labels[:n])

    def subset(self, indices):
        return Images(self.images[indices], self.labels[indices])

    def inverted(self):
        """Ink and background swapped (255 − byte), the LoRA task."""
        return Images(255 - self.images, self.labels)

    def batch(self, indices):
        """Pixels scaled to [0, 1] and labels of the images at `indices` (an index array or a slice)."""
        return torch.from_numpy(self.images[indices].astype(np.float32) / 255), torch.from_numpy(self.labels[indices])


def load_mnist(split):
    manifest = json.load(open(os.path.join(DATA, 'manifest.json')))
    s = manifest['sets'][split]
    path = os.path.join(DATA, s['images'])
    raw = gzip.open(path).read() if path.endswith('.gz') else open(path, 'rb').read()
    images = np.frombuffer(raw, np.uint8).reshape(s['count'], manifest['pixels'])
    labels = np.frombuffer(open(os.path.join(DATA, s['labels']), 'rb').read(), np.uint8).astype(np.int64)
    return Images(images, labels)


def load_model(model_id):
    """(layers, weights) of public/models/<id>: the layer list `forward` runs and the weights by name."""
    folder = os.path.join(MODELS, model_id)
    spec = json.load(open(os.path.join(folder, 'model.json')))
    topology = spec['modelTopology']
    config = (topology.get('model_config') or topology)['config']
    layers = []
    for layer in config['layers'] if isinstance(config, dict) else config:
        kind, c = layer['class_name'], layer['config']
        if kind == 'Dense':
            layers.append(('dense', c['name'], c['activation']))
        elif kind == 'Conv2D':
            if c['strides'] != [1, 1]:
                raise ValueError(f'{c["name"]}: only stride 1 convolutions are handled here')
            pad = (c['kernel_size'][0] - 1) // 2 if c['padding'] == 'same' else 0
            layers.append(('conv', c['name'], c['activation'], pad))
        elif kind == 'MaxPooling2D':
            layers.append(('pool', c['pool_size'][0]))
        elif kind == 'Flatten':
            layers.append(('flatten',))
        elif kind == 'Activation' and c['activation'] == 'softmax':
            pass  # training and accuracy use the logits
        else:
            raise ValueError(f'{model_id}: layer {kind} is not handled here')
    weights = {}
    for group in spec['weightsManifest']:
        blob = b''.join(open(os.path.join(folder, p), 'rb').read() for p in group['paths'])
        offset = 0
        for w in group['weights']:
            n = int(np.prod(w['shape']))
            weights[w['name']] = torch.from_numpy(np.frombuffer(blob, np.float32, n, offset).reshape(w['shape']).copy())
            offset += 4 * n
    return layers, weights


def kernels(layers):
    return [f'{l[1]}/kernel' for l in layers if l[0] in ('dense', 'conv')]


def forward(layers, w, x):
    """Logits of images x [n, 784] in [0, 1]. A Dense layer with `<name>/left` and `/right` is
    factorised (x·left·right); one with `<name>/lora_a` and `/lora_b` adds x·A·B (LoRA)."""
    if layers[0][0] == 'conv':
        x = x.reshape(-1, 1, 28, 28)
    for layer in layers:
        kind = layer[0]
        if kind == 'dense':
            name = layer[1]
            if f'{name}/left' in w:
                y = x @ w[f'{name}/left'] @ w[f'{name}/right'] + w[f'{name}/bias']
            else:
                y = x @ w[f'{name}/kernel'] + w[f'{name}/bias']
            if f'{name}/lora_a' in w:
                y = y + x @ w[f'{name}/lora_a'] @ w[f'{name}/lora_b']
            x = F.relu(y) if layer[2] == 'relu' else y
        elif kind == 'conv':
            _, name, act, pad = layer
            x = F.conv2d(x, w[f'{name}/kernel'].permute(3, 2, 0, 1), w[f'{name}/bias'], padding=pad)
            x = F.relu(x) if act == 'relu' else x
        elif kind == 'pool':
            x = F.max_pool2d(x, layer[1])
        elif kind == 'flatten':
            x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)  # tfjs flattens channels-last
    return x


def accuracy(layers, w, data, chunk=2000):
    """Fraction of `data` whose largest logit is the label."""
    correct = 0
    with torch.no_grad():
        for start in range(0, data.count, chunk):
            x, y = data.batch(slice(start, start + chunk))
            correct += int((forward(layers, w, x).argmax(1) == y).sum())
    return correct / data.count
