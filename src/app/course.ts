/** The course outline: every lesson in order, written or not. */
export interface LessonInfo {
  /** Place in the course, from 1. */
  number: number;
  /** URL segment and the MDX file's name without its number prefix. */
  slug: string;
  title: string;
  /** One line shown on the index and under the lesson title. */
  summary: string;
}

export const COURSE: readonly LessonInfo[] = [
  { number: 1, slug: 'why-compress', title: 'Why compress, and how to measure it',
    summary: 'Parameters, bytes, FLOPs and MACs, arithmetic intensity and the roofline, measured on live models.' },
  { number: 2, slug: 'number-formats', title: 'Number formats',
    summary: 'Flip the bits of fp32, fp16, bf16, fp8 and int8 numbers and see what each pattern stores.' },
  { number: 3, slug: 'quantization', title: 'Quantization',
    summary: 'Quantize a live network to 8, 4, 2 and 1 bits and watch accuracy, size and error change.' },
  { number: 4, slug: 'pruning', title: 'Pruning',
    summary: 'Remove weights, neurons and channels, retrain in the page, and measure what really gets faster.' },
  { number: 5, slug: 'deep-compression', title: 'Deep Compression',
    summary: 'Prune, share weights with k-means and Huffman-code a model to a fortieth of its size.' },
  { number: 6, slug: 'low-rank', title: 'Low-rank and fast convolution',
    summary: 'Factorise weight matrices and compute convolutions with fewer multiplications.' },
  { number: 7, slug: 'distillation', title: 'Knowledge distillation',
    summary: 'Train a small student from a large teacher’s softened outputs.' },
  { number: 8, slug: 'faster-training', title: 'Faster training',
    summary: 'Mixed precision and parallelism: training large networks in less time and memory.' },
  { number: 9, slug: 'hardware', title: 'Hardware and inference on devices',
    summary: 'Accelerators, memory hierarchies and running compressed models on phones and chips.' },
];
