import type { FindingView } from '../../../shared/findings';
import { monaco } from '../ui/monacoSetup';

export interface FindingCardHandlers {
  fix(finding: FindingView): void;
  dismiss(finding: FindingView, dismissed: boolean): void;
  openFix(finding: FindingView): void;
}

/** Room for the one-line card under a finding's last line. */
const ZONE_HEIGHT = 36;

// The overview ruler is painted on a canvas, so it takes colours, not CSS variables; these
// match findings.css.
const RULER: Record<FindingView['priority'], { color: string; darkColor: string }> = {
  0: { color: '#c4202b', darkColor: '#ff6b6b' },
  1: { color: '#b5470a', darkColor: '#f2994a' },
  2: { color: '#8a6100', darkColor: '#e3b341' },
  3: { color: '#4b5a6e', darkColor: '#9fb0c4' },
};
const QUIET_RULER = { color: '#8c8c95', darkColor: '#6e6e78' };

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#]/g, '\\$&');
}

function button(text: string, className: string, title: string, disabled: boolean, onClick: () => void): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = `btn btn-sm ${className}`;
  element.textContent = text;
  element.title = title;
  element.disabled = disabled;
  element.addEventListener('click', onClick);
  return element;
}

/** A card on screen: the view zone that makes room for it under the lines, and the overlay widget that holds it. */
interface ShownCard {
  zoneId: string;
  widget: monaco.editor.IOverlayWidget;
  node: HTMLElement;
}

/**
 * A review's findings on the new side of the diff: their lines tinted by priority, a marker in
 * the glyph margin whose hover tells the finding, a mark in the overview ruler, and a card under
 * the last line with "Fix this" and "Dismiss". The card is an overlay widget kept over a view
 * zone, as Monaco's own peek views are: the text layer lies above view zones and would take
 * their clicks. Call `clear` before the editor changes model: decorations belong to a model,
 * and the view zones to the view of one.
 */
export class FindingMarkers {
  private readonly decorations: monaco.editor.IEditorDecorationsCollection;
  private readonly layoutChanges: monaco.IDisposable;
  private shown: ShownCard[] = [];

  constructor(
    private readonly editor: monaco.editor.ICodeEditor,
    private readonly handlers: () => FindingCardHandlers | null,
  ) {
    this.decorations = editor.createDecorationsCollection();
    this.layoutChanges = editor.onDidLayoutChange(() => this.placeCards());
  }

  /** Marks these findings; `busy` names the one an action is running on, whose buttons then wait. */
  set(findings: readonly FindingView[], busy: string | null): void {
    const lastLine = this.editor.getModel()?.getLineCount() ?? 0;
    const kept = findings.filter((f) => f.startLine <= lastLine);
    this.decorations.set(
      kept.flatMap((f) => {
        const quiet = f.status === 'dismissed';
        const tint = quiet ? 'finding-quiet' : `finding-p${f.priority}`;
        const end = Math.min(f.endLine, lastLine);
        return [
          {
            range: new monaco.Range(f.startLine, 1, end, 1),
            options: { isWholeLine: true, className: `tv-finding-line ${tint}`, overviewRuler: { ...(quiet ? QUIET_RULER : RULER[f.priority]), position: monaco.editor.OverviewRulerLane.Right } },
          },
          {
            range: new monaco.Range(f.startLine, 1, f.startLine, 1),
            options: {
              glyphMarginClassName: `tv-finding-glyph ${tint}`,
              glyphMarginHoverMessage: { value: `**P${f.priority} · ${escapeMarkdown(f.title)}**\n\n${f.body}` },
            },
          },
        ];
      }),
    );
    this.editor.changeViewZones((zones) => {
      this.removeCards(zones);
      this.shown = kept.map((f) => {
        const node = this.card(f, busy);
        // Off screen until the zone says where it is.
        node.style.top = '-1000px';
        const zoneId = zones.addZone({
          afterLineNumber: Math.min(f.endLine, lastLine),
          heightInPx: ZONE_HEIGHT,
          domNode: document.createElement('div'),
          onDomNodeTop: (top) => {
            node.style.top = `${top}px`;
          },
        });
        const widget: monaco.editor.IOverlayWidget = { getId: () => `codebay.finding.${zoneId}`, getDomNode: () => node, getPosition: () => null };
        this.editor.addOverlayWidget(widget);
        return { zoneId, widget, node };
      });
    });
    this.placeCards();
  }

  clear(): void {
    this.decorations.clear();
    if (this.shown.length > 0) this.editor.changeViewZones((zones) => this.removeCards(zones));
  }

  dispose(): void {
    this.clear();
    this.layoutChanges.dispose();
  }

  private removeCards(zones: monaco.editor.IViewZoneChangeAccessor): void {
    for (const card of this.shown) {
      zones.removeZone(card.zoneId);
      this.editor.removeOverlayWidget(card.widget);
    }
    this.shown = [];
  }

  /** Over the text, clear of the gutter and the scrollbar, as wide as the text area. */
  private placeCards(): void {
    const info = this.editor.getLayoutInfo();
    const width = Math.max(0, info.width - info.contentLeft - info.minimap.minimapWidth - info.verticalScrollbarWidth);
    for (const { node } of this.shown) {
      node.style.left = `${info.contentLeft}px`;
      node.style.width = `${width}px`;
    }
  }

  /** "P1 · title" and the finding's actions, built from text only: the title is the reviewer's. */
  private card(f: FindingView, busy: string | null): HTMLElement {
    const zone = document.createElement('div');
    zone.className = 'tv-finding-zone';
    zone.style.height = `${ZONE_HEIGHT}px`;
    const card = document.createElement('div');
    card.className = `tv-finding-card ${f.status === 'dismissed' ? 'finding-quiet is-quiet' : `finding-p${f.priority}`}`;
    card.dataset.findingId = f.id;
    card.dataset.status = f.status;
    card.setAttribute('role', 'group');
    card.setAttribute('aria-label', `P${f.priority} finding: ${f.title}`);
    // The editor would take a press here for a selection in the text.
    card.addEventListener('mousedown', (e) => e.stopPropagation());
    const priority = document.createElement('span');
    priority.className = 'finding-priority';
    priority.textContent = `P${f.priority}`;
    const title = document.createElement('span');
    title.className = 'tv-finding-card-title';
    title.textContent = f.title;
    title.title = f.title;
    card.append(priority, title);
    const waiting = busy !== null;
    const on = (): FindingCardHandlers | null => this.handlers();
    if (f.status === 'open') card.append(button('Fix this', 'btn-primary', 'Have the agent fix this in a Code turn', waiting, () => on()?.fix(f)));
    if (f.status === 'fixing') card.append(button('Open the fix', 'btn-secondary', 'Show the task that is fixing it', false, () => on()?.openFix(f)));
    if (f.status !== 'fixing') {
      const dismissed = f.status === 'dismissed';
      card.append(button(dismissed ? 'Reopen' : 'Dismiss', 'btn-ghost', dismissed ? 'List it as open again' : 'Not worth fixing: keep it listed, quieted', waiting, () => on()?.dismiss(f, !dismissed)));
    }
    zone.append(card);
    return zone;
  }
}
