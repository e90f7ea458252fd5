import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { queryClient } from './platform/useEndpoint.ts';
import { LoginPage } from './screens/login/LoginPage.tsx';

// Each screen is its own chunk: the wall does not download the console's or the leader's code (ExcelJS,
// the full ECharts), nor they the wall's.
const WallPage = lazy(() => import('./screens/wall/WallPage.tsx').then((m) => ({ default: m.WallPage })));
const DispatchPage = lazy(() => import('./screens/dispatch/DispatchPage.tsx').then((m) => ({ default: m.DispatchPage })));
const LeaderPage = lazy(() => import('./screens/leader/LeaderPage.tsx').then((m) => ({ default: m.LeaderPage })));
const AssessmentPage = lazy(() => import('./screens/assessment/AssessmentPage.tsx').then((m) => ({ default: m.AssessmentPage })));
const AssessmentPrintPage = lazy(() => import('./screens/assessment/PrintPage.tsx').then((m) => ({ default: m.PrintPage })));
const AdminPage = lazy(() => import('./screens/admin/AdminPage.tsx').then((m) => ({ default: m.AdminPage })));
const FieldPage = lazy(() => import('./screens/field/FieldPage.tsx').then((m) => ({ default: m.FieldPage })));

/** One page per screen, chosen by path; each screen loads what it needs. */
export function App() {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const page = (() => {
    switch (path) {
      case '/login':
        return <LoginPage />;
      case '/wall':
        return <WallPage />;
      case '/dispatch':
        return <DispatchPage />;
      case '/leader':
        return <LeaderPage />;
      case '/assessment':
        return <AssessmentPage />;
      case '/assessment/print':
        return <AssessmentPrintPage />;
      case '/admin':
        return <AdminPage />;
      case '/field':
        return <FieldPage />;
      default:
        location.replace('/wall');
        return null;
    }
  })();
  return (
    <QueryClientProvider client={queryClient}>
      <Suspense fallback={<div className="loading">…</div>}>{page}</Suspense>
    </QueryClientProvider>
  );
}
