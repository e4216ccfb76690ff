/** What the start guard needs from Electron, injected so it runs (and is tested) without Electron. */
export interface StartFailureDeps {
  /** dialog.showErrorBox: works before and after `ready`, blocks until the user closes it. */
  showError(title: string, content: string): void;
  log(line: string): void;
  /** Ends the app (app.exit(1)): with no window there is nothing else to show. */
  quit(): void;
}

export const START_FAILURE_TITLE = 'QPY Studio could not start';

/**
 * Runs the Electron start-up; a failure is logged with its stack, shown in a dialog that says what happened
 * and what to check, and the app exits instead of lingering with no window and no message.
 */
export const runStart = async (start: () => Promise<void>, deps: StartFailureDeps): Promise<boolean> => {
  try {
    await start();
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log(`[qpy] start failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    try {
      deps.showError(
        START_FAILURE_TITLE,
        `${message}\n\nCheck that the data folder is writable and not used by another copy of the app, then start it again.`,
      );
    } catch (dialogError) {
      deps.log(`[qpy] could not show the error dialog: ${(dialogError as Error).message}`);
    }
    deps.quit();
    return false;
  }
};
