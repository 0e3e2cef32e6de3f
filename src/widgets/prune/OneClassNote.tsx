import type { PruneOutcome } from '../../runtime/contract/prune';
import { formatPercent } from '../live/format';

/**
 * Said under a pruning result when the model has collapsed: it predicts one class for every test
 * image, so its accuracy is only that class's share of the test set, not a sign of what it learned.
 */
export function OneClassNote({ outcome }: { outcome: PruneOutcome }) {
  if (outcome.predictedClasses !== 1) return null;
  const allGone = outcome.report.kernelSparsity === 1;
  return (
    <p className="prune-note" data-testid="one-class">
      Every image gets the same answer, class {outcome.commonClass}: {allGone ? 'with all weights gone the input no longer reaches the output, and only the biases decide' : 'too few weights are left for the input to change the answer'}.
      The accuracy, {formatPercent(outcome.accuracy)}, is just the share of {outcome.commonClass}s in the test set: the model has collapsed to one class.
    </p>
  );
}
