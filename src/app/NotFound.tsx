import { Link } from 'react-router-dom';

export function NotFound() {
  return (
    <main id="main" className="page">
      <h1>Page not found</h1>
      <p>There is no page at this address. <Link to="/">Back to the lessons</Link>.</p>
    </main>
  );
}
