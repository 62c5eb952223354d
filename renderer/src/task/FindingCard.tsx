import type { FindingView } from '../../../shared/findings';
import { Button } from '../ui/Button';
import { AgentMarkdown } from './AgentMarkdown';
import type { Citation } from './citations';
import { confidenceText, findingPlace } from './findingFormat';
import { PriorityBadge } from './PriorityBadge';
import type { FindingActions } from './useFindingActions';

interface FindingCardProps {
  finding: FindingView;
  actions: FindingActions;
  onShow: (finding: FindingView) => void;
  onCitation: (citation: Citation) => void;
}

const STATUS_TEXT: Record<FindingView['status'], string | null> = { open: null, dismissed: 'Dismissed', fixing: 'Being fixed' };

const commandLabel = (callId: string): string => callId;

/** One finding: how much it matters, what and where it is, the reviewer's explanation, and what to do about it. */
export function FindingCard({ finding, actions, onShow, onCitation }: FindingCardProps) {
  const place = findingPlace(finding);
  const confidence = confidenceText(finding.confidence);
  const status = STATUS_TEXT[finding.status];
  const waiting = actions.busy !== null;
  return (
    <article className={`finding is-${finding.status}`} aria-label={`P${finding.priority} finding: ${finding.title}`} data-finding-id={finding.id}>
      <header className="finding-head">
        <PriorityBadge priority={finding.priority} />
        <h3 className="finding-title">{finding.title}</h3>
        {status && <span className="badge">{status}</span>}
      </header>
      <div className="finding-meta">
        <button type="button" className="finding-place" title="Show these lines in the diff" onClick={() => onShow(finding)}>
          {place}
        </button>
        {confidence && <span title="How sure the reviewer is">Confidence {confidence}</span>}
      </div>
      {finding.body.trim() !== '' && <AgentMarkdown text={finding.body} commandLabel={commandLabel} onCitation={onCitation} />}
      <div className="finding-actions">
        {finding.status === 'open' && (
          <Button
            size="sm"
            variant="primary"
            busy={actions.busy === finding.id}
            disabled={waiting}
            tip="Have the agent fix this in a Code turn"
            onClick={() => actions.fix(finding)}
          >
            Fix this
          </Button>
        )}
        {finding.status === 'fixing' && finding.fixTaskId && (
          <Button size="sm" onClick={() => actions.openFix(finding)} tip="Show the task that is fixing it">
            Open the fix
          </Button>
        )}
        {finding.status !== 'fixing' && (
          <Button
            size="sm"
            variant="ghost"
            disabled={waiting}
            tip={finding.status === 'dismissed' ? 'List it as open again' : 'Not worth fixing: keep it listed, quieted'}
            onClick={() => actions.dismiss(finding, finding.status !== 'dismissed')}
          >
            {finding.status === 'dismissed' ? 'Reopen' : 'Dismiss'}
          </Button>
        )}
      </div>
    </article>
  );
}
