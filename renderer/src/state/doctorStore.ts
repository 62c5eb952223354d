import { create } from 'zustand';
import type { DoctorReport } from '../../../shared/types';
import { bridge } from '../bridge';
import { errorMessage } from '../ui/errorMessage';

const PROGRESS_LINES_KEPT = 500;

export type BuildState =
  | { status: 'idle' }
  | { status: 'building' }
  | { status: 'done'; summary: string }
  | { status: 'failed'; message: string };

interface DoctorState {
  status: 'idle' | 'checking' | 'done' | 'failed';
  report: DoctorReport | null;
  error: string | null;
  build: BuildState;
  /** The image build's output, newest last. */
  progress: string[];
  run(): Promise<DoctorReport | null>;
  /** Runs the check again in the background: the last report stays shown until the new one is in. */
  recheck(): Promise<void>;
  buildImage(): Promise<void>;
  addProgress(lines: string[]): void;
}

// Checks may overlap (a change made while one runs); only the one started last is shown.
let latestCheck = 0;

/** The system check, shared by the first-run gate, the sidebar dot and the doctor screen. */
export const useDoctor = create<DoctorState>()((set, get) => {
  const check = async (): Promise<DoctorReport | null> => {
    const mine = ++latestCheck;
    try {
      const report = await bridge.call('doctor.run', {});
      if (mine === latestCheck) set({ status: 'done', report, error: null });
      return report;
    } catch (error) {
      if (mine === latestCheck) set({ status: 'failed', error: errorMessage(error) });
      return null;
    }
  };
  return {
    status: 'idle',
    report: null,
    error: null,
    build: { status: 'idle' },
    progress: [],
    run: async () => {
      set({ status: 'checking', error: null });
      return check();
    },
    recheck: async () => {
      await check();
    },
    buildImage: async () => {
      if (get().build.status === 'building') return;
      set({ build: { status: 'building' }, progress: [] });
      try {
        const built = await bridge.call('image.build', {});
        const how = built.method === 'present' ? 'was already built' : `built in ${built.seconds}s (${built.method})`;
        set({ build: { status: 'done', summary: `Sandbox image ${built.tag} ${how}.` } });
      } catch (error) {
        set({ build: { status: 'failed', message: errorMessage(error) } });
      }
      await get().run();
    },
    addProgress: (lines) => set((state) => ({ progress: [...state.progress, ...lines].slice(-PROGRESS_LINES_KEPT) })),
  };
});
