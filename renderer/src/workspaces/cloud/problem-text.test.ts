import { afterAll, describe, expect, it } from 'vitest';
import { CLOUDS, CLOUD_IDS } from '../../../../shared/cloud';
import { collectFieldProblems, type FieldProblem } from '../../../../shared/cloud/validate';
import { i18next } from '../../i18n';
import { problemText } from './problem-text';

const NOW = Date.UTC(2026, 0, 1);
/** Three English words in a row: a sentence left untranslated. */
const ENGLISH = /\b[A-Za-z]{2,}[ ,]+[a-z]{2,}[ ,]+[a-z]{2,}\b/;

/** Every refusal a cloud's form can make from empty fields and from junk typed into every field. */
const refusals = (cloud: (typeof CLOUD_IDS)[number]): FieldProblem[] => {
  const empty = Object.fromEntries(CLOUDS[cloud].fields.map((f) => [f.id, '']));
  const junk = Object.fromEntries(CLOUDS[cloud].fields.map((f) => [f.id, '?? !|']));
  const compute = (input: Record<string, string>) => collectFieldProblems(() => CLOUDS[cloud].compute(input, NOW));
  return [...compute(empty), ...compute(junk), ...compute({ ...junk, keepalive: '99999', port: '70000' })];
};

describe('cloud form refusals in Chinese', () => {
  afterAll(() => i18next.changeLanguage('en'));

  it.each(CLOUD_IDS.map((id) => [id]))('%s: every refusal has a key and a zh text without English', (id) => {
    const problems = refusals(id);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.key, problem.message).toBeTruthy();
      const zh = problemText(problem, CLOUDS[id], 'zh');
      expect(zh, problem.message).not.toBe(problem.message);
      expect(zh, `${problem.message} → ${zh}`).not.toMatch(ENGLISH);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      // English stays the validation's own sentence (what the CLI prints).
      expect(problemText(problem, CLOUDS[id], 'en')).toBe(problem.message);
    }
  });

  it('a required field is named by its Chinese label', () => {
    const [problem] = collectFieldProblems(() => CLOUDS.aliyun.compute({ productKey: '' }, NOW));
    expect(problemText(problem!, CLOUDS.aliyun, 'zh')).toBe('请填写ProductKey（产品标识）：从云平台控制台复制。');
  });

  it('a problem without a key keeps its English sentence', () => {
    expect(problemText({ field: 'x', message: 'Plain English.' }, CLOUDS.aliyun, 'zh')).toBe('Plain English.');
  });
});
