import { memo, type MouseEvent } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { type Citation, lineRangeText, linkCitations, parseCitationHref } from './citations';
import './agentMarkdown.css';

// Models write GitHub's markdown: tables, task lists, strikethrough.
const REMARK_PLUGINS = [remarkGfm];

interface AgentMarkdownProps {
  text: string;
  /** How a command citation is labelled, e.g. by its command line. */
  commandLabel: (callId: string) => string;
  onCitation: (citation: Citation) => void;
}

function citationLabel(c: Citation, commandLabel: (callId: string) => string): string {
  return c.kind === 'file' ? `${c.path}:${lineRangeText(c).slice(1)}` : `${commandLabel(c.callId)} · ${lineRangeText(c)}`;
}

/** An agent message as GitHub-flavoured markdown (no raw HTML), its citations as links into the diff and the log. */
export const AgentMarkdown = memo(function AgentMarkdown({ text, commandLabel, onCitation }: AgentMarkdownProps) {
  const components: Components = {
    // A wide table scrolls on its own instead of widening the conversation.
    table: ({ node: _node, ...props }) => (
      <div className="tv-table-wrap">
        <table {...props} />
      </div>
    ),
    a: ({ href, children }) => {
      const citation = parseCitationHref(href);
      if (citation) {
        const open = (e: MouseEvent): void => {
          e.preventDefault();
          onCitation(citation);
        };
        return (
          <a href={href} className={`tv-cite tv-cite-${citation.kind}`} onClick={open} title={citation.kind === 'file' ? 'Show these lines of the file' : 'Show in the log'}>
            {children}
          </a>
        );
      }
      return (
        <a
          href={href}
          onClick={(e) => {
            e.preventDefault();
            if (href) window.open(href, '_blank', 'noopener');
          }}
        >
          {children}
        </a>
      );
    },
  };
  return (
    <div className="tv-markdown">
      <Markdown remarkPlugins={REMARK_PLUGINS} components={components}>{linkCitations(text, (c) => citationLabel(c, commandLabel))}</Markdown>
    </div>
  );
});
