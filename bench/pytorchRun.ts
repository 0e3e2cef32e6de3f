// The PyTorch side of the jobs bench: runs bench/pytorch/jobs.py (the same work as each default
// live job, in PyTorch on the CPU with 2 threads) once for the chosen cases and returns what it
// printed. A machine without a python3 that imports torch, or a script that fails, gives a reason
// instead of numbers: the bench goes on without the comparison.
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'pytorch', 'jobs.py');

/** One case as the script reports it: its wall seconds and accuracy, or why it has no PyTorch version. */
export interface PyTorchCase {
  s?: number;
  accuracy?: number | null;
  values?: Record<string, number>;
  /** Where the PyTorch version does less or other work than the page. */
  simplified?: string;
  notAvailable?: string;
}

export interface PyTorchRun {
  torch: string;
  threads: number;
  /** Seconds to read MNIST once, before the cases (not in any case's time). */
  dataS: number;
  /** The BLAS library torch loaded: Debian's reference BLAS is far slower than OpenBLAS. */
  blas: string;
  python: string;
  loadAverage: { before: number; after: number };
  cases: Record<string, PyTorchCase>;
}

/** The first interpreter that imports torch: $PYTORCH_PYTHON, python3 on the PATH, then Debian's own (python3-torch). */
function pythonWithTorch(): string | undefined {
  const candidates = [process.env.PYTORCH_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  return candidates.find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
}

/** Runs the script for `cases` (progress on this process's stderr); the reason when there are no numbers. */
export async function runPyTorch(cases: readonly string[]): Promise<PyTorchRun | { notAvailable: string }> {
  const python = pythonWithTorch();
  if (!python) return { notAvailable: 'PyTorch not available: no python3 that imports torch (set PYTORCH_PYTHON, or apt-get install python3-torch)' };
  const before = loadavg()[0];
  const child = spawn(python, [SCRIPT, cases.join(',')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve).on('error', () => resolve(null)));
  if (code !== 0) return { notAvailable: `PyTorch not available: ${SCRIPT} exited with ${code}` };
  try {
    const run = JSON.parse(out) as Omit<PyTorchRun, 'python' | 'loadAverage'>;
    return { ...run, python, loadAverage: { before: +before.toFixed(2), after: +loadavg()[0].toFixed(2) } };
  } catch {
    return { notAvailable: `PyTorch not available: ${SCRIPT} printed no JSON` };
  }
}
