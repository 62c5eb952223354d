import { useEffect } from 'react';
import { useDoctor } from '../state/doctorStore';
import { navigate, useRouter } from '../state/router';

/**
 * Runs the system check at start. The task list shows at once; when the check
 * finds a problem and the user has not moved on yet, the doctor screen takes
 * its place, with a way to continue anyway.
 */
export function useFirstRun(): void {
  useEffect(() => {
    void useDoctor
      .getState()
      .run()
      .then((report) => {
        const { route, history } = useRouter.getState();
        const untouched = route.name === 'home' && history.length === 0;
        if (untouched && (!report || !report.ok)) navigate({ name: 'doctor' });
      });
  }, []);
}
