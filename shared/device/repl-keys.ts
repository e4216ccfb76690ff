/**
 * The keys MicroPython's REPL acts on (shared/runtime/pyexec.c), as bytes on the module's UART: the host's protocol,
 * the terminal and the simulated module all speak these. Ctrl-A enters the raw REPL (and in raw-paste grants a
 * window of credit), Ctrl-B returns to the friendly REPL, Ctrl-C interrupts, Ctrl-D ends input (a soft reset at an
 * empty prompt), Ctrl-E starts paste mode (raw-paste when it follows Ctrl-A).
 */
export const CTRL_A = 0x01;
export const CTRL_B = 0x02;
export const CTRL_C = 0x03;
export const CTRL_D = 0x04;
export const CTRL_E = 0x05;
