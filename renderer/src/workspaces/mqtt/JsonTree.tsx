import { useState } from 'react';

const preview = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.length}]`;
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).length}}`;
  return JSON.stringify(value) ?? String(value);
};

const JsonNode = ({
  name,
  value,
  depth,
  openDepth,
}: {
  name: string;
  value: unknown;
  depth: number;
  openDepth: number;
}) => {
  const isBranch = value !== null && typeof value === 'object';
  const [open, setOpen] = useState(depth < openDepth);
  if (!isBranch) {
    return (
      <li className="json-leaf">
        <span className="json-key">{name}</span>
        <span className={`json-value json-${value === null ? 'null' : typeof value}`}>{preview(value)}</span>
      </li>
    );
  }
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value as Record<string, unknown>);
  return (
    <li className="json-branch">
      <button type="button" className="json-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span className="json-caret">{open ? '▾' : '▸'}</span>
        <span className="json-key">{name}</span>
        <span className="muted">{preview(value)}</span>
      </button>
      {open ? (
        <ul>
          {entries.slice(0, 1000).map(([k, v]) => (
            <JsonNode key={k} name={k} value={v} depth={depth + 1} openDepth={openDepth} />
          ))}
          {entries.length > 1000 ? <li className="muted">… {entries.length - 1000}</li> : null}
        </ul>
      ) : null}
    </li>
  );
};

/** A collapsible view of parsed JSON; branches deeper than `openDepth` start closed. */
export const JsonTree = ({ value, openDepth = 2 }: { value: unknown; openDepth?: number }) => (
  <ul className="json-tree" data-testid="json-tree">
    <JsonNode name="$" value={value} depth={0} openDepth={openDepth} />
  </ul>
);
