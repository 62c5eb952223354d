import { useEffect, useRef } from 'react';
import { useDoctor } from '../state/doctorStore';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';

/** Builds the sandbox image from the doctor screen, showing the build's output as it comes. */
export function ImageBuild() {
  const build = useDoctor((state) => state.build);
  const progress = useDoctor((state) => state.progress);
  const buildImage = useDoctor((state) => state.buildImage);
  const log = useRef<HTMLPreElement>(null);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [progress]);
  return (
    <div className="image-build">
      <div className="check-action">
        <Button variant="primary" size="sm" busy={build.status === 'building'} onClick={() => void buildImage()}>
          {build.status === 'building' ? 'Building image…' : 'Build image'}
        </Button>
        {build.status === 'building' && <span className="muted">This takes a few minutes the first time; you can keep working meanwhile.</span>}
      </div>
      {progress.length > 0 && (
        <pre ref={log} className="build-log" aria-label="Image build output" tabIndex={0}>
          {progress.join('\n')}
        </pre>
      )}
      {build.status === 'done' && <Alert kind="success">{build.summary}</Alert>}
      {build.status === 'failed' && <Alert>{build.message}</Alert>}
    </div>
  );
}
