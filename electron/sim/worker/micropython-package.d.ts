declare module '@micropython/micropython-webassembly-pyscript' {
  export const loadMicroPython: (options: object) => Promise<unknown>;
}
