import type { ReactNode } from 'react';
import { ErrorBoundary as Boundary } from '../widgets/lesson/ErrorBoundary';

/** Shows a readable message instead of a blank page when something below it throws. */
export function ErrorBoundary({ children, what }: { children: ReactNode; what: string }) {
  return (
    <Boundary
      fallback={(error, retry) => (
        <div role="alert" className="error-box">
          <p><strong>Something went wrong in {what}.</strong> {error.message}</p>
          <button type="button" onClick={retry}>Try again</button>
        </div>
      )}
    >
      {children}
    </Boundary>
  );
}
