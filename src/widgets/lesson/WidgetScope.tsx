import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { FieldValidity, FieldValidityContext } from '../input/validity';
import { LinkReport, LinkReportContext, type Refusal } from '../linkReport';
import { useClearUrlKeys } from '../urlState';
import { ErrorBoundary } from './ErrorBoundary';

const ECHO_CHARS = 24;
const cut = (text: string) => (text.length > ECHO_CHARS ? `${text.slice(0, ECHO_CHARS)}…` : text);

/** Each link value the widget did not use: which, why, and what it shows instead. */
function RefusalList({ refusals }: { refusals: readonly Refusal[] }) {
  return (
    <ul>
      {refusals.map((r) => (
        <li key={r.key}>
          <code>{r.key}={cut(r.text)}</code> was ignored: {r.message} Showing {r.shown === '' ? 'the default' : <code>{cut(r.shown)}</code>} instead.
        </li>
      ))}
    </ul>
  );
}

/**
 * The frame every widget of a lesson is rendered in (added around each one by
 * scripts/rehype-widget-scopes.ts). It tells the reader which values of the link the widget
 * refused; catches what the widget throws, so the rest of the lesson keeps working, and offers
 * Retry and a reset that clears the widget's URL keys; and lets the widget's Run button wait
 * for its number fields (useFieldsValid).
 */
export function WidgetScope({ children }: { children: ReactNode }) {
  const [report] = useState(() => new LinkReport());
  const [validity] = useState(() => new FieldValidity());
  const live = useSyncExternalStore(report.subscribe, report.getSnapshot);
  const clear = useClearUrlKeys();
  const noted = report.noted();

  return (
    <div className="widget-scope" data-url-keys={noted.keys.join(' ')}>
      <LinkReportContext.Provider value={report}>
        <FieldValidityContext.Provider value={validity}>
          {live.refusals.length > 0 && (
            <div role="status" className="link-notice">
              <p><strong>This link set {live.refusals.length === 1 ? 'a value' : 'values'} the widget below cannot use.</strong></p>
              <RefusalList refusals={live.refusals} />
              <button type="button" onClick={() => clear(live.refusals.map((r) => r.key))}>Remove {live.refusals.length === 1 ? 'it' : 'them'} from the link</button>
            </div>
          )}
          <ErrorBoundary
            fallback={(error, retry) => {
              const { keys, refusals } = report.noted();
              return (
                <section className="widget widget-failed" aria-label="A widget that stopped">
                  <div role="alert">
                    <p><strong>This widget stopped:</strong> {error.message}</p>
                    {refusals.length > 0 && <><p>The link gave it values it cannot use:</p><RefusalList refusals={refusals} /></>}
                    <p>The rest of the lesson still works.</p>
                  </div>
                  <button type="button" onClick={retry}>Retry</button>{' '}
                  <button type="button" className="primary" onClick={() => { clear(keys); retry(); }} disabled={keys.length === 0}>
                    Reset this widget
                  </button>
                  {keys.length > 0 && <p className="muted">Reset removes {keys.map((k) => <code key={k}>{k} </code>)}from the link.</p>}
                </section>
              );
            }}
          >
            {children}
          </ErrorBoundary>
        </FieldValidityContext.Provider>
      </LinkReportContext.Provider>
    </div>
  );
}
