export function findExecutable(candidates: readonly string[]): string | undefined;
export function canInstallDebianPackages(): boolean;
export function installDebianPackages(packages: string[], options?: { log?: (line: string) => void }): void;
export function freePort(): Promise<number>;
export function onProcessEnd(cleanup: (signal?: NodeJS.Signals) => void): () => void;
