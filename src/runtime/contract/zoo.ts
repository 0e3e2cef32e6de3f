// The model zoo: pretrained MNIST classifiers under public/models/<id>/ (tfjs layers format,
// model.json + weights.bin), listed in public/models/manifest.json. `npm run train` makes them.

/** Ids of the zoo models; folder names under public/models/. */
export const ZOO_IDS = ['lenet-300-100', 'lenet-5', 'dsconv', 'teacher-1200'] as const;
export type ZooId = (typeof ZOO_IDS)[number];

/** What a zoo model is, independent of any training run. */
export interface ZooSpec {
  id: ZooId;
  /** Display name. */
  name: string;
  /** One or two sentences for a model picker. */
  description: string;
  /** Short layer summary, e.g. "784-300-100-10 ReLU". */
  architecture: string;
  /** Shape of one input image: [784] flattened or [28, 28, 1] NHWC; pixels scaled to [0, 1]. */
  inputShape: number[];
}

/** One row of public/models/manifest.json: the spec plus the facts of the training run. */
export interface ZooEntry extends ZooSpec {
  /** Number of trainable parameters (weights + biases). */
  params: number;
  /** Top-1 accuracy on the 10,000-image MNIST test set after training, in [0, 1]. */
  testAccuracy: number;
  epochs: number;
  /** Training data, e.g. "MNIST train, 60,000 images". */
  trainedOn: string;
  /** Seed of the weight initialisers and of the shuffle. */
  seed: number;
  /** Model file relative to public/models/, e.g. "lenet-5/model.json". */
  path: string;
}

export interface ZooManifest {
  models: ZooEntry[];
}

export const ZOO: Record<ZooId, ZooSpec> = {
  'lenet-300-100': {
    id: 'lenet-300-100',
    name: 'LeNet-300-100',
    description: 'The fully connected MNIST baseline of the Deep Compression and pruning papers: two hidden layers of 300 and 100 units.',
    architecture: '784-300-100-10 ReLU',
    inputShape: [784],
  },
  'lenet-5': {
    id: 'lenet-5',
    name: 'LeNet-5',
    description: 'A small convolutional net: two 5×5 convolutions with max pooling, then three dense layers.',
    architecture: 'conv5x5(6)-pool-conv5x5(16)-pool-120-84-10 ReLU',
    inputShape: [28, 28, 1],
  },
  dsconv: {
    id: 'dsconv',
    name: 'Depthwise-separable CNN',
    description: 'A tiny MobileNet-style net: a strided 3×3 stem, three depthwise 3×3 + pointwise 1×1 blocks and global average pooling.',
    architecture: 'conv3x3(16,s2)-[dw3x3+pw(32)]-[dw3x3 s2+pw(64)]-[dw3x3+pw(128)]-GAP-10 ReLU',
    inputShape: [28, 28, 1],
  },
  'teacher-1200': {
    id: 'teacher-1200',
    name: 'Teacher 1200-1200',
    description: 'A large fully connected net, about nine times the size of LeNet-300-100, used as the teacher in the distillation lesson.',
    architecture: '784-1200-1200-10 ReLU',
    inputShape: [784],
  },
};
