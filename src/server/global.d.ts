/** webpack's `global` (the Apps Script global object); only src/server/main.ts assigns to it. */
declare const global: Record<string, unknown>;
