import { DispatchPage } from './dispatch/DispatchPage.tsx';
import { LeaderPage } from './leader/LeaderPage.tsx';
import { LoginPage } from './login/LoginPage.tsx';
import { ComingPage } from './pages/ComingPage.tsx';
import { WallPage } from './wall/WallPage.tsx';

/** One page per screen, chosen by path; each screen loads what it needs. */
export function App() {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  switch (path) {
    case '/login':
      return <LoginPage />;
    case '/wall':
      return <WallPage />;
    case '/dispatch':
      return <DispatchPage />;
    case '/leader':
      return <LeaderPage />;
    case '/field':
      return <ComingPage view="field" />;
    default:
      location.replace('/wall');
      return null;
  }
}
