/** The slice of the WebAssembly JS API the simulator uses (the node tsconfig has no DOM/WebAssembly lib types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

interface WasmInstance {
  exports: Record<string, unknown>;
}

export type WasmModule = object;

interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(source: WasmModule, imports?: object): Promise<WasmInstance>;
}

export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
