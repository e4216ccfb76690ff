import type { MqttRecord } from '../../../../../shared/api/mqtt';

/** Per-topic statistics kept while messages arrive (cheap: one map lookup per message). */
export interface TopicStat {
  count: number;
  last: MqttRecord;
}

export interface TopicNode {
  /** The level's name ("" for an empty level, as in "a//b"). */
  name: string;
  /** The full topic of this level. */
  path: string;
  /** Messages on this exact topic. */
  own: number;
  /** Messages on this topic and every topic below it. */
  total: number;
  last?: MqttRecord;
  children: TopicNode[];
}

/** Builds the tree of topic levels from the flat statistics; children sorted by name. */
export const buildTopicTree = (stats: ReadonlyMap<string, TopicStat>): TopicNode => {
  const root: TopicNode = { name: '', path: '', own: 0, total: 0, children: [] };
  const index = new Map<string, TopicNode>();
  for (const [topic, stat] of stats) {
    let node = root;
    let path = '';
    const levels = topic.split('/');
    levels.forEach((level, depth) => {
      path = depth === 0 ? level : `${path}/${level}`;
      let child = index.get(path);
      if (!child) {
        child = { name: level, path, own: 0, total: 0, children: [] };
        index.set(path, child);
        node.children.push(child);
      }
      child.total += stat.count;
      node = child;
    });
    node.own += stat.count;
    node.last = stat.last;
    root.total += stat.count;
  }
  const sort = (n: TopicNode) => {
    n.children.sort((a, b) => a.name.localeCompare(b.name));
    n.children.forEach(sort);
  };
  sort(root);
  return root;
};
