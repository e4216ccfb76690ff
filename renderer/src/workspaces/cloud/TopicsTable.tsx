import { useTranslation } from 'react-i18next';
import type { CloudTopic } from '../../../../shared/cloud';
import { CopyButton } from './CopyButton';

/** The cloud's topics for this device: direction, topic (and the filter to subscribe with), what it is for. */
export const TopicsTable = ({ topics }: { topics: CloudTopic[] }) => {
  const { t, i18n } = useTranslation('cloud');
  const zh = i18n.language.startsWith('zh');
  if (topics.length === 0) return <p className="muted small">{t('topics.none')}</p>;
  return (
    <table className="topics-table" data-testid="topics-table">
      <thead>
        <tr>
          <th className="col-dir">{t('topics.direction')}</th>
          <th>{t('topics.topic')}</th>
          <th className="col-desc">{t('topics.description')}</th>
        </tr>
      </thead>
      <tbody>
        {topics.map((topic) => {
          const subscribeWith =
            topic.direction === 'down' && topic.filter && topic.filter !== topic.topic ? topic.filter : undefined;
          return (
            <tr key={`${topic.direction}-${topic.name}`} data-testid={`topic-${topic.name}`}>
              <td className="col-dir">
                <span className={`dir dir-${topic.direction}`}>
                  {topic.direction === 'up' ? t('topics.up') : t('topics.down')}
                </span>
              </td>
              <td>
                <div className="topic-cell">
                  <code className="topic-text">{topic.topic}</code>
                  <CopyButton text={topic.topic} label={topic.topic} testId={`copy-topic-${topic.name}`} />
                </div>
                {subscribeWith ? (
                  <div className="topic-cell muted small">
                    {t('topics.subscribeWith')} <code className="topic-text">{subscribeWith}</code>
                    <CopyButton text={subscribeWith} label={subscribeWith} />
                  </div>
                ) : null}
              </td>
              <td className="small">{zh ? topic.description.zh : topic.description.en}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
};
