import { Link, Outlet, useSearchParams } from 'react-router-dom';
import { OfflineStatus } from './OfflineStatus';
import { useTheme } from './theme';

export function Layout() {
  const [theme, toggleTheme] = useTheme();
  const [params] = useSearchParams();
  const presenting = params.get('present') === '1';
  return (
    <div className={presenting ? 'shell presenting' : 'shell'}>
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      {!presenting && (
        <header className="site-header">
          <Link to="/" className="site-title">Compression Lab</Link>
          <nav aria-label="Site">
            <OfflineStatus />
            <button type="button" className="theme-toggle" onClick={toggleTheme} aria-pressed={theme === 'dark'}>
              {theme === 'dark' ? 'Light theme' : 'Dark theme'}
            </button>
          </nav>
        </header>
      )}
      <Outlet />
    </div>
  );
}
