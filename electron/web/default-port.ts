/** Browser mode's HTTP port when none is asked for (the next free one if busy). */
export const DEFAULT_WEB_PORT = 7860;
