import type { Page } from 'playwright-core';

/** When, on the page's clock, one round of the edit, save, run loop reached each step (bench/device-ui.bench.ts). */
interface LoopRound {
  pressed?: number;
  saved?: number;
  output?: number;
}

/**
 * Arms the page for one round: the time of the next Ctrl+S key press, of the tab's save (its unsaved dot goes),
 * and of `marker` showing in the terminal, all on the page's clock. (A string, as the page has no Node types.)
 */
export const armRound = (page: Page, marker: string) =>
  page.evaluate(`(() => {
    const wanted = ${JSON.stringify(marker)};
    const round = {};
    window.qpyRound = round;
    const onKey = (e) => {
      if (e.ctrlKey && e.key === 's' && round.pressed === undefined) round.pressed = performance.now();
    };
    window.addEventListener('keydown', onKey, true);
    const rows = document.querySelector('[data-testid=terminal] .xterm-rows');
    const observer = new MutationObserver(() => {
      if (round.pressed !== undefined && round.saved === undefined && !document.querySelector('[data-testid=dirty-dot]'))
        round.saved = performance.now();
      if (round.output === undefined && rows.innerText.includes(wanted)) {
        round.output = performance.now();
        observer.disconnect();
        window.removeEventListener('keydown', onKey, true);
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);

const pageRound = () => (globalThis as unknown as { qpyRound: LoopRound }).qpyRound;

export const readRound = (page: Page): Promise<LoopRound> => page.evaluate(pageRound);

/** Resolves once the round's output is in the terminal. */
export const roundDone = (page: Page, timeoutMs: number) =>
  page.waitForFunction(
    () => (globalThis as unknown as { qpyRound: LoopRound }).qpyRound.output !== undefined,
    undefined,
    {
      timeout: timeoutMs,
    },
  );
