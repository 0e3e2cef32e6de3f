import { useState } from 'react';
import { resetProgress, useProgress } from '../widgets/lesson';

/** Export and reset of the reader's saved progress (kept in this browser only). */
export function ProgressPanel() {
  const progress = useProgress();
  const [confirming, setConfirming] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const any = Object.keys(progress.lessons).length > 0;

  function exportProgress() {
    if (link) URL.revokeObjectURL(link);
    setLink(URL.createObjectURL(new Blob([JSON.stringify(progress, null, 2)], { type: 'application/json' })));
  }

  return (
    <section className="progress-panel" aria-labelledby="progress-h">
      <h2 id="progress-h">Your progress</h2>
      <p className="muted">
        Kept in this browser only (localStorage); nothing is sent anywhere. Each lesson above shows
        its exercises done, the widgets you used and whether you read it to the end.
      </p>
      <div className="progress-actions">
        <button type="button" onClick={exportProgress} disabled={!any}>Export my progress</button>
        {link && <a href={link} download="compression-lab-progress.json">Download compression-lab-progress.json</a>}
        {!confirming ? (
          <button type="button" onClick={() => setConfirming(true)} disabled={!any}>Reset my progress…</button>
        ) : (
          <span role="group" aria-label="Confirm the reset">
            Erase all saved progress?{' '}
            <button type="button" className="danger" onClick={() => { resetProgress(); setConfirming(false); setLink(null); }}>Yes, erase it</button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>Keep it</button>
          </span>
        )}
      </div>
    </section>
  );
}
