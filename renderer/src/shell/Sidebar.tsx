import type { ReactNode } from 'react';
import { useDoctor } from '../state/doctorStore';
import { type Route, navigate, useRouter } from '../state/router';
import { Icon, type IconName } from '../ui/Icon';
import { shortcutLabel } from '../ui/keys';

interface NavItemProps {
  icon: IconName;
  label: string;
  target: Route;
  current: boolean;
  shortcut?: string;
  children?: ReactNode;
}

function NavItem({ icon, label, target, current, shortcut, children }: NavItemProps) {
  return (
    <button
      type="button"
      className={`nav-item${current ? ' is-current' : ''}`}
      aria-current={current ? 'page' : undefined}
      title={shortcut ? `${label} (${shortcutLabel(shortcut)})` : label}
      onClick={() => navigate(target)}
    >
      <Icon name={icon} />
      <span className="nav-label">{label}</span>
      {children}
    </button>
  );
}

function DoctorDot() {
  const status = useDoctor((state) => state.status);
  const ok = useDoctor((state) => state.report?.ok);
  const state = status === 'checking' || status === 'idle' ? 'checking' : status === 'failed' || !ok ? 'bad' : 'ok';
  const text = state === 'checking' ? 'checking' : state === 'ok' ? 'all good' : 'needs attention';
  return (
    <span className={`status-dot dot-${state}`} role="img" aria-label={`System check: ${text}`} title={`System check: ${text}`} />
  );
}

/** The app's navigation; the system check's dot is always in view. */
export function Sidebar({ onHelp }: { onHelp: () => void }) {
  const route = useRouter((state) => state.route);
  const onTasks = route.name === 'home' || route.name === 'task';
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Codebay
      </div>
      <nav aria-label="Main" className="nav">
        <NavItem icon="tasks" label="Tasks" target={{ name: 'home' }} current={onTasks} shortcut="G T" />
        <NavItem icon="box" label="Environments" target={{ name: 'environments' }} current={route.name === 'environments'} shortcut="G E" />
        <NavItem icon="gear" label="Settings" target={{ name: 'settings' }} current={route.name === 'settings'} shortcut="G S" />
      </nav>
      <div className="sidebar-foot">
        <NavItem icon="pulse" label="System check" target={{ name: 'doctor' }} current={route.name === 'doctor'}>
          <DoctorDot />
        </NavItem>
        <button type="button" className="nav-item" onClick={onHelp} title="Keyboard shortcuts (?)">
          <Icon name="keyboard" />
          <span className="nav-label">Shortcuts</span>
          <kbd className="kbd kbd-quiet">?</kbd>
        </button>
      </div>
    </aside>
  );
}
