import { DoctorPanel } from './DoctorPanel';

export function App() {
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Codebay</span>
      </header>
      <main className="content">
        <DoctorPanel />
      </main>
    </div>
  );
}
