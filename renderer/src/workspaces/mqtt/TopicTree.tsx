import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { activeTopics, logActions } from '../../stores/mqttLog';
import { previewPayload } from './logic/payload-view';
import { buildTopicTree, type TopicNode } from './logic/topic-tree';

const REFRESH_MS = 500;

const Node = ({ node, depth, onPick }: { node: TopicNode; depth: number; onPick(node: TopicNode): void }) => {
  const [open, setOpen] = useState(depth < 2);
  const hasChildren = node.children.length > 0;
  return (
    <li>
      <div className="mqtt-tree-row" style={{ paddingLeft: depth * 12 }} data-testid="topic-node" data-path={node.path}>
        <button
          type="button"
          className="json-caret mqtt-tree-caret"
          onClick={() => setOpen(!open)}
          disabled={!hasChildren}
          aria-expanded={open}
        >
          {hasChildren ? (open ? '▾' : '▸') : '·'}
        </button>
        <button
          type="button"
          className="mqtt-tree-name mono"
          translate="no"
          onClick={() => onPick(node)}
          title={node.path}
        >
          {node.name === '' ? '∅' : node.name}
        </button>
        <span className="badge" title={node.own !== node.total ? `${node.own} / ${node.total}` : undefined}>
          {node.total}
        </span>
        {node.last ? (
          <span className="mqtt-tree-last mono muted" translate="no">
            {previewPayload(node.last.payload, 'auto', 60)}
          </span>
        ) : null}
      </div>
      {open && hasChildren ? (
        <ul>
          {node.children.map((c) => (
            <Node key={c.path} node={c} depth={depth + 1} onPick={onPick} />
          ))}
        </ul>
      ) : null}
    </li>
  );
};

/** Every topic seen on this connection as a tree of levels, with message counts and the last value. */
export const TopicTree = ({ onPickTopic }: { onPickTopic(topic: string): void }) => {
  const { t } = useTranslation('mqtt');
  const [tree, setTree] = useState(() => buildTopicTree(activeTopics()));
  useEffect(() => {
    const timer = setInterval(() => setTree(buildTopicTree(activeTopics())), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  if (tree.children.length === 0) return <p className="muted small">{t('topics.empty')}</p>;
  return (
    <ul className="mqtt-tree" data-testid="topic-tree">
      {tree.children.map((c) => (
        <Node
          key={c.path}
          node={c}
          depth={0}
          onPick={(node) => {
            if (node.last) {
              logActions.select(node.last);
              onPickTopic(node.path);
            }
          }}
        />
      ))}
    </ul>
  );
};
