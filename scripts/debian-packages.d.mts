export function canInstallDebianPackages(): boolean;
export function installDebianPackages(packages: string[], options?: { log?: (line: string) => void }): void;
