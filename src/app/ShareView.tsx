import { QRCodeSVG } from 'qrcode.react';
import { useId, useState } from 'react';
import { useLocation } from 'react-router-dom';

/**
 * "Share this view": the page's link, which holds every widget's state and the slide, as a QR
 * code large enough to scan from the back of a lecture room and as text to copy. Students who
 * open it see exactly what is on the projector.
 */
export function ShareView() {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const panel = useId();
  // Re-rendered on every change of the route or its query, so the link is always the current one.
  useLocation();
  const href = typeof window === 'undefined' ? '' : window.location.href;

  const copy = () => {
    navigator.clipboard?.writeText(href).then(() => setCopied('yes'), () => setCopied('no')) ?? setCopied('no');
  };

  return (
    <>
      <button type="button" aria-expanded={open} aria-controls={panel} onClick={() => { setOpen(!open); setCopied(null); }}>
        {open ? 'Hide the link' : 'Share this view'}
      </button>
      {open && (
        <div id={panel} className="share-view" role="group" aria-label="Link to this view">
          <QRCodeSVG value={href} size={224} marginSize={2} level="M" title="QR code of the link to this view" className="share-qr" />
          <div className="share-text">
            <label>
              Link to this lesson with every widget as it is now
              <input type="text" readOnly value={href} onFocus={(e) => e.currentTarget.select()} />
            </label>
            <button type="button" onClick={copy}>Copy the link</button>
            <span role="status" className="muted">
              {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'This browser did not allow copying: select the link and copy it.' : ''}
            </span>
          </div>
        </div>
      )}
    </>
  );
}
